// End to end on fixtures/projects/sdk-v2-app: a SAM service on AWS SDK v2 (S3 trigger with a
// presigned URL, DocumentClient CRUD, Secrets Manager, SNS, SQS, Lambda invoke, a Kinesis client
// LLRT does not embed, a callback handler) migrated with the default rules.
import jscodeshift from "jscodeshift";
import { describe, expect, it } from "vitest";
import { isCodeFile, parserFor } from "../../src/engine/code-rule";
import { migrateProject } from "../../src/engine/migrate";
import type { MigrationResult } from "../../src/engine/types";
import { loadFixtureProject } from "../helpers";

const v2Import = /(?:require\s*\(\s*|from\s+|import\s+)["']aws-sdk(?:\/[^"']*)?["']/;

describe("sdk-v2-app", () => {
  const project = loadFixtureProject("sdk-v2-app");
  let result: MigrationResult;
  const changed = (path: string) => result.changes.find((c) => c.path === path)?.after ?? "";

  it("converts every handler to SDK v3, leaving no v2 import and code that parses", async () => {
    result = await migrateProject(project, { variant: "std" });
    const code = result.changes.filter((c) => isCodeFile(c.path));
    expect(code.map((c) => c.path).sort()).toEqual(["src/notify.js", "src/orders.js", "src/thumbnail.js"]);
    for (const { path, after } of code) {
      expect(after, path).not.toMatch(v2Import);
      expect(() => jscodeshift.withParser(parserFor(path))(after), path).not.toThrow();
    }
    expect(changed("src/orders.js")).toContain("const db = DynamoDBDocument.from(new DynamoDB());");
    // The entry file is CommonJS in a .js file, which LLRT loads as ESM: module-format converts it too.
    expect(changed("src/orders.js")).toContain("import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';");
    expect(changed("src/thumbnail.js")).toContain("await object.Body.transformToString('utf-8')");
    expect(changed("src/thumbnail.js")).toContain("await getSignedUrl(s3, new GetObjectCommand(");
    expect(changed("src/notify.js")).toContain("JSON.parse(new TextDecoder().decode(response.Payload))");
  });

  it("edits package.json minimally: aws-sdk out, embedded clients as devDependencies, the rest as dependencies", () => {
    const before = project.read("package.json")!;
    const after = JSON.parse(changed("package.json")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(after.dependencies).toEqual({ uuid: "^9.0.1", "@aws-sdk/client-kinesis": "3.1057.0" });
    expect(after.devDependencies["jest"]).toBe("^29.7.0");
    expect(after.devDependencies["@aws-sdk/client-s3"]).toBe("3.1057.0");
    expect(after.devDependencies["@aws-sdk/lib-dynamodb"]).toBe("3.1057.0");
    expect(Object.keys(after.devDependencies)).not.toContain("@aws-sdk/client-kinesis");
    // The untouched lines keep their text and order.
    expect(changed("package.json").startsWith(before.slice(0, before.indexOf('"dependencies"')))).toBe(true);
    expect(result.findings.find((f) => f.file === "package.json" && f.message.includes("Removed `aws-sdk`"))).toMatchObject({ line: 6 });
  });

  it("reports what needs a human on the lines the user has", () => {
    const kinesis = result.findings.find((f) => f.rule === "sdk-bundled-clients");
    expect(kinesis).toMatchObject({ file: "src/notify.js", severity: "warning", line: 2 });
    expect(result.findings.find((f) => f.file === "src/notify.js" && f.rule === "handler-async")).toMatchObject({ severity: "info", line: 8 });
    expect(result.findings.find((f) => f.file === "src/thumbnail.js" && f.message.includes("AWS.config"))).toMatchObject({ line: 4 });
    expect(result.findings.find((f) => f.file === "src/thumbnail.js" && f.rule === "sdk-response-bodies")).toMatchObject({ line: 12, column: 18 });
  });

  it("does not blame the converted code for the v2 SDK it no longer imports", () => {
    // `aws-sdk` is a substring of `@aws-sdk/client-s3`: only the Kinesis client LLRT does not embed needs attention.
    expect(result.findings.filter((f) => f.rule === "llrt-dependencies" && f.severity === "error")).toEqual([]);
    expect(Object.fromEntries(result.functions.map((f) => [f.name, f.verdict]))).toEqual({
      ThumbnailFunction: "ready",
      OrdersFunction: "ready",
      NotifyFunction: "needs-attention",
    });
  });

  it("changes nothing on a second run", async () => {
    const migrated = project.clone();
    for (const change of result.changes) migrated.write(change.path, change.after);
    const again = await migrateProject(migrated, { variant: "std" });
    expect(again.changes.map((c) => c.path)).toEqual([]);
  });
});
