// Reads a directory into the engine's in-memory Project: the files the engine can use, minus build
// output, dependencies and what the project's .gitignore files exclude.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ignore from "ignore";
import type { Ignore } from "ignore";
import { Project } from "../engine/project";
import type { ExternalFiles } from "../engine/project-rule";
import { isRelevantFile, skippedDirectories } from "../engine/relevant-files";
import { decodeFile } from "../engine/utf8";

/** Files larger than this are not source code anyone hand-wrote (bundles, data): left out. */
const maxFileBytes = 2 * 1024 * 1024;

interface IgnoreScope {
  /** Directory the .gitignore sits in, relative to the project root ("" for the root). */
  base: string;
  rules: Ignore;
}

const toPosix = (path: string) => path.split(sep).join("/");

function isIgnored(scopes: IgnoreScope[], path: string, isDir: boolean): boolean {
  return scopes.some(({ base, rules }) => {
    const rel = base ? path.slice(base.length + 1) : path;
    return rel !== "" && rules.ignores(isDir ? `${rel}/` : rel);
  });
}

interface ReadFile {
  path: string;
  text: string;
  utf8: boolean;
}

function walk(root: string, dir: string, scopes: IgnoreScope[], out: ReadFile[]): void {
  const relDir = toPosix(relative(root, dir));
  let scoped = scopes;
  try {
    const gitignore = readFileSync(join(dir, ".gitignore"), "utf8");
    scoped = [...scopes, { base: relDir, rules: ignore().add(gitignore) }];
  } catch {
    // no .gitignore here
  }
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = relDir ? `${relDir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (skippedDirectories.has(entry.name) || isIgnored(scoped, path, true)) continue;
      walk(root, join(dir, entry.name), scoped, out);
    } else if (entry.isFile() && isRelevantFile(path) && !isIgnored(scoped, path, false)) {
      const full = join(dir, entry.name);
      if (statSync(full).size > maxFileBytes) continue;
      const { text, utf8 } = decodeFile(readFileSync(full));
      if (!text.includes("\u0000")) out.push({ path, text, utf8 });
    }
  }
}

/** Reads every relevant file under `root` (a directory) into a Project. */
export function readProject(root: string): Project {
  const files: ReadFile[] = [];
  walk(resolve(root), resolve(root), [], files);
  const project = new Project(files.map((f) => [f.path, f.text] as const));
  for (const f of files) if (!f.utf8) project.markNotUtf8(f.path);
  return project;
}

/** Read-only access to files below `root` that are not in the Project, e.g. node_modules. */
export function diskExternalFiles(root: string): ExternalFiles {
  const base = resolve(root);
  const inside = (path: string) => {
    const full = resolve(base, path);
    return full === base || full.startsWith(base + sep) ? full : undefined;
  };
  return {
    read(path) {
      const full = inside(path);
      try {
        return full ? readFileSync(full, "utf8") : undefined;
      } catch {
        return undefined;
      }
    },
    list(path) {
      const full = inside(path);
      try {
        return full ? readdirSync(full) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
