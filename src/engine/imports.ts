// Which project files a module imports through relative specifiers. Read from the text, so it costs
// no parse: a specifier inside a comment only makes the reachable set larger, never smaller.
import type { Project } from "./project";
import { dirname, joinPath } from "./project";

const specifierPattern =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*|\.{1,2})\1/g;

const extensions = ["", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx", ".json"];

/** Resolves a relative specifier like Node (and TypeScript's `.js`-for-`.ts` convention) would. */
export function resolveRelative(project: Project, fromFile: string, specifier: string): string | undefined {
  const base = joinPath(dirname(fromFile), specifier);
  const stem = base.replace(/\.[cm]?js$/, "");
  const candidates = [
    ...extensions.map((ext) => base + ext),
    ...extensions.slice(1).map((ext) => stem + ext.replace(/^\.js$/, ".ts")),
    ...extensions.slice(1).map((ext) => `${base}/index${ext}`),
  ];
  return candidates.find((path) => path !== "" && project.has(path));
}

export function relativeImports(project: Project, fromFile: string, source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(specifierPattern)) {
    const resolved = resolveRelative(project, fromFile, match[2]);
    if (resolved) found.add(resolved);
  }
  return [...found];
}
