// Shared test helpers: run one code rule the way the engine does, and load sample projects.
import jscodeshift from "jscodeshift";
import { join } from "node:path";
import type { CodeRule } from "../src/engine/code-rule";
import { parserFor, printOptions } from "../src/engine/code-rule";
import { defaultOptions } from "../src/engine/types";
import type { MigrationOptions, RuleFinding } from "../src/engine/types";
import { readProject } from "../src/fs/read-project";

export const repoRoot = join(import.meta.dirname, "..");
export const fixturePath = (...parts: string[]) => join(repoRoot, "fixtures", ...parts);
export const loadFixtureProject = (name: string) => readProject(fixturePath("projects", name));

export async function applyRule(
  rule: CodeRule,
  path: string,
  source: string,
  options: Partial<MigrationOptions> = {},
  handlerExports: string[] = [],
): Promise<{ output: string; changed: boolean; findings: RuleFinding[] }> {
  const j = jscodeshift.withParser(parserFor(path));
  const root = j(source);
  const findings: RuleFinding[] = [];
  const changed = await rule.apply({
    j, root, file: path, source, options: { ...defaultOptions, ...options }, handlerExports, report: (f) => findings.push(f),
  });
  return { output: changed ? root.toSource(printOptions(source)) : source, changed, findings };
}
