// All default rules on one tree, in order: a rewrite must leave a tree the later rules can walk.
import { describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";

describe("the default rule chain", () => {
  it("analyzes a file after fs-exists added statSync to its import (scope lookups see a complete specifier)", async () => {
    const source = 'import { existsSync } from "node:fs";\nif (!existsSync("/tmp/x")) {\n  process.exit(2);\n}\nexport const handler = async () => 1;\n';
    const result = await migrateProject(new Project([["index.mjs", source]]));
    expect(result.files).toEqual([{ path: "index.mjs", status: "changed", rules: ["fs-exists"] }]);
    expect(result.changes[0].after).toContain('import { statSync } from "node:fs";');
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("keeps two helpers inserted after the same imports on separate lines", async () => {
    const source = 'import fs from "node:fs";\nimport { setTimeout } from "timers/promises";\n\nexport const handler = async () => {\n  await setTimeout(10);\n  return fs.existsSync("/tmp/x");\n};\n';
    const result = await migrateProject(new Project([["index.mjs", source]]));
    const after = result.changes[0].after;
    expect(after).not.toMatch(/\}\/\//);
    expect(after).toContain("}\n\n// LLRT has no timers/promises");
  });
});

describe("project rules", () => {
  it("reports a failing project rule, drops its edits, and keeps the rest of the run", async () => {
    const project = new Project([["package.json", '{ "name": "x" }\n'], ["index.mjs", "export const handler = async () => 1;\n"]]);
    const failing = {
      name: "half-done",
      apply(ctx: { project: Project }) {
        ctx.project.write("package.json", "{}\n");
        ctx.project.write("new.txt", "created\n");
        throw new Error("boom");
      },
    };
    const editing = { name: "editing", apply: (ctx: { project: Project }) => ctx.project.write("index.mjs", "// edited\n") };
    const result = await migrateProject(project, {}, { projectRules: [failing, editing] });
    expect(result.changes.map((c) => c.path)).toEqual(["index.mjs"]);
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: "half-done", severity: "error", message: "rule half-done failed: boom; its changes were dropped." }));
  });

  it("points a broken package.json finding at the parse error's line", async () => {
    const project = new Project([
      ["package.json", '{\n  "name": "x",\n  "dependencies": { "aws-sdk": "^2" ,}\n}\n'],
      ["index.js", "const AWS = require('aws-sdk');\nexports.handler = async () => new AWS.S3().listBuckets().promise();\n"],
    ]);
    const result = await migrateProject(project);
    const finding = result.findings.find((f) => f.file === "package.json" && f.severity === "error");
    expect(finding).toMatchObject({ line: 3 });
    expect(finding?.message).toMatch(/^invalid package.json: .*\(line 3, column \d+\)/);
  });
});
