// Finding installed packages and their files the way LLRT does: Node-style walk up through
// node_modules, package `exports` with the "browser" condition first (LLRT_PLATFORM defaults to
// browser), then the top-level `browser` string, `module`, `main`. All reads go through
// ExternalFiles, so nothing here touches the disk directly. `resolve.exports` (lukeed, no
// dependencies) implements the exports/conditions algorithm; hand-rolling it gets subpath patterns wrong.
import { resolve as resolveExports } from "resolve.exports";
import { dirname, joinPath } from "../engine/project";
import type { ExternalFiles } from "../engine/project-rule";

export interface InstalledPackage {
  name: string;
  /** Directory of the package, relative to the project root (`node_modules/axios`). */
  dir: string;
  manifest: Manifest;
}

export interface Manifest {
  name?: string;
  version?: string;
  main?: string;
  module?: string;
  browser?: unknown;
  exports?: unknown;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  gypfile?: boolean;
}

/** `@scope/name/sub/path` -> `@scope/name`; `name/sub` -> `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

export const isBareSpecifier = (specifier: string) => !/^(\.{1,2}(\/|$)|\/|[a-z]+:)/i.test(specifier);

function readManifest(external: ExternalFiles, path: string): Manifest | undefined {
  const text = external.read(path);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** The installed package a file in `fromDir` gets for `name`, walking up like Node and LLRT. */
export function findPackage(external: ExternalFiles, fromDir: string, name: string): InstalledPackage | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (!dir.endsWith("/node_modules") && dir !== "node_modules") {
      const pkgDir = joinPath(dir, "node_modules", name);
      const manifest = readManifest(external, joinPath(pkgDir, "package.json"));
      if (manifest) return { name, dir: pkgDir, manifest };
    }
    if (dir === "") return undefined;
  }
}

const extensions = ["", ".js", ".mjs", ".cjs", ".json", "/index.js", "/index.mjs", "/index.cjs"];

/** A file path inside the package (or relative to a file) completed with LLRT's extensions. */
export function resolveFile(external: ExternalFiles, base: string): string | undefined {
  for (const ext of extensions) {
    const candidate = base + ext;
    // A directory has a listing; a file has none but can be read.
    if (external.list(candidate) === undefined && external.read(candidate) !== undefined) return candidate;
  }
  return undefined;
}

/** The file LLRT loads for `specifier` (`axios`, `axios/lib/x`) from an installed package. */
export function packageEntry(external: ExternalFiles, pkg: InstalledPackage, specifier: string, kind: "import" | "require"): string | undefined {
  const subpath = specifier.slice(pkg.name.length);
  if (pkg.manifest.exports !== undefined) {
    try {
      const found = resolveExports(pkg.manifest, `.${subpath}`, { browser: true, require: kind === "require" });
      if (found?.[0]) return resolveFile(external, joinPath(pkg.dir, found[0]));
    } catch {
      return undefined; // not exported: LLRT refuses the import too (not our finding to make)
    }
  }
  if (subpath) return resolveFile(external, joinPath(pkg.dir, subpath));
  const { browser, module, main } = pkg.manifest;
  const field = typeof browser === "string" ? browser : module ?? main ?? "index.js";
  return resolveFile(external, joinPath(pkg.dir, field));
}

/** Evidence that a package loads a compiled native addon, or undefined. */
export function nativeAddonEvidence(external: ExternalFiles, pkg: InstalledPackage, loaders: ReadonlySet<string>): string | undefined {
  const entries = external.list(pkg.dir) ?? [];
  if (entries.includes("binding.gyp") || pkg.manifest.gypfile) return "it has a binding.gyp (a node-gyp build)";
  const loader = Object.keys({ ...pkg.manifest.dependencies, ...pkg.manifest.optionalDependencies }).find((d) => loaders.has(d));
  if (loader) return `it loads its binary through ${loader}`;
  for (const dir of ["", "build/Release", "prebuilds"]) {
    const binary = (external.list(joinPath(pkg.dir, dir)) ?? []).find((f) => f.endsWith(".node"));
    if (binary) return `it ships ${joinPath(dir, binary)}`;
  }
  return undefined;
}
