// Which function to benchmark, and its code before and after migration: the engine runs on the
// project as it is on disk, and the migrated text of every changed file comes from its `changes`.
import { resolve } from "node:path";
import { migrateProject } from "../engine/migrate";
import type { LambdaFunction, MigrationOptions } from "../engine/types";
import { defaultOptions } from "../engine/types";
import { diskExternalFiles, readProject } from "../fs/read-project";

export interface BenchTarget {
  /** Absolute project root. */
  root: string;
  fn: LambdaFunction & { entry: string };
  /** The export the handler string names (`hello.handler` -> `handler`). */
  exportName: string;
  /** Absolute path -> migrated text, for every file the engine changed. */
  migrated: Map<string, string>;
}

export class BenchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchError";
  }
}

const isNode = (fn: LambdaFunction) => fn.runtime.before === null || /^nodejs/.test(fn.runtime.before);

export async function loadTarget(root: string, functionName: string | undefined, options: Partial<MigrationOptions> = {}): Promise<BenchTarget> {
  const absRoot = resolve(root);
  const project = readProject(absRoot);
  const result = await migrateProject(project, { ...defaultOptions, ...options }, { external: diskExternalFiles(absRoot) });
  const candidates = result.functions.filter((fn): fn is LambdaFunction & { entry: string } => fn.entry !== null && isNode(fn));
  const names = candidates.map((fn) => fn.name).join(", ") || "none";
  const fn = functionName ? candidates.find((f) => f.name === functionName) : candidates[0];
  if (!fn) {
    throw new BenchError(
      functionName
        ? `no Node.js function named ${functionName} with a handler file in ${root} (found: ${names})`
        : `no Node.js function with a handler file found in ${root}`,
    );
  }
  const migrated = new Map(result.changes.map((c) => [resolve(absRoot, c.path), c.after] as const));
  return { root: absRoot, fn, exportName: fn.handler.slice(fn.handler.lastIndexOf(".") + 1), migrated };
}
