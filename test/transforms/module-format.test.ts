import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import { moduleFormatRule } from "../../transforms/module-format";
import { applyRule, fixturePath } from "../helpers";

const fixture = (name: string) => readFileSync(fixturePath("transforms", "module-format", name), "utf8");

const template = (metadata: string) => `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
${metadata}`;

const app = 'const util = require("./lib/util");\n\nexports.handler = async () => util.greet();\n';
const util = 'exports.greet = () => "hi";\n';

describe("module-format findings", () => {
  it("explains why it refuses, at the position of the cause", async () => {
    const dynamic = await applyRule(moduleFormatRule, "dynamic.js", fixture("dynamic-require.input.js"));
    expect(dynamic.changed).toBe(false);
    expect(dynamic.findings).toEqual([expect.objectContaining({ severity: "error", line: 4, column: 18 })]);
    expect(dynamic.findings[0].message).toContain("dynamic or conditional require");
    expect(dynamic.findings[0].fix).toContain(".cjs");

    const before = await applyRule(moduleFormatRule, "before.js", fixture("code-before-require.input.js"));
    expect(before.findings.map((f) => [f.line, f.message.includes("imports run first")])).toEqual([[2, true]]);
  });

  it("notes the conversion once per file", async () => {
    const { changed, findings } = await applyRule(moduleFormatRule, "handler.js", fixture("handler-exports.input.js"));
    expect(changed).toBe(true);
    expect(findings).toEqual([expect.objectContaining({ severity: "info", rule: "module-format" })]);
  });

  it("refuses an undeclared assignment that strict mode would turn into a ReferenceError", async () => {
    const { changed, findings } = await applyRule(moduleFormatRule, "sloppy.js", "counter = 0;\nexports.next = () => ++counter;\n");
    expect(changed).toBe(false);
    expect(findings[0]).toMatchObject({ severity: "error", line: 1, column: 1 });
  });

  it("rebuilds __filename and __dirname from import.meta.url", async () => {
    const { output } = await applyRule(moduleFormatRule, "paths.js", "exports.where = () => [__filename, __dirname];\n");
    expect(output).toContain("const __filename = fileURLToPath(import.meta.url);\nconst __dirname = dirname(__filename);");
    expect(output).toContain('import { fileURLToPath } from "url";');
  });
});

describe("module-format in the engine", () => {
  it("converts every CommonJS .js file of an unbundled function, giving relative imports their extension", async () => {
    // No template: a function found by its handler shape is not known to be bundled.
    const project = new Project([
      ["src/app.js", `const { pick } = require("./lib/pick");\n${app}`],
      ["src/lib/util.js", util],
      ["src/lib/pick.js", 'const { greet } = require("./util");\nexports.pick = greet;\n'],
    ]);
    const result = await migrateProject(project);
    const after = (path: string) => result.changes.find((c) => c.path === path)?.after;
    expect(after("src/app.js")).toContain('import util from "./lib/util.js";');
    // A destructured project file goes through its default export, whatever shape that file has.
    expect(after("src/lib/pick.js")).toContain('import utilModule from "./util.js";\nconst { greet } = utilModule;');
    expect(after("src/lib/util.js")).toBe('export const greet = () => "hi";\n\nexport default {\n  greet\n};\n');
  });

  it("leaves files inside an esbuild bundle to the bundler, but still converts the bundle's entry", async () => {
    // esbuild's ESM output of a CommonJS entry exports only `default`, losing the handler export.
    const project = new Project([
      ["template.yaml", template("    Metadata:\n      BuildMethod: esbuild\n")],
      ["src/app.js", app],
      ["src/lib/util.js", util],
    ]);
    const result = await migrateProject(project);
    expect(result.changes.map((c) => c.path)).toContain("src/app.js");
    expect(result.changes.map((c) => c.path)).not.toContain("src/lib/util.js");
    expect(result.findings.filter((f) => f.rule === "module-format").map((f) => f.file)).toEqual(["src/app.js"]);
  });
});
