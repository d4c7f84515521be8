// Turning the command line's paths into a project root and the Project to migrate.
import { existsSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import type { Project } from "../engine/project";
import { readProject } from "../fs/read-project";
import { UsageError } from "./usage";

function commonAncestor(dirs: string[]): string {
  const split = dirs.map((d) => d.split(sep));
  const first = split[0];
  let i = 0;
  while (i < first.length && split.every((parts) => parts[i] === first[i])) i++;
  return first.slice(0, i).join(sep) || sep;
}

/**
 * The root is the one directory given, or the nearest folder holding every path given. Diff paths,
 * findings and the JSON result are relative to it.
 */
export function loadProject(paths: string[]): { root: string; project: Project } {
  const given = paths.length ? paths : ["."];
  for (const path of given) {
    if (!existsSync(path)) throw new UsageError(`path not found: ${path}`);
  }
  const absolute = given.map((p) => resolve(p));
  const dirs = absolute.map((p) => (statSync(p).isDirectory() ? p : dirname(p)));
  const root = dirs.length === 1 ? dirs[0] : commonAncestor(dirs);
  const all = readProject(root);
  if (absolute.length === 1 && absolute[0] === root) return { root, project: all };
  const wanted = absolute.map((p) => relative(root, p).split(sep).join("/"));
  const inScope = (path: string) => wanted.some((w) => w === "" || path === w || path.startsWith(`${w}/`));
  return { root, project: all.subset(inScope) };
}
