// Every CDK fixture stack type-checks against aws-cdk-lib's and cdk-lambda-llrt's real types before
// the migration, and still does after it: `tsc --noEmit` through the compiler API, one program for
// all stacks (before and after side by side), so aws-cdk-lib's declarations are loaded once.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { cdkFormat } from "../../src/iac/cdk";
import { repoRoot } from "../helpers";
import { formatCases, runFormat } from "./format-fixtures";

// A CDK app's usual settings (cdk init): CommonJS, strict, Node types.
const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ["lib.es2020.d.ts"],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ["node"],
};

const app = mkdtempSync(join(tmpdir(), "cdk-typecheck-"));
symlinkSync(join(repoRoot, "node_modules"), join(app, "node_modules"), "dir");
afterAll(() => rmSync(app, { recursive: true, force: true }));

/** Type errors per file, as `file(line,col): message`. */
function typeErrors(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, compilerOptions);
  const errors = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? "";
    const { line, character } = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    errors.get(file)?.push(`(${line + 1},${character + 1}): ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
  }
  return errors;
}

describe("CDK stacks type-check before and after the migration", () => {
  const cases = formatCases("cdk");
  it("every fixture stack compiles with tsc against aws-cdk-lib and cdk-lambda-llrt", { timeout: 120_000 }, async () => {
    const files: string[] = [];
    for (const c of cases) {
      const migrated = (await runFormat(cdkFormat, "lib/stack.ts", c.input, c)).text;
      expect(migrated).not.toBe(c.input);
      for (const [side, text] of [["before", c.input], ["after", migrated]]) {
        const file = join(app, c.name, side, "lib", "stack.ts");
        mkdirSync(join(app, c.name, side, "lib"), { recursive: true });
        writeFileSync(file, text);
        files.push(file);
      }
    }
    const errors = typeErrors(files);
    const failing = [...errors].filter(([, list]) => list.length > 0).map(([file, list]) => `${file.slice(app.length + 1)}${list.join("\n  ")}`);
    expect(failing).toEqual([]);
    // The migrated stacks really use LlrtFunction / PROVIDED_AL2023 (what the types were checked against).
    expect(files.filter((f) => f.includes("/after/")).length).toBe(cases.length);
  });
});
