import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import { loadFixtureProject } from "../helpers";

const externalOf = (template: string, fn: string) =>
  parseDocument(template).getIn(["Resources", fn, "Metadata", "BuildProperties", "External"]) as { toJSON(): unknown } | undefined;

describe("SAM esbuild External and clients LLRT does not have", () => {
  it("narrows External for the function that imports a client missing from the bundle, and only for it", async () => {
    const result = await migrateProject(loadFixtureProject("sdk-v2-app"));
    const template = result.changes.find((c) => c.path === "template.yaml")!.after;
    // notify.js uses Kinesis (not in std), Lambda and SQS (in std): Kinesis must be bundled.
    expect(externalOf(template, "NotifyFunction")?.toJSON()).toEqual(["@aws-sdk/client-lambda", "@aws-sdk/client-sqs"]);
    expect(externalOf(template, "OrdersFunction")?.toJSON()).toEqual(["@aws-sdk", "@smithy"]);
    expect(parseDocument(template).errors).toEqual([]);
    const note = result.findings.find((f) => f.rule === "sam-sdk-externals");
    expect(note).toMatchObject({ severity: "info", file: "template.yaml" });
    expect(note?.message).toContain("@aws-sdk/client-kinesis");
  });

  it("keeps @aws-sdk external when the chosen variant has every client the code imports", async () => {
    const result = await migrateProject(loadFixtureProject("sdk-v2-app"), { variant: "full-sdk" });
    const template = result.changes.find((c) => c.path === "template.yaml")!.after;
    expect(externalOf(template, "NotifyFunction")?.toJSON()).toEqual(["@aws-sdk", "@smithy"]);
    expect(result.findings.filter((f) => f.rule === "sam-sdk-externals")).toEqual([]);
  });

  it("keeps the user's other externals and a flow list's style", async () => {
    const template = [
      "Transform: AWS::Serverless-2016-10-31",
      "Resources:",
      "  Fn:",
      "    Type: AWS::Serverless::Function",
      "    Properties:",
      "      Runtime: nodejs20.x",
      "      Handler: app.handler",
      "    Metadata:",
      "      BuildMethod: esbuild",
      "      BuildProperties:",
      '        External: ["@aws-sdk", "@smithy", "sharp"]  # native, shipped in a layer',
      "        EntryPoints: [app.mjs]",
      "",
    ].join("\n");
    const code = "import { KinesisClient } from '@aws-sdk/client-kinesis';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => [KinesisClient, S3Client];\n";
    const result = await migrateProject(new Project([["template.yaml", template], ["app.mjs", code]]), { llrtLayerArn: "arn:aws:lambda:us-east-1:123456789012:layer:llrt:1" });
    const after = result.changes.find((c) => c.path === "template.yaml")!.after;
    expect(after).toContain('        External: ["sharp", "@aws-sdk/client-s3"]  # native, shipped in a layer\n');
  });
});
