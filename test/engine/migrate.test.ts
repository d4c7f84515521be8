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
    const result = await migrateProject(project);
    expect(result.files.find((f) => f.path === "src/broken.ts")).toMatchObject({ status: "error", error: expect.stringMatching(/syntax error.*line 1/) });
    expect(result.changes.map((c) => c.path)).toEqual(["src/orders.mjs", "template.yaml"]);
    expect(result.summary.errors).toBe(1);
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
});
