// The npm package as a user gets it: `npm pack`, installed into an empty project, then run through
// npx. This is the only test of what is published; every other CLI test runs the clone's bin/.
import { spawnSync } from "node:child_process";
import { cpSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PackedInstall } from "../../scripts/packed-install";
import { packAndInstall } from "../../scripts/packed-install";
import { fixturePath, repoRoot } from "../helpers";

const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string; dependencies?: Record<string, string> };
let installed: PackedInstall;

// npx --no: run the installed bin, never fetch a package.
const npx = (args: string[]) => spawnSync("npx", ["--no", "--", "llrt-migrate", ...args], { cwd: installed.project, encoding: "utf8" });

beforeAll(() => {
  installed = packAndInstall(repoRoot);
}, 120_000);
afterAll(() => installed?.remove());

describe("the packed npm package", () => {
  it("holds the bundled CLI and its WebAssembly, not the sources nor the GitHub App", () => {
    expect(installed.files).toEqual(expect.arrayContaining(["bin/llrt-migrate.js", "dist/cli.js", "dist/tree-sitter.wasm", "dist/tree-sitter-hcl.wasm"]));
    expect(installed.files.filter((f) => f.startsWith("src/") || f === "dist/app.js" || f.endsWith(".map"))).toEqual([]);
  });

  it("installs only itself and its runtime dependencies", () => {
    const top = readdirSync(join(installed.project, "node_modules")).filter((name) => !name.startsWith("."));
    const expected = ["llrt-migrate", ...Object.keys(pkg.dependencies ?? {})];
    expect(top.filter((name) => !expected.some((e) => e === name || e.startsWith(`${name}/`)))).toEqual([]);
    // The GitHub App's stack and the benchmark's SDK clients are never installed for a CLI user.
    for (const name of ["probot", "@octokit", "@aws-sdk", "jscodeshift", "esbuild"]) expect(top).not.toContain(name);
  });

  it("npx llrt-migrate --version prints the package's version", () => {
    const run = npx(["--version"]);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe(pkg.version);
    expect(run.status).toBe(0);
  });

  it("dry-runs SAM, Terraform (tree-sitter WebAssembly) and AWS SDK v2 (the codemod) samples", () => {
    const samples = join(installed.project, "services");
    for (const name of ["sam-app", "terraform-app", "sdk-v2-app"]) cpSync(fixturePath("projects", name), join(samples, name), { recursive: true });
    const run = npx(["services", "--dry-run", "--json"]);
    expect(run.stderr).not.toMatch(/Cannot find|ERR_|error:/);
    const result = JSON.parse(run.stdout) as { files: Array<{ path: string; rules: string[] }> };
    const rulesOf = (path: string) => result.files.find((f) => f.path === path)?.rules;
    expect(rulesOf("sam-app/template.yaml")).toEqual(["sam-runtime"]);
    expect(rulesOf("terraform-app/main.tf")).toEqual(["terraform-llrt"]);
    expect(rulesOf("sdk-v2-app/src/orders.js")).toContain("aws-sdk-v2-to-v3");
    expect(readFileSync(join(samples, "sam-app", "template.yaml"), "utf8")).toContain("nodejs18.x");
  });

  it("bench without esbuild in the project says how to get it", () => {
    const sample = join(installed.project, "bench-sample");
    cpSync(fixturePath("projects", "sam-app"), sample, { recursive: true });
    // Any existing file passes --llrt-bin's check; bundling comes first and needs esbuild.
    const run = npx(["bench", "bench-sample", "--local", "--llrt-bin", process.execPath, "--cold", "1", "--warm", "0"]);
    expect(run.stderr).toContain("esbuild, which is not installed: run `npm i -D esbuild`");
    expect(run.status).toBe(2);
  });
});

describe("dist/app.js (the GitHub App, run from a clone)", () => {
  it("runs with no node_modules: its whole server stack is bundled", () => {
    const dir = mkdtempSync(join(tmpdir(), "llrt-migrate-app-"));
    try {
      copyFileSync(join(repoRoot, "dist", "app.js"), join(dir, "app.js"));
      expect(existsSync(join(dir, "node_modules"))).toBe(false);
      // Every module is evaluated before the startup check refuses the missing secret.
      const run = spawnSync(process.execPath, ["app.js"], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH, NODE_ENV: "production" } });
      expect(run.stderr).toContain("WEBHOOK_SECRET is not set; refusing to start");
      expect(run.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
