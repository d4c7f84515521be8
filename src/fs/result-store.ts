// The CLI's store for the engine's remembered results: one small file per key under a cache directory
// (node_modules/.cache/llrt-migrate by default, --cache-dir, or none with --no-cache). Best effort: a
// store that cannot be read or written only makes the run as slow as one without it.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ResultCache, ResultStore } from "../engine/result-cache";
import { tool } from "../version";

export class DiskResultStore implements ResultStore {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): string | undefined {
    try {
      return readFileSync(this.file(key), "utf8");
    } catch {
      return undefined;
    }
  }

  set(key: string, value: string): void {
    const file = this.file(key);
    try {
      mkdirSync(dirname(file), { recursive: true });
      // Written aside and renamed: a concurrent run never reads half an entry.
      const aside = `${file}.${process.pid}.tmp`;
      writeFileSync(aside, value);
      renameSync(aside, file);
    } catch {
      // A read-only or full disk: the run goes on without remembering.
    }
  }
}

/**
 * The build of the tool that runs: the files beside this module (the bundle's chunks, whose names
 * carry content hashes), so results of another build of the same version are never reused.
 */
function buildStamp(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash("sha256");
  try {
    for (const name of readdirSync(here).sort()) {
      const stat = statSync(join(here, name));
      hash.update(`${name}:${stat.size}:${stat.mtimeMs}\n`);
    }
  } catch {
    hash.update(String(Date.now())); // unknown build: nothing is reused
  }
  return hash.digest("hex");
}

/** The cache directory for a project: the one given, else node_modules/.cache/llrt-migrate when the project has node_modules. */
export function cacheDirFor(root: string, given: string | undefined): string | undefined {
  if (given) return given;
  return existsSync(join(root, "node_modules")) ? join(root, "node_modules", ".cache", "llrt-migrate") : undefined;
}

export function diskResultCache(dir: string): ResultCache {
  return { store: new DiskResultStore(dir), salt: `${tool.name}@${tool.version}:${buildStamp()}` };
}
