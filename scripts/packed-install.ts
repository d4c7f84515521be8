// Packs llrt-migrate exactly as `npm publish` would and installs the tarball into a new, empty
// project: what a user gets from `npm i -D llrt-migrate`. Used by test/package/install.test.ts and
// `npm run bench:package`. Needs no network: the package bundles its dependencies, and whatever is
// left in `dependencies` comes from npm's cache when it is there (--prefer-offline).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PackedInstall {
  /** The empty project the tarball was installed into. */
  project: string;
  tarball: string;
  /** Paths inside the tarball, as `npm pack` lists them. */
  files: string[];
  remove(): void;
}

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });

export function packAndInstall(repoRoot: string): PackedInstall {
  const dir = mkdtempSync(join(tmpdir(), "llrt-migrate-pack-"));
  // --ignore-scripts: pack the dist/ already built (npm test builds it first) instead of rebuilding.
  const [packed] = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir], repoRoot)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const tarball = join(dir, packed.filename);
  const project = join(dir, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "user-project", version: "1.0.0", private: true }, null, 2)}\n`);
  npm(["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", tarball], project);
  return { project, tarball, files: packed.files.map((f) => f.path), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
