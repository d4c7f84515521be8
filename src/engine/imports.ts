// What a module imports, read from the text, so it costs no parse: a specifier inside a comment only
// makes the reachable set larger, never smaller.
import type { Project } from "./project";
import { dirname, joinPath } from "./project";

const specifierPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(["'])([^"'\n]+)\1/g;

/** Every module specifier the source imports, requires or re-exports. */
export function importSpecifiers(source: string): string[] {
  return [...new Set([...source.matchAll(specifierPattern)].map((match) => match[2]))];
}

const isRelative = (specifier: string) => /^\.{1,2}(\/|$)/.test(specifier);

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
  for (const specifier of importSpecifiers(source).filter(isRelative)) {
    const resolved = resolveRelative(project, fromFile, specifier);
    if (resolved) found.add(resolved);
  }
  return [...found];
}

/** The files `entry` reaches through relative imports, itself included: the code its function runs. */
export function filesReachedFrom(project: Project, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    const text = project.read(file);
    if (text === undefined) continue;
    for (const next of relativeImports(project, file, text)) if (!seen.has(next)) seen.add(next), queue.push(next);
  }
  return seen;
}
