// Serverless Framework: fixture pairs, the bundler trap, provider vs function placement, variables.
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { lambdaLogicalId, serverlessFormat } from "../../src/iac/serverless";
import { formatCases, removedLines, runFormat } from "./format-fixtures";

const path = "serverless.yml";

describe("serverless fixtures", () => {
  for (const c of formatCases("serverless")) {
    it(`${c.name}: migrates to the expected output`, async () => {
      const result = await runFormat(serverlessFormat, path, c.input, c);
      expect(result.text).toBe(c.output);
    });

    it(`${c.name}: output parses, only runtime/arch/layer/esbuild lines change, non-Node functions stay`, () => {
      const after = parseDocument(c.output);
      expect(after.errors).toEqual([]);
      for (const line of removedLines(c.input, c.output)) {
        expect(line).toMatch(/^\s*(runtime|architecture|format|memorySize|layers):|^\s*layers: \[/);
      }
      const before = parseDocument(c.input).toJS().functions as Record<string, { runtime?: string }>;
      const migrated = after.toJS().functions as Record<string, unknown>;
      for (const [name, fn] of Object.entries(before)) {
        if (fn.runtime && !fn.runtime.startsWith("nodejs")) expect(migrated[name]).toEqual(fn);
      }
    });

    it(`${c.name}: a second run changes nothing`, async () => {
      const again = await runFormat(serverlessFormat, path, c.output, c);
      expect(again.text).toBe(c.output);
      expect(again.functions.length).toBeGreaterThan(0);
    });
  }
});

describe("serverless rules", () => {
  it("names the generated function resources as the framework does", () => {
    expect(lambdaLogicalId("hello")).toBe("HelloLambdaFunction");
    expect(lambdaLogicalId("orders-api")).toBe("OrdersDashapiLambdaFunction");
    expect(lambdaLogicalId("report_job")).toBe("ReportUnderscorejobLambdaFunction");
  });

  it("keeps the Node runtime for serverless-esbuild and overrides the deployed one", async () => {
    const c = formatCases("serverless").find((x) => x.name === "esbuild-plugin")!;
    const doc = parseDocument((await runFormat(serverlessFormat, path, c.input, c)).text).toJS();
    expect(doc.provider.runtime).toBe("nodejs20.x");
    expect(doc.resources.extensions.HelloLambdaFunction.Properties.Runtime).toBe("provided.al2023");
    expect(doc.resources.extensions.OrdersDashapiLambdaFunction.Properties.Runtime).toBe("provided.al2023");
    expect(doc.resources.extensions.ReportUnderscorejobLambdaFunction).toBeUndefined();
    expect(doc.custom.esbuild).toMatchObject({ format: "esm", target: "es2023", outputFileExtension: ".mjs" });
    expect(doc.custom.esbuild.exclude).toEqual(expect.arrayContaining(["@aws-sdk/*", "@smithy/*"]));
    // A Python function inherits the provider's x86_64 default: arm64 goes on the Node functions only.
    expect(doc.provider.architecture).toBeUndefined();
    expect(doc.functions.hello.architecture).toBe("arm64");
    expect(doc.functions.report_job.architecture).toBeUndefined();
  });

  it("without a bundler sets provided.al2023 and repeats provider layers on functions that get their own", async () => {
    const c = formatCases("serverless").find((x) => x.name === "no-bundler")!;
    const doc = parseDocument((await runFormat(serverlessFormat, path, c.input, c)).text).toJS();
    expect(doc.provider.runtime).toBe("provided.al2023");
    expect(doc.functions.resize.runtime).toBe("provided.al2023");
    expect(doc.functions.ocr).toEqual({ handler: "ocr/main.handler", runtime: "python3.12" });
    expect(doc.functions.notify.layers).toEqual([
      "arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils:3",
      "arn:aws:lambda:eu-west-1:123456789012:layer:llrt-arm64:5",
    ]);
    expect(doc.functions.notify.memorySize).toBe(256);
    expect(doc.provider.memorySize).toBe(512);
  });

  it("gives a function no own layers when it already inherits the LLRT layer from the provider", async () => {
    // provider.layers holds LLRT already (set by hand); a Python function shares the provider's settings.
    const input = "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  layers:\n    - \"${param:llrtLayerArn}\"\nfunctions:\n  a:\n    handler: a.handler\n  py:\n    handler: py.handler\n    runtime: python3.12\n";
    const result = await runFormat(serverlessFormat, path, input, { options: {}, files: ["a.mjs"] });
    const doc = parseDocument(result.text).toJS();
    expect(doc.functions.a.layers).toBeUndefined();
    expect(doc.provider.layers).toEqual(["${param:llrtLayerArn}"]);
  });

  it("puts settings on the provider when every function moves", async () => {
    const input = "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: a.handler\n  b:\n    handler: b.handler\n";
    const result = await runFormat(serverlessFormat, path, input, { options: { llrtLayerArn: "arn:aws:lambda:us-east-1:1:layer:llrt:1" }, files: ["a.mjs", "b.mjs"] });
    expect(result.text).toBe(
      "service: s\nprovider:\n  name: aws\n  runtime: provided.al2023\n  architecture: arm64\n  layers:\n    - arn:aws:lambda:us-east-1:1:layer:llrt:1\nfunctions:\n  a:\n    handler: a.handler\n  b:\n    handler: b.handler\n",
    );
    expect(result.functions.map((f) => [f.name, f.entry])).toEqual([["a", "a.mjs"], ["b", "b.mjs"]]);
  });

  it("with bootstrap delivery adds no layer and says where the bootstrap goes", async () => {
    const input = "provider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: a.handler\n";
    const result = await runFormat(serverlessFormat, path, input, { options: { llrtDelivery: "bootstrap" }, files: ["a.mjs"] });
    expect(result.text).not.toContain("layers");
    expect(result.findings.map((f) => f.message).join("\n")).toMatch(/bootstrap/);
  });

  it("leaves ${...} variables alone and warns", async () => {
    const input = "provider:\n  name: aws\n  runtime: ${self:custom.runtime}\nfunctions:\n  a:\n    handler: a.handler\n";
    const result = await runFormat(serverlessFormat, path, input, { options: {}, files: ["a.mjs"] });
    expect(result.text).toBe(input);
    expect(result.findings).toEqual([expect.objectContaining({ severity: "warning", line: 3, message: expect.stringContaining("${self:custom.runtime}") })]);
  });

  it("skips a function marked llrt-migrate-ignore or excluded, and keeps the provider runtime for it", async () => {
    const input = "provider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: a.handler\n  # llrt-migrate-ignore\n  b:\n    handler: b.handler\n  c:\n    handler: legacy/c.handler\n";
    const result = await runFormat(serverlessFormat, path, input, { options: { exclude: ["legacy/**"], llrtDelivery: "bootstrap" }, files: ["a.mjs", "b.mjs", "legacy/c.mjs"] });
    expect(result.text).toBe(
      "provider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: a.handler\n    runtime: provided.al2023\n    architecture: arm64\n  # llrt-migrate-ignore\n  b:\n    handler: b.handler\n  c:\n    handler: legacy/c.handler\n",
    );
    expect(result.functions.map((f) => [f.name, f.skipped ?? false])).toEqual([["a", false], ["b", true], ["c", true]]);
  });

  it("rejects broken YAML with a line number", async () => {
    await expect(runFormat(serverlessFormat, path, "provider:\n  runtime: [nodejs20.x\n", { options: {}, files: [] })).rejects.toThrow(/line \d+/);
  });
});

describe("serverless layer limit", () => {
  it("does not add a sixth layer (Lambda allows five) and says so", async () => {
    const layers = [1, 2, 3, 4, 5].map((n) => `      - arn:aws:lambda:eu-west-1:123456789012:layer:l${n}:1\n`).join("");
    const text = `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  full:\n    handler: src/full.handler\n    layers:\n${layers}  room:\n    handler: src/room.handler\n`;
    const result = await runFormat(serverlessFormat, path, text, { options: { llrtLayerArn: "arn:llrt" }, files: ["src/full.mjs", "src/room.mjs"] });
    const doc = parseDocument(result.text).toJS();
    expect(doc.functions.full.layers).toHaveLength(5);
    expect(doc.provider.layers).toEqual(["arn:llrt"]); // room inherits it
    expect(result.findings).toContainEqual(expect.objectContaining({ severity: "warning", line: 9, message: expect.stringContaining("full already has 5 layers") }));
  });
});
