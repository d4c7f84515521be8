// Fixture pairs of one IaC format (fixtures/iac/<format>/<case>.input.<ext> + .output.<ext>), run the
// way the engine runs them: the file at its real name inside a project holding the case's other files
// (`<case>.project.json`: { options, files }).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { Project } from "../../src/engine/project";
import { defaultOptions } from "../../src/engine/types";
import type { MigrationOptions } from "../../src/engine/types";
import type { IacFormat, IacMigration } from "../../src/iac/types";
import { fixturePath } from "../helpers";

export interface FormatCase {
  name: string;
  input: string;
  output: string;
  options: Partial<MigrationOptions>;
  files: string[];
}

export function formatCases(format: string): FormatCase[] {
  const dir = fixturePath("iac", format);
  return readdirSync(dir).filter((f) => f.includes(".input.")).map((file) => {
    const name = file.slice(0, file.indexOf(".input."));
    const setupPath = `${dir}/${name}.project.json`;
    const setup = existsSync(setupPath) ? JSON.parse(readFileSync(setupPath, "utf8")) : {};
    return {
      name,
      input: readFileSync(`${dir}/${file}`, "utf8"),
      output: readFileSync(`${dir}/${file.replace(".input.", ".output.")}`, "utf8"),
      options: setup.options ?? {},
      files: setup.files ?? [],
    };
  });
}

/** Runs `format` on `text` saved as `path` in a project with the case's files (stub contents). */
export async function runFormat(format: IacFormat, path: string, text: string, c: Pick<FormatCase, "options" | "files">): Promise<IacMigration> {
  const project = new Project([[path, text], ...c.files.map((f) => [f, f.endsWith(".json") ? "{}\n" : "export const handler = async () => ({});\n"] as const)]);
  if (!format.detect(path, text)) throw new Error(`${format.source} does not detect ${path}`);
  return format.migrate({ path, text, project, options: { ...defaultOptions, ...c.options } });
}

/**
 * The lines the migration removed (each replaced or edited in place). Tests assert every one of them
 * held a value the format is meant to change, so nothing else in the file was touched.
 */
export function removedLines(before: string, after: string): string[] {
  const kept = new Map<string, number>();
  for (const line of after.split("\n")) kept.set(line, (kept.get(line) ?? 0) + 1);
  return before.split("\n").filter((line) => {
    const n = kept.get(line) ?? 0;
    if (n > 0) kept.set(line, n - 1);
    return n === 0;
  });
}
