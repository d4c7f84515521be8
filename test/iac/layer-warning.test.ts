// Every format tells the user, with the same weight, that the LLRT layer is theirs to provide.
import { describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { loadFixtureProject } from "../helpers";

const layerArn = "arn:aws:lambda:us-east-1:123456789012:layer:llrt-arm64:3";
const aboutTheLayer = (message: string) => /LLRT layer|LlrtLayer|LayerVersion|llrt_layer_arn|llrtLayerArn/.test(message);

describe.each(["sam-app", "cfn-app", "serverless-app", "cdk-app", "terraform-app"])("%s", (sample) => {
  it("warns that the layer must be provided when no ARN is given", async () => {
    const result = await migrateProject(loadFixtureProject(sample));
    const layerFindings = result.findings.filter((f) => aboutTheLayer(f.message) && f.severity !== "info");
    expect(layerFindings.length).toBeGreaterThan(0);
    expect(layerFindings.every((f) => f.severity === "warning")).toBe(true);
  });

  it("has nothing to ask once --llrt-layer-arn is given", async () => {
    const result = await migrateProject(loadFixtureProject(sample), { llrtLayerArn: layerArn });
    expect(result.findings.filter((f) => aboutTheLayer(f.message) && f.severity === "warning")).toEqual([]);
  });
});
