import { describe, expect, it } from "vitest";
import type { CodeRule } from "../../src/engine/code-rule";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import { handlerAsyncRule } from "../../transforms/handler-async";
import { loadFixtureProject } from "../helpers";

/** The project after applying a result's changes, as a second run would read it. */
function applied(project: Project, changes: Array<{ path: string; after: string }>): Project {
  const next = project.clone();
  for (const c of changes) next.write(c.path, c.after);
  return next;
}

/** A CloudFormation template with two Node.js functions, Reader (src/read) and Streamer (src/stream). */
const readerAndStreamer = "Resources:\n" + [["Reader", "read"], ["Streamer", "stream"]]
  .map(([name, file]) => `  ${name}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: ${file}.handler\n      Code: src/\n`)
  .join("");

describe("migrateProject on the sample SAM app", () => {
  it("discovers the Node functions from the template and moves them to provided.al2023", async () => {
    const result = await migrateProject(loadFixtureProject("sam-app"));
    expect(result.functions).toEqual([
      expect.objectContaining({ name: "HelloFunction", source: "sam", file: "template.yaml", handler: "hello.handler", entry: "src/hello.mjs", verdict: "ready" }),
      expect.objectContaining({ name: "OrdersFunction", entry: "src/orders.mjs", runtime: { before: "nodejs18.x", after: "provided.al2023" } }),
    ]);
    expect(result.changes.map((c) => c.path)).toEqual(["src/orders.mjs", "template.yaml"]);
    expect(result.files.find((f) => f.path === "src/lib/response.mjs")?.status).toBe("unchanged");
  });

  it("is idempotent: a second run over its own output changes nothing", async () => {
    const project = loadFixtureProject("sam-app");
    const first = await migrateProject(project);
    const second = await migrateProject(applied(project, first.changes));
    expect(second.changes).toEqual([]);
    expect(second.summary.filesChanged).toBe(0);
    expect(second.functions.map((f) => f.runtime)).toEqual([
      { before: "provided.al2023", after: "provided.al2023" },
      { before: "provided.al2023", after: "provided.al2023" },
    ]);
  });

  it("reports a file that does not parse, leaves it out of the changes, and migrates the rest", async () => {
    const project = loadFixtureProject("sam-app");
    project.write("src/broken.ts", "export const handler = (event: { a: string) => 1;\n");
    project.write("src/hello.mjs", `import './broken.ts';\n${project.read("src/hello.mjs")}`);
    const result = await migrateProject(project);
    expect(result.files.find((f) => f.path === "src/broken.ts")).toMatchObject({ status: "error", error: expect.stringMatching(/syntax error.*line 1/) });
    expect(result.changes.map((c) => c.path)).toEqual(["src/orders.mjs", "template.yaml"]);
    expect(result.summary.errors).toBe(1);
    // HelloFunction's code cannot be read, so it keeps its runtime; OrdersFunction moves.
    expect(result.functions.map((f) => [f.name, f.verdict, f.runtime.after])).toEqual([
      ["HelloFunction", "blocked", "nodejs18.x"], ["OrdersFunction", "ready", "provided.al2023"],
    ]);
  });

  it("does not read code that no function runs, nor tests and tool configuration", async () => {
    const project = loadFixtureProject("sam-app");
    project.write("src/unused.js", "export const handler = (event: { a: string) => 1;\n");
    project.write("src/lib/response.test.mjs", "const { handler } = require('../hello.mjs');\nexports.handler = (event, context, cb) => cb(null, 1);\n");
    project.write("jest.config.js", "module.exports = { testEnvironment: 'node' };\n");
    project.write("src/orders.mjs", `import '../jest.config.js';\n${project.read("src/orders.mjs")}`);
    const result = await migrateProject(project);
    const files = result.files.map((f) => f.path);
    expect(files).not.toContain("src/unused.js");
    expect(files).not.toContain("src/lib/response.test.mjs");
    expect(result.changes.map((c) => c.path)).toEqual(["src/orders.mjs", "template.yaml"]);
    // A function that imports tool configuration is told that llrt-migrate leaves it as it is.
    expect(result.findings.find((f) => f.file === "jest.config.js")).toMatchObject({ rule: "scope", severity: "warning", functions: ["OrdersFunction"] });
  });

  it("contains a crashing rule to its file and says which rule failed", async () => {
    const crashing: CodeRule = { name: "boom", mayApply: (s) => s.includes("order"), apply: () => { throw new Error("kaput"); } };
    const result = await migrateProject(loadFixtureProject("sam-app"), {}, { codeRules: [crashing, handlerAsyncRule] });
    const orders = result.files.find((f) => f.path === "src/orders.mjs");
    expect(orders).toMatchObject({ status: "error", error: "rule boom failed: kaput" });
    expect(result.changes.map((c) => c.path)).toEqual(["template.yaml"]);
  });

  it("gives a function the verdict of the worst finding in the code its entry reaches", async () => {
    const project = new Project([
      ["index.js", "const { work } = require('./lib/work');\nexports.handler = async (event) => work(event);\n"],
      // The callback handler also returns a call's result, which Node would have awaited if it were a promise.
      ["lib/work.js", "exports.work = (e) => e;\nexports.handler = (event, context, cb) => { setImmediate(() => cb(null, 1)); return exports.work(event); };\n"],
      ["other.js", "exports.handler = async () => 1;\n"],
    ]);
    const result = await migrateProject(project);
    const verdicts = Object.fromEntries(result.functions.map((f) => [f.name, f.verdict]));
    expect(verdicts).toEqual({ "index.handler": "blocked", "lib/work.handler": "blocked", "other.handler": "ready" });
    expect(result.functions.every((f) => f.source === "heuristic")).toBe(true);
    const inWork = result.findings.find((f) => f.file === "lib/work.js" && f.severity === "error");
    expect(inWork?.functions).toEqual(["index.handler", "lib/work.handler"]);
  });

  it("guesses no function where infrastructure declares functions it does not list (a container image, another language)", async () => {
    const handler = "export const lambdaHandler = async (event, context) => ({ statusCode: 200 });\n";
    const image = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      PackageType: Image\n";
    const python = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n";
    const tfImage = 'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  package_type  = "Image"\n  image_uri     = "x"\n  role          = "r"\n}\n';
    for (const [iac, text] of [["template.yaml", image], ["template.yaml", python], ["main.tf", tfImage]]) {
      const result = await migrateProject(new Project([[iac, text], ["hello-world/app.mjs", handler]]));
      expect(result.functions, `${iac}: ${text}`).toEqual([]);
      expect(result.changes).toEqual([]);
    }
  });

  it("counts the parse error of an infrastructure file against the guessed functions in its folder", async () => {
    // The template that names them could not be read: they are found by their exports only, and
    // whether they deploy on LLRT depends on a template nobody checked.
    const handler = "export const handler = async () => ({ statusCode: 200 });\n";
    const project = new Project([
      ["services/a/template.yaml", "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events: [a\n"],
      ["services/a/src/app.mjs", handler],
      ["services/b/app.mjs", handler],
      ["cdk/cdk.json", "{}\n"],
      ["cdk/lib/stack.ts", 'import * as lambda from "aws-cdk-lib/aws-lambda";\nnew lambda.Function(this, "F", {\n'],
      ["cdk/lambda/f/index.mjs", handler],
    ]);
    const result = await migrateProject(project);
    const verdicts = Object.fromEntries(result.functions.map((f) => [f.name, [f.source, f.verdict]]));
    expect(verdicts).toEqual({
      "services/a/src/app.handler": ["heuristic", "blocked"],
      "services/b/app.handler": ["heuristic", "ready"],
      "cdk/lambda/f/index.handler": ["heuristic", "blocked"],
    });
    const parseErrors = result.findings.filter((f) => f.rule === "parse");
    expect(parseErrors.map((f) => [f.file, f.functions])).toEqual([
      ["cdk/lib/stack.ts", ["cdk/lambda/f/index.handler"]],
      ["services/a/template.yaml", ["services/a/src/app.handler"]],
    ]);
  });

  it("keeps both functions on Node.js when the file they share needs an edit Node.js cannot run", async () => {
    // lib/db.js is CommonJS: LLRT needs it as an ES module, which Node.js (no "type": "module") cannot load.
    const project = new Project([
      ["template.yaml", readerAndStreamer],
      ["src/lib/db.js", "exports.get = (id) => ({ id });\n"],
      ["src/read.js", "const db = require('./lib/db');\nexports.handler = async (event) => db.get(event.id);\n"],
      ["src/stream.js", "const db = require('./lib/db');\nexports.handler = awslambda.streamifyResponse(async (event, stream) => stream.end(JSON.stringify(db.get(event.id))));\n"],
    ]);
    const result = await migrateProject(project);
    expect(result.functions.map((f) => [f.name, f.verdict, f.runtime.after])).toEqual([
      ["Reader", "blocked", "nodejs20.x"], ["Streamer", "blocked", "nodejs20.x"],
    ]);
    expect(result.changes).toEqual([]);
    const shared = result.findings.find((f) => f.rule === "kept-on-node" && f.severity === "error");
    expect(shared).toMatchObject({ file: "src/lib/db.js", functions: ["Reader"] });
    expect(shared?.message).toContain("module-format");
    // Reader's verdict keeps its reason although the shared file is now left as it was.
    expect(result.files.find((f) => f.path === "src/read.js")?.status).toBe("unchanged");
  });

  it("gives a shared file the Node-safe edits, and moves the ready function alone", async () => {
    const project = new Project([
      ["template.yaml", readerAndStreamer],
      ["src/lib/files.mjs", "import fs from 'node:fs';\nexport const has = (p) => fs.existsSync(p);\n"],
      ["src/read.mjs", "import { has } from './lib/files.mjs';\nexport const handler = async (event) => has(event.path);\n"],
      ["src/stream.mjs", "import { has } from './lib/files.mjs';\nexport const handler = awslambda.streamifyResponse(async (event, stream) => stream.end(String(has(event.path))));\n"],
    ]);
    const result = await migrateProject(project);
    expect(result.functions.map((f) => [f.name, f.verdict, f.runtime.after])).toEqual([
      ["Reader", "ready", "provided.al2023"], ["Streamer", "blocked", "nodejs20.x"],
    ]);
    expect(result.changes.map((c) => c.path)).toEqual(["src/lib/files.mjs", "template.yaml"]);
    expect(result.files.find((f) => f.path === "src/lib/files.mjs")?.rules).toEqual(["fs-exists"]);
  });
});
