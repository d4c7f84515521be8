// CDK: fixture pairs, the standalone jscodeshift transform, entry discovery, and the dependency rule.
import jscodeshift from "jscodeshift";
import { describe, expect, it } from "vitest";
import transform from "../../transforms/cdk-llrt";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import { cdkFormat } from "../../src/iac/cdk";
import { formatCases, removedLines, runFormat } from "./format-fixtures";

const path = "lib/stack.ts";

describe("cdk fixtures", () => {
  for (const c of formatCases("cdk")) {
    it(`${c.name}: migrates to the expected output`, async () => {
      expect((await runFormat(cdkFormat, path, c.input, c)).text).toBe(c.output);
    });

    it(`${c.name}: output parses as TypeScript and only construct settings change`, () => {
      expect(() => jscodeshift.withParser("ts")(c.output)).not.toThrow();
      const outputLines = c.output.split("\n");
      for (const line of removedLines(c.input, c.output)) {
        // A last property that gained a comma (new properties follow it) keeps its code and comment.
        const code = line.replace(/\s*(\/\/.*|\/\*.*\*\/)\s*$/, "").replace(/\s*\}\);$/, "");
        if (outputLines.some((out) => out.startsWith(`${code},`))) continue;
        expect(line).toMatch(/^import .* from "aws-cdk-lib\/aws-lambda(-nodejs)?";$|new [\w.]*(NodejsFunction|Function)\(|^\s*(runtime|architecture|layers):/);
      }
      expect(c.output).not.toMatch(/NODEJS_\d/);
    });

    it(`${c.name}: the standalone transform gives the same output`, () => {
      const api = { jscodeshift, j: jscodeshift, stats: () => {}, report: () => {} };
      const out = transform({ path, source: c.input }, api as never, c.options as never);
      expect(out).toBe(c.output);
    });

    it(`${c.name}: a second run changes nothing`, async () => {
      const again = await runFormat(cdkFormat, path, c.output, c);
      expect(again.text).toBe(c.output);
    });
  }

  it("finds entries from path.join(__dirname), app-root strings and Code.fromAsset directories", async () => {
    const byName = async (name: string) => {
      const c = formatCases("cdk").find((x) => x.name === name)!;
      return (await runFormat(cdkFormat, path, c.input, c)).functions.map((f) => [f.name, f.handler, f.entry, f.runtime.before]);
    };
    expect(await byName("nodejs-function")).toEqual([
      ["GetUser", "get-user.main", "src/get-user.ts", "nodejs20.x"],
      ["PutUser", "put-user.handler", "src/put-user.ts", null],
    ]);
    expect(await byName("lambda-function")).toEqual([
      ["Worker", "worker.handler", "dist/worker/worker.js", "nodejs22.x"],
      ["Cleanup", "index.handler", "dist/cleanup/index.js", "nodejs (latest)"],
    ]);
  });
});

describe("cdk LLRT release pin", () => {
  const text = 'import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\nnew NodejsFunction(this, "Fn", { entry: "src/fn.ts" });\n';
  const pinned = async (llrtVersion?: string) => {
    const result = await runFormat(cdkFormat, "stack.ts", text, { options: llrtVersion ? { llrtVersion } : {}, files: ["src/fn.ts"] });
    return { pin: /llrtVersion: "([^"]+)"/.exec(result.text)?.[1], warnings: [...result.findings, ...result.functions.flatMap((f) => f.findings)].filter((f) => f.severity === "warning") };
  };

  it("pins the release the analysis checked against (--llrt-version), by default the newest published one", async () => {
    expect(await pinned()).toEqual({ pin: "v0.8.1-beta", warnings: [] });
    expect(await pinned("0.8.1-beta")).toEqual({ pin: "v0.8.1-beta", warnings: [] });
  });

  it("pins the newest published release for an unreleased snapshot (nothing to download), and says so", async () => {
    const { pin, warnings } = await pinned("main-2026-08-21");
    expect(pin).toBe("v0.8.1-beta");
    expect(warnings).toEqual([expect.objectContaining({ message: expect.stringMatching(/main-2026-08-21 is not a published LLRT release.*v0\.8\.1-beta/) })]);
  });
});

describe("cdk opt-out", () => {
  it("leaves a construct marked llrt-migrate-ignore or excluded as it is, and lists it as skipped", async () => {
    const text = 'import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\n' +
      '// llrt-migrate-ignore: needs Node streams\nnew NodejsFunction(this, "A", { entry: "src/a.ts" });\n' +
      'new NodejsFunction(this, "B", { entry: "legacy/b.ts" });\nnew NodejsFunction(this, "C", { entry: "src/c.ts" });\n';
    const result = await runFormat(cdkFormat, "stack.ts", text, { options: { exclude: ["legacy/**"] }, files: ["src/a.ts", "legacy/b.ts", "src/c.ts"] });
    expect(result.text).toBe(text.replace('import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\n', 'import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\nimport { Architecture } from "aws-cdk-lib/aws-lambda";\nimport { LlrtFunction } from "cdk-lambda-llrt";\n')
      .replace('new NodejsFunction(this, "C", { entry: "src/c.ts" })', 'new LlrtFunction(this, "C", { entry: "src/c.ts", architecture: Architecture.ARM_64, useLambdaLayer: true, llrtVersion: "v0.8.1-beta" })'));
    expect(result.functions.map((f) => [f.name, f.skipped ?? false])).toEqual([["A", true], ["B", true], ["C", false]]);
  });
});

describe("cdk projects", () => {
  const stack = 'import { Stack } from "aws-cdk-lib";\nimport { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\n\n' +
    "export class S extends Stack {\n  constructor(scope: any, id: string) {\n    super(scope, id);\n    new NodejsFunction(this, \"Fn\", { entry: \"src/fn.ts\" });\n  }\n}\n" +
    // Looks like a callback handler: code rules must not touch the stack file.
    "export const handler = (event: unknown, context: unknown, callback: (e: null, r: number) => void) => callback(null, 1);\n";
  const project = new Project([
    ["package.json", '{\n  "name": "app",\n  "dependencies": {\n    "aws-cdk-lib": "^2.150.0"\n  }\n}\n'],
    ["lib/stack.ts", stack],
    ["src/fn.ts", "export const handler = async () => ({ ok: true });\n"],
  ]);

  it("adds cdk-lambda-llrt to package.json, leaves the stack to the CDK format, and is idempotent", async () => {
    const first = await migrateProject(project);
    const after = new Map(first.changes.map((c) => [c.path, c.after]));
    expect(after.get("package.json")).toBe('{\n  "name": "app",\n  "dependencies": {\n    "aws-cdk-lib": "^2.150.0",\n    "cdk-lambda-llrt": "^0.1.4"\n  }\n}\n');
    expect(after.get("lib/stack.ts")).toContain('new LlrtFunction(this, "Fn", { entry: "src/fn.ts", architecture: Architecture.ARM_64, useLambdaLayer: true, llrtVersion: "v0.8.1-beta" });');
    expect(after.get("lib/stack.ts")).toContain("=> callback(null, 1);");
    expect(first.files.find((f) => f.path === "lib/stack.ts")?.rules).toEqual(["cdk-llrt"]);
    expect(first.functions).toEqual([expect.objectContaining({ name: "Fn", source: "cdk", entry: "src/fn.ts" })]);

    const migrated = project.clone();
    for (const [p, text] of after) migrated.write(p, text!);
    expect((await migrateProject(migrated)).changes).toEqual([]);
  });
});

describe("cdk inline code", () => {
  it("leaves a Node.js lambda.Function with Code.fromInline on Node (CloudFormation takes ZipFile only with Node.js or Python) and says why", async () => {
    const text = 'import * as lambda from "aws-cdk-lib/aws-lambda";\n\n' +
      'new lambda.Function(this, "Inline", {\n  runtime: lambda.Runtime.NODEJS_20_X,\n  handler: "index.handler",\n' +
      '  code: lambda.Code.fromInline("exports.handler = async () => 1;"),\n});\n';
    const result = await runFormat(cdkFormat, path, text, { options: {}, files: [] });
    expect(result.text).toBe(text);
    expect(result.functions).toEqual([expect.objectContaining({ name: "Inline", runtime: { before: "nodejs20.x", after: "nodejs20.x" } })]);
    expect(result.functions[0].findings).toEqual([expect.objectContaining({ severity: "warning", line: 3, message: expect.stringContaining("inline code") })]);
  });

  it("builds the LLRT layer from the release asset of the chosen architecture and variant", async () => {
    const c = formatCases("cdk").find((x) => x.name === "lambda-function")!;
    const out = await runFormat(cdkFormat, path, c.input, { ...c, options: { ...c.options, llrtLayerArn: undefined, arch: "x86_64", variant: "full-sdk" } });
    expect(out.text).toContain('Code.fromAsset("llrt-lambda-x64-full-sdk.zip")');
    expect(out.text).not.toContain("llrt-lambda-arm64");
  });

  it("moves a runtime held in a const of the same file (const NODE = lambda.Runtime.NODEJS_20_X)", async () => {
    const text = 'import * as lambda from "aws-cdk-lib/aws-lambda";\n\nconst NODE = lambda.Runtime.NODEJS_20_X;\n\n' +
      'new lambda.Function(this, "Api", {\n  runtime: NODE,\n  handler: "index.handler",\n  code: lambda.Code.fromAsset("lambda/api"),\n});\n';
    const c = { options: { llrtLayerArn: "arn:aws:lambda:us-east-1:123456789012:layer:llrt:1" }, files: ["lambda/api/index.mjs"] };
    const result = await runFormat(cdkFormat, path, text, c);
    expect(result.text).toContain("  runtime: lambda.Runtime.PROVIDED_AL2023,\n");
    expect(result.functions).toEqual([expect.objectContaining({ name: "Api", entry: "lambda/api/index.mjs", runtime: { before: "nodejs20.x", after: "provided.al2023" } })]);
    const again = await runFormat(cdkFormat, path, result.text, c);
    expect(again.text).toBe(result.text);
    expect(again.functions.map((f) => f.name)).toEqual(["Api"]);
  });

  it("warns about a runtime it cannot evaluate (a parameter, an import) and leaves the construct", async () => {
    const text = 'import * as lambda from "aws-cdk-lib/aws-lambda";\n\nexport function api(scope: any, runtime: lambda.Runtime) {\n' +
      '  return new lambda.Function(scope, "Api", {\n    runtime,\n    handler: "index.handler",\n    code: lambda.Code.fromAsset("lambda/api"),\n  });\n}\n';
    const result = await runFormat(cdkFormat, path, text, { options: {}, files: ["lambda/api/index.mjs"] });
    expect(result.text).toBe(text);
    expect(result.functions).toEqual([expect.objectContaining({ name: "Api", runtime: { before: "runtime", after: "runtime" } })]);
    expect(result.functions[0].findings).toEqual([expect.objectContaining({ severity: "warning", line: 5, message: expect.stringContaining("`runtime`, which llrt-migrate cannot evaluate") })]);
  });
});

describe("cdk edits in any file layout", () => {
  const arn = { llrtLayerArn: "arn:aws:lambda:us-east-1:123456789012:layer:llrt:1" };

  it("keeps CRLF line endings and a BOM, and edits at the right offsets", async () => {
    const lf = '\uFEFFimport * as lambda from "aws-cdk-lib/aws-lambda";\n\nnew lambda.Function(this, "Api", {\n\truntime: lambda.Runtime.NODEJS_20_X,\n\thandler: "index.handler",\n\tcode: lambda.Code.fromAsset("lambda/api")\n});\n';
    const text = lf.replace(/\n/g, "\r\n");
    const result = await runFormat(cdkFormat, path, text, { options: arn, files: ["lambda/api/index.mjs"] });
    expect(result.text).toBe(
      '\uFEFFimport * as lambda from "aws-cdk-lib/aws-lambda";\r\n\r\nconst llrtLayer =\r\n\t(this.node.tryFindChild("LlrtLayer") as lambda.ILayerVersion | undefined) ??\r\n\tlambda.LayerVersion.fromLayerVersionArn(this, "LlrtLayer", "arn:aws:lambda:us-east-1:123456789012:layer:llrt:1");\r\n\r\n' +
      'new lambda.Function(this, "Api", {\r\n\truntime: lambda.Runtime.PROVIDED_AL2023,\r\n\thandler: "index.handler",\r\n\tcode: lambda.Code.fromAsset("lambda/api"),\r\n\tarchitecture: lambda.Architecture.ARM_64,\r\n\tlayers: [llrtLayer]\r\n});\r\n');
  });

  it("adds props to a NodejsFunction that has none, with its default entry written out", async () => {
    const text = 'import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\n\nnew NodejsFunction(this, "Fn");\n';
    const result = await runFormat(cdkFormat, path, text, { options: {}, files: ["lib/stack.Fn.ts"] });
    expect(result.text).toBe('import { Architecture } from "aws-cdk-lib/aws-lambda";\nimport * as path from "path";\nimport { LlrtFunction } from "cdk-lambda-llrt";\n\n' +
      'new LlrtFunction(this, "Fn", { entry: path.join(__dirname, "stack.Fn.ts"), architecture: Architecture.ARM_64, useLambdaLayer: true, llrtVersion: "v0.8.1-beta" });\n');
    expect(result.functions).toEqual([expect.objectContaining({ name: "Fn", entry: "lib/stack.Fn.ts", runtime: { before: null, after: "provided.al2023" } })]);
  });

  it("migrates a CommonJS stack (require) with require, not import", async () => {
    const text = 'const { Stack } = require("aws-cdk-lib");\nconst lambda = require("aws-cdk-lib/aws-lambda");\nconst { NodejsFunction } = require("aws-cdk-lib/aws-lambda-nodejs");\n\n' +
      'new NodejsFunction(this, "Fn", { entry: "src/fn.js" });\nnew lambda.Function(this, "Old", { runtime: lambda.Runtime.NODEJS_14_X, handler: "index.handler", code: lambda.Code.fromAsset("src") });\n';
    const result = await runFormat(cdkFormat, "lib/stack.js", text, { options: arn, files: ["src/fn.js", "src/index.js"] });
    expect(result.text).toContain('const { NodejsFunction } = require("aws-cdk-lib/aws-lambda-nodejs");\nconst { LlrtFunction } = require("cdk-lambda-llrt");\n');
    expect(result.text).toContain('new LlrtFunction(this, "Fn", { entry: "src/fn.js", architecture: lambda.Architecture.ARM_64, useLambdaLayer: true, llrtVersion: "v0.8.1-beta" });');
    expect(result.text).toContain("runtime: lambda.Runtime.PROVIDED_AL2023,");
    expect(result.text).not.toMatch(/^import /m);
    expect(result.functions.map((f) => [f.name, f.runtime.after])).toEqual([["Fn", "provided.al2023"], ["Old", "provided.al2023"]]);
  });

  it("lists CDK v1 functions with a finding each and leaves them on Node", async () => {
    const text = 'import * as cdk from "@aws-cdk/core";\nimport * as lambda from "@aws-cdk/aws-lambda";\nimport { NodejsFunction } from "@aws-cdk/aws-lambda-nodejs";\n\n' +
      'new lambda.Function(this, "Old", { runtime: lambda.Runtime.NODEJS_14_X, handler: "index.handler", code: lambda.Code.fromAsset("src") });\nnew NodejsFunction(this, "Fn", { entry: "src/fn.ts" });\n';
    const result = await runFormat(cdkFormat, path, text, { options: {}, files: ["src/index.js", "src/fn.ts"] });
    expect(result.text).toBe(text);
    expect(result.functions.map((f) => [f.name, f.runtime.before, f.runtime.after])).toEqual([["Old", "nodejs14.x", "nodejs14.x"], ["Fn", null, null]]);
    for (const fn of result.functions) expect(fn.findings).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringContaining("CDK v1") })]);
  });

  it("keeps a function whose code is in S3 on its runtime unless migrateUnchecked", async () => {
    const text = 'import * as lambda from "aws-cdk-lib/aws-lambda";\nimport * as s3 from "aws-cdk-lib/aws-s3";\n\nconst bucket = s3.Bucket.fromBucketName(this, "B", "b");\n' +
      'new lambda.Function(this, "Provider", {\n  runtime: lambda.Runtime.NODEJS_18_X,\n  handler: "index.handler",\n  code: lambda.Code.fromBucket(bucket, "provider.zip"),\n});\n';
    const kept = await runFormat(cdkFormat, path, text, { options: arn, files: [] });
    expect(kept.text).toBe(text);
    expect(kept.functions).toEqual([expect.objectContaining({ name: "Provider", runtime: { before: "nodejs18.x", after: "nodejs18.x" } })]);
    expect(kept.functions[0].findings).toEqual([expect.objectContaining({ severity: "warning", message: expect.stringMatching(/stays on nodejs18\.x: code not checked: its package comes from S3/), fix: expect.stringContaining("--migrate-unchecked") })]);
    const moved = await runFormat(cdkFormat, path, text, { options: { ...arn, migrateUnchecked: true }, files: [] });
    expect(moved.text).toContain("runtime: lambda.Runtime.PROVIDED_AL2023,");
    expect(moved.functions[0].runtime.after).toBe("provided.al2023");
  });
});

describe("cdk NodejsFunction runtime as the last property", () => {
  it.each([
    ['{ entry: "src/fn.ts", runtime: Runtime.NODEJS_20_X }', '{ entry: "src/fn.ts", architecture: Architecture.ARM_64, useLambdaLayer: true, llrtVersion: "v0.8.1-beta" }'],
    ['{\n  entry: "src/fn.ts",\n  runtime: Runtime.NODEJS_20_X\n}', '{\n  entry: "src/fn.ts",\n  architecture: Architecture.ARM_64,\n  useLambdaLayer: true,\n  llrtVersion: "v0.8.1-beta",\n}'],
  ])("removes it and adds the new properties after the last kept one: %s", async (props, expected) => {
    const text = `import { Runtime } from "aws-cdk-lib/aws-lambda";\nimport { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";\n\nnew NodejsFunction(this, "Fn", ${props});\n`;
    const result = await runFormat(cdkFormat, path, text, { options: {}, files: ["src/fn.ts"] });
    expect(result.text).toBe(`import { Runtime, Architecture } from "aws-cdk-lib/aws-lambda";\nimport { LlrtFunction } from "cdk-lambda-llrt";\n\nnew LlrtFunction(this, "Fn", ${expected});\n`);
  });
});
