// The output gate: whatever a rule produced, a file reaches the result only when it parses, binds no
// name twice, reads no binding before it runs and keeps its comments. Each case injects a rule that
// breaks one of these and checks the file is left as it was, with one error naming the rule.
import { oneFunctionTemplate as template } from "./one-function";
import { describe, expect, it } from "vitest";
import type { CodeRule, CodeRuleContext } from "../../src/engine/code-rule";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import type { ProjectRule } from "../../src/engine/project-rule";
import type { MigrationResult } from "../../src/engine/types";


const handler = [
  "// Licence: keep me",
  "import { S3Client } from '@aws-sdk/client-s3';",
  "",
  "/** The bucket the handler reads. */",
  "const bucket = process.env.BUCKET;",
  "export const handler = async () => new S3Client({}) && bucket;",
  "",
].join("\n");

const project = (files: Record<string, string> = {}) =>
  new Project(Object.entries({ "template.yaml": template, "src/app.mjs": handler, "package.json": '{ "name": "api" }\n', ...files }));

/** A code rule that edits every file with `edit` and says it changed it. */
const codeRule = (name: string, edit: (ctx: CodeRuleContext) => void): CodeRule => ({
  name,
  mayApply: () => true,
  apply: (ctx) => (edit(ctx), true),
});

const gateFindings = (result: MigrationResult) => result.findings.filter((f) => f.rule === "output-gate");

function expectRefused(result: MigrationResult, path: string, rule: string, reason: RegExp, line: number) {
  expect(result.changes.map((c) => c.path)).not.toContain(path);
  expect(result.files.find((f) => f.path === path)).toMatchObject({ status: "error", rules: [] });
  const gate = gateFindings(result);
  expect(gate).toHaveLength(1);
  expect(gate[0]).toMatchObject({ file: path, severity: "error", line });
  expect(gate[0].message).toContain(`\`${rule}\``);
  expect(gate[0].message).toMatch(reason);
}

describe("the output gate", () => {
  it("refuses output that does not parse (a reserved word as an export name) and blocks the function", async () => {
    const renameHandler = codeRule("rename", ({ j, root }) => {
      root.find(j.VariableDeclarator, { id: { name: "handler" } }).forEach((p) => void ((p.node.id as { name: string }).name = "delete"));
    });
    const result = await migrateProject(project(), {}, { codeRules: [renameHandler] });
    expectRefused(result, "src/app.mjs", "rename", /syntax error: Unexpected keyword 'delete'/, 6);
    expect(result.functions[0].verdict).toBe("blocked");
    // Blocked, the function keeps its Node.js runtime: the template is left as it was.
    expect(result.functions[0].runtime.after).toBe("nodejs20.x");
    expect(result.changes.map((c) => c.path)).not.toContain("template.yaml");
  });

  it("refuses a name bound twice, which TypeScript parsing lets through", async () => {
    const source = "import { S3 } from 'aws-sdk-like';\n// client\nexport const handler = async () => new S3().list();\n";
    const shadow = codeRule("shadow", ({ j, root }) => {
      root.find(j.ImportDeclaration).insertAfter(j.template.statement(["const S3 = new S3();"]));
    });
    // The handler imports it: code rules see only files a function runs.
    const result = await migrateProject(project({ "src/app.mjs": `import './client.ts';\n${handler}`, "src/client.ts": source }), {}, { codeRules: [shadow] });
    const gate = gateFindings(result).filter((f) => f.file === "src/client.ts");
    expect(gate).toHaveLength(1);
    expect(gate[0].message).toMatch(/`S3` is declared twice in the same scope/);
    expect(result.changes.map((c) => c.path)).not.toContain("src/client.ts");
  });

  it("refuses a top-level binding read before its declaration runs", async () => {
    const hoistUse = codeRule("hoist", ({ j, root }) => {
      root.get("program", "body").unshift(j.template.statement(["const name = bucket.toUpperCase();"]));
    });
    const result = await migrateProject(project(), {}, { codeRules: [hoistUse] });
    expectRefused(result, "src/app.mjs", "hoist", /`bucket` is used before its declaration runs \("Cannot access 'bucket' before initialization"\)/, 1);
  });

  it("refuses a name nothing declares any more", async () => {
    const dropImport = codeRule("drop-import", ({ j, root }) => void root.find(j.ImportDeclaration).remove());
    const result = await migrateProject(project({ "src/app.mjs": handler.replace("// Licence: keep me\n", "") }), {}, { codeRules: [dropImport] });
    expectRefused(result, "src/app.mjs", "drop-import", /`S3Client` is used but nothing declares it/, 5);
  });

  it("refuses output that loses a comment, unless the rule reports removing it", async () => {
    const strip = (declare: boolean) =>
      codeRule("strip", ({ j, root, report }) => {
        root.find(j.VariableDeclaration).filter((p) => p.parent.node.type === "Program").forEach((p) => void ((p.node as { comments?: unknown[] }).comments = []));
        if (declare) report({ rule: "strip", severity: "info", line: 4, column: 1, message: "Removed the doc comment.", removedComments: ["/** The bucket the handler reads. */"] });
      });
    const silent = await migrateProject(project(), {}, { codeRules: [strip(false)] });
    expectRefused(silent, "src/app.mjs", "strip", /drops the comment `The bucket the handler reads.` \(line 4\) without saying so/, 4);
    expect(silent.findings.some((f) => f.rule === "strip")).toBe(false);

    const declared = await migrateProject(project(), {}, { codeRules: [strip(true)] });
    expect(gateFindings(declared)).toEqual([]);
    expect(declared.changes.find((c) => c.path === "src/app.mjs")?.after).not.toContain("The bucket");
  });

  it("does not blame a rule for a problem the original already had", async () => {
    // TypeScript's parser accepts the duplicate; the file had it before any rule ran.
    const source = "import { S3 } from 'aws-sdk-like';\nconst S3 = 1;\nexport const handler = async () => S3;\n";
    const rename = codeRule("rename", ({ j, root }) => {
      root.find(j.VariableDeclarator, { id: { name: "handler" } }).forEach((p) => void ((p.node.id as { name: string }).name = "main"));
    });
    const result = await migrateProject(project({ "src/app.mjs": `import './other.ts';\n${handler}`, "src/other.ts": source }), {}, { codeRules: [rename] });
    expect(gateFindings(result)).toEqual([]);
    expect(result.changes.find((c) => c.path === "src/other.ts")?.after).toContain("export const main");
  });

  it("refuses a template a project rule broke: its functions keep their runtime and are not ready", async () => {
    const breakTemplate: ProjectRule = {
      name: "break-yaml",
      apply: ({ project: p }) => p.write("template.yaml", `${p.read("template.yaml")}Outputs: [a\n`),
    };
    const result = await migrateProject(project(), {}, { codeRules: [], projectRules: [breakTemplate] });
    expectRefused(result, "template.yaml", "break-yaml", /YAML syntax error/, 9);
    // Blocked by that refusal, the function keeps its runtime: the template gets no sam-runtime edit.
    expect(gateFindings(result)[0].message).not.toContain("`sam-runtime`");
    expect(result.functions[0]).toMatchObject({ runtime: { before: "nodejs20.x", after: "nodejs20.x" }, verdict: "blocked" });
    // No finding announces the runtime change that was not made.
    expect(result.findings.filter((f) => f.rule === "sam-runtime" && f.message.includes("->"))).toEqual([]);
  });

  it("keeps strict JSON strict and HCL parseable", async () => {
    const loosen: ProjectRule = {
      name: "loosen",
      apply: ({ project: p }) => {
        p.write("package.json", '{ "name": "api", }\n');
        p.write("main.tf", 'resource "aws_s3_bucket" "b" {\n  # keep\n  bucket = "x"\n  tags = {\n}\n');
      },
    };
    const result = await migrateProject(project({ "main.tf": 'resource "aws_s3_bucket" "b" {\n  # keep\n  bucket = "x"\n}\n' }), {}, { codeRules: [], projectRules: [loosen] });
    const gate = gateFindings(result);
    expect(gate.map((f) => [f.file, f.line])).toEqual([["main.tf", 5], ["package.json", 1]]);
    expect(gate[0].message).toMatch(/HCL syntax error/);
    expect(gate[1].message).toMatch(/not strict JSON/);
    expect(result.changes.filter((c) => c.path !== "template.yaml")).toEqual([]);
  });

  it("lets sound output through untouched", async () => {
    const rename = codeRule("rename", ({ j, root }) => {
      root.find(j.Identifier, { name: "bucket" }).forEach((p) => void (p.node.name = "bucketName"));
    });
    const result = await migrateProject(project(), {}, { codeRules: [rename] });
    expect(gateFindings(result)).toEqual([]);
    expect(result.changes.find((c) => c.path === "src/app.mjs")?.after).toContain("const bucketName = process.env.BUCKET;");
  });
});
