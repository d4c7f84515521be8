// The CLI as a user runs it: a child process on a copy of the sample project.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixturePath, repoRoot } from "../helpers";

const bin = join(repoRoot, "bin", "llrt-migrate.js");
let dir: string;

function cli(args: string[], cwd = dir, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });

function gitCopyOfSample(): void {
  cpSync(fixturePath("projects", "sam-app"), dir, { recursive: true });
  git("init", "-q");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "sample");
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llrt-migrate-cli-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("llrt-migrate --dry-run", () => {
  it("prints a diff that git apply accepts, and writes nothing", () => {
    gitCopyOfSample();
    const before = readFileSync(join(dir, "template.yaml"), "utf8");
    const run = cli([".", "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("-    Runtime: nodejs18.x");
    expect(run.stdout).toContain("+    Runtime: provided.al2023");
    expect(readFileSync(join(dir, "template.yaml"), "utf8")).toBe(before);
    expect(git("status", "--porcelain")).toBe("");

    writeFileSync(join(dir, "..", `${dir.split("/").pop()}.patch`), run.stdout);
    const patch = join(dir, "..", `${dir.split("/").pop()}.patch`);
    expect(() => execFileSync("git", ["apply", "--check", patch], { cwd: dir })).not.toThrow();
    rmSync(patch);
    expect(run.stderr).toMatch(/4 files scanned, would change 2/);
  });

  it("--json prints the result with every function on provided.al2023", () => {
    gitCopyOfSample();
    const run = cli([".", "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.tool.name).toBe("llrt-migrate");
    expect(result.functions.map((f: { name: string }) => f.name)).toEqual(["HelloFunction", "OrdersFunction"]);
    for (const fn of result.functions) expect(fn.runtime.after).toBe("provided.al2023");
    expect(result.summary).toMatchObject({ filesChanged: 2, errors: 0 });
    expect(result.files.find((f: { path: string }) => f.path === "src/orders.mjs")).toEqual({
      path: "src/orders.mjs",
      status: "changed",
      rules: ["handler-async"],
    });
    expect(result).not.toHaveProperty("changes");
  });

  it("--llrt-version checks against a shipped release and names it in the result; an unknown one is a usage error", () => {
    gitCopyOfSample();
    // In a file a function runs: code rules read only those.
    writeFileSync(join(dir, "src", "temporal.mjs"), "export const now = () => Temporal.Now.instant().toString();\n");
    writeFileSync(join(dir, "src", "hello.mjs"), `import "./temporal.mjs";\n${readFileSync(join(dir, "src", "hello.mjs"), "utf8")}`);
    const onDefault = JSON.parse(cli([".", "--dry-run", "--json"]).stdout);
    expect(onDefault.llrt.version).toBe("v0.8.1-beta");
    expect(onDefault.findings.map((f: { message: string }) => f.message)).toContainEqual(expect.stringContaining("Temporal: not defined in LLRT"));
    const onMain = JSON.parse(cli([".", "--dry-run", "--json", "--llrt-version", "main-2026-08-21"]).stdout);
    expect(onMain.llrt.version).toBe("main-2026-08-21");
    expect(onMain.findings.map((f: { message: string }) => f.message)).not.toContainEqual(expect.stringContaining("Temporal"));
    const unknown = cli([".", "--dry-run", "--llrt-version", "v0.1.0"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split("\n")).toEqual([expect.stringContaining("--llrt-version must be one of v0.8.1-beta, main-2026-08-21")]);
  });
});

describe("llrt-migrate (writing)", () => {
  it("remembers results in node_modules/.cache/llrt-migrate, which never counts as an uncommitted change", () => {
    gitCopyOfSample();
    // A project that commits node_modules: the cache's new files are untracked there.
    mkdirSync(join(dir, "node_modules", "left-pad"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "left-pad", "index.js"), "module.exports = (s) => s;\n");
    git("add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "vendored");
    const cold = cli([".", "--dry-run", "--json"]);
    expect(existsSync(join(dir, "node_modules", ".cache", "llrt-migrate"))).toBe(true);
    const warm = cli([".", "--json"]);
    expect(warm.code).toBe(0);
    expect(warm.stderr).not.toContain("uncommitted");
    expect(JSON.parse(warm.stdout)).toEqual(JSON.parse(cold.stdout));
    expect(cli([".", "--dry-run", "--no-cache", "--json"]).stdout).toBe(cli([".", "--dry-run", "--json"]).stdout);
  });

  it("migrates a clean git tree, and a second run changes nothing", () => {
    gitCopyOfSample();
    const first = cli([".", "--json"]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).summary.filesChanged).toBe(2);
    expect(readFileSync(join(dir, "template.yaml"), "utf8")).toContain("Runtime: provided.al2023    # the Node.js");
    expect(readFileSync(join(dir, "src/orders.mjs"), "utf8")).toContain("export const handler = async function(event, context)");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qam", "migrated");

    const second = cli([".", "--json"]);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).summary.filesChanged).toBe(0);
    expect(git("status", "--porcelain")).toBe("");
  });

  it("refuses a dirty tree unless --force", () => {
    gitCopyOfSample();
    writeFileSync(join(dir, "src/hello.mjs"), "// local edit\n" + readFileSync(join(dir, "src/hello.mjs"), "utf8"));
    const refused = cli(["."]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toContain("refusing to write: 1 uncommitted change(s)");
    expect(readFileSync(join(dir, "template.yaml"), "utf8")).toContain("nodejs18.x");

    const forced = cli([".", "--force", "--quiet"]);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe("");
    expect(readFileSync(join(dir, "template.yaml"), "utf8")).toContain("provided.al2023");
  });

  it("leaves a file with a syntax error untouched, reports it, and still migrates the rest", () => {
    gitCopyOfSample();
    writeFileSync(join(dir, "src/broken.js"), "exports.handler = (event, context, callback) => {\n  callback(null, 1\n};\n");
    // HelloFunction runs it (a file no function runs is not read at all).
    writeFileSync(join(dir, "src/hello.mjs"), `import './broken.js';\n${readFileSync(join(dir, "src/hello.mjs"), "utf8")}`);
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "broken");
    const run = cli([".", "--json"]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    const broken = result.files.find((f: { path: string }) => f.path === "src/broken.js");
    expect(broken.status).toBe("error");
    expect(broken.error).toMatch(/syntax error.*line 3/);
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: "parse", severity: "error", file: "src/broken.js", line: 3 }));
    expect(readFileSync(join(dir, "src/broken.js"), "utf8")).toContain("callback(null, 1\n");
    expect(readFileSync(join(dir, "src/orders.mjs"), "utf8")).toContain("async function");
  });
});

describe("flags and exit codes", () => {
  it("--check exits 1 while changes are pending and 0 once migrated, writing nothing", () => {
    gitCopyOfSample();
    expect(cli([".", "--check", "--quiet"]).code).toBe(1);
    expect(git("status", "--porcelain")).toBe("");
    expect(cli([".", "--quiet"]).code).toBe(0);
    expect(cli([".", "--check", "--quiet"]).code).toBe(0);
  });

  it("--check asks only about pending changes; --fail-on picks the severity that fails", () => {
    gitCopyOfSample();
    // Before the migration: a warning (the LLRT layer zip to provide), no error.
    expect(cli([".", "--dry-run", "--quiet"]).code).toBe(0);
    expect(cli([".", "--dry-run", "--quiet", "--fail-on", "warning"]).code).toBe(1);
    expect(cli([".", "--quiet"]).code).toBe(0);
    // Nothing left to change, but an error remains: a file that does not parse, which HelloFunction runs.
    writeFileSync(join(dir, "src/lib/response.mjs"), "export const json = (\n");
    git("add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "broken");
    expect(cli([".", "--check", "--quiet"]).code).toBe(0);
    expect(cli([".", "--check", "--quiet", "--fail-on", "error"]).code).toBe(1);
    expect(cli([".", "--dry-run", "--quiet"]).code).toBe(1);
    expect(cli([".", "--dry-run", "--quiet", "--fail-on", "never"]).code).toBe(0);
  });

  it("groups findings by function with errors first, collapses notes unless --verbose, no colours outside a terminal", () => {
    gitCopyOfSample();
    const quiet = cli([".", "--dry-run"]);
    expect(quiet.stderr).toMatch(/^info: \d+ note\(s\) on what was done \(--verbose lists them\):$/m);
    expect(quiet.stderr).not.toContain("info [handler-async]");
    expect(quiet.stderr).not.toContain("\x1b[");
    const verbose = cli([".", "--dry-run", "--verbose"]);
    expect(verbose.stderr).toMatch(/^  src\/orders\.mjs:\d+:\d+: info \[handler-async\]/m);
    expect(verbose.stderr).toMatch(/^OrdersFunction \(ready\)$/m);
  });

  it("exits 1 when error findings remain", () => {
    writeFileSync(join(dir, "index.js"), "exports.handler = (e, context, cb) => { setTimeout(() => cb(null, 1), 10); return start(e); };\n");
    const run = cli([".", "--dry-run"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("index.js:1:58: error [handler-async]");
  });

  it("writes a Markdown, JSON or SARIF report with --report", () => {
    gitCopyOfSample();
    writeFileSync(join(dir, ".gitignore"), "out.*\n");
    expect(cli([".", "--dry-run", "--quiet", "--report", "out.md"]).code).toBe(0);
    const md = readFileSync(join(dir, "out.md"), "utf8");
    expect(md).toMatch(/^# LLRT migration report/);
    expect(md).toContain("| `OrdersFunction` | sam | `src/orders.mjs` | nodejs18.x → provided.al2023 | ✅ ready |");
    expect(cli([".", "--dry-run", "--quiet", "--report", "out.json"]).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "out.json"), "utf8")).functions).toHaveLength(2);
    expect(cli([".", "--dry-run", "--quiet", "--report", "out.sarif"]).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")).runs[0].results.length).toBeGreaterThan(0);
  });

  it.each([
    [["--arch", "sparc"], "argument 'sparc' is invalid"],
    [["--bogus"], "unknown option '--bogus'"],
    [["no/such/dir"], "path not found: no/such/dir"],
    [["/no/such/absolute/dir"], "path not found: /no/such/absolute/dir\n"],
    [["--memory", "64"], "--memory must be between 128 and 10240 MB"],
    [["--report", "out.txt"], "--report needs a file name ending in .md, .json or .sarif"],
    [["--llrt-layer-arn", "not-an-arn"], "--llrt-layer-arn must be a Lambda layer version ARN"],
  ])("%j is a usage error: one line, exit 2", (args, message) => {
    const run = cli([".", "--dry-run", ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(message);
    expect(existsSync(join(dir, "out.txt"))).toBe(false);
  });

  it("prints its version and help with exit 0", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    expect(cli(["--version"]).stdout.trim()).toBe(pkg.version);
    const help = cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--dry-run");
  });
});

describe("safe by default", () => {
  const commitAll = (message: string) => {
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", message);
  };

  it("with no path, prints the usage and exits 2 without touching the current folder", () => {
    gitCopyOfSample();
    const run = cli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: llrt-migrate");
    expect(run.stderr).toContain("name the project to migrate");
    expect(readFileSync(join(dir, "template.yaml"), "utf8")).toContain("nodejs18.x");
  });

  it("refuses to write outside a git work tree unless --force, and says why", () => {
    cpSync(fixturePath("projects", "sam-app"), dir, { recursive: true });
    const refused = cli(["."]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toContain("is not in a git work tree, so the changes could not be reviewed or reverted");
    expect(readFileSync(join(dir, "template.yaml"), "utf8")).toContain("nodejs18.x");
    expect(cli([".", "--dry-run", "--quiet"]).code).toBe(0);

    expect(cli([".", "--force", "--quiet"]).code).toBe(0);
    expect(readFileSync(join(dir, "template.yaml"), "utf8")).toContain("provided.al2023");
  });

  it("checks the whole repository that holds the path, not only the path", () => {
    gitCopyOfSample();
    writeFileSync(join(dir, "NOTES.md"), "work in progress outside src/\n");
    const refused = cli(["src"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to write: 1 uncommitted change(s) in the repository at");
    expect(refused.stderr).toContain("(NOTES.md)");
    expect(readFileSync(join(dir, "src/orders.mjs"), "utf8")).not.toContain("async function");
  });

  it("never lets a report make the tree dirty: inside the repository its path must be git-ignored", () => {
    gitCopyOfSample();
    const refused = cli([".", "--dry-run", "--quiet", "--report", "llrt.sarif"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to write the report llrt.sarif inside the repository");
    expect(existsSync(join(dir, "llrt.sarif"))).toBe(false);

    writeFileSync(join(dir, ".gitignore"), "*.sarif\n");
    commitAll("ignore reports");
    expect(cli([".", "--quiet", "--report", "llrt.sarif"]).code).toBe(0);
    expect(existsSync(join(dir, "llrt.sarif"))).toBe(true);
    commitAll("migrated");
    // The report left behind does not stop the next run.
    expect(cli([".", "--quiet", "--report", "llrt.sarif"]).code).toBe(0);
    expect(git("status", "--porcelain")).toBe("");
  });

  it("prints a plain progress line to stderr while it runs when stderr is not a terminal", () => {
    gitCopyOfSample();
    // The default is one line at least every 2 s; a 0 ms interval makes the sample run long enough.
    const run = cli([".", "--dry-run"], dir, { LLRT_MIGRATE_PROGRESS_MS: "0" });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^llrt-migrate: 2\/\d+ files$/m);
  });
});

describe("rules a user controls", () => {
  it("--list-rules prints every rule, whether it edits or only reports, and its description", () => {
    const run = cli(["--list-rules"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^handler-async\s+edits\s+Callback-style handlers/m);
    expect(run.stdout).toMatch(/^llrt-compat\s+reports\s+Reports Node\.js modules/m);
    expect(run.stdout).toMatch(/^terraform-llrt\s+edits\s+/m);
  });

  it("--rules and --skip-rules choose the rules; an unknown name is a usage error", () => {
    gitCopyOfSample();
    const only = JSON.parse(cli([".", "--dry-run", "--json", "--rules", "handler-async"]).stdout);
    expect(only.files.filter((f: { status: string }) => f.status === "changed").map((f: { path: string }) => f.path)).toEqual(["src/orders.mjs"]);
    const skipped = JSON.parse(cli([".", "--dry-run", "--json", "--skip-rules", "handler-async,llrt-compat"]).stdout);
    expect(skipped.files.filter((f: { status: string }) => f.status === "changed").map((f: { path: string }) => f.path)).toEqual(["template.yaml"]);
    const bad = cli([".", "--dry-run", "--rules", "handler-asink"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("llrt-migrate: --rules: unknown rule(s) handler-asink (--list-rules lists them)\n");
  });

  it("reads the settings file with the App's schema; flags override it", () => {
    gitCopyOfSample();
    writeFileSync(join(dir, "llrt-migrate.config.yml"), "arch: x86_64\nskipRules: [handler-async]\nlabels: [llrt]   # an App setting: accepted, ignored\n");
    const fromFile = cli([".", "--dry-run"]);
    expect(fromFile.stdout).not.toContain("src/orders.mjs");
    expect(fromFile.stdout).toContain("llrt-lambda-x64.zip");
    const overridden = cli([".", "--dry-run", "--arch", "arm64", "--skip-rules", "llrt-compat"]);
    expect(overridden.stdout).toContain("src/orders.mjs");
    expect(overridden.stdout).toContain("llrt-lambda-arm64.zip");

    writeFileSync(join(dir, "llrt-migrate.config.yml"), "variant: fat\n");
    const bad = cli([".", "--dry-run"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/llrt-migrate\.config\.yml: variant: Invalid option/);
  });

  it("finds .github/llrt-migrate.yml at the repository root when migrating a subfolder", () => {
    gitCopyOfSample();
    mkdirSync(join(dir, ".github"));
    writeFileSync(join(dir, ".github", "llrt-migrate.yml"), "rules: [handler-async]\n");
    const run = cli(["src", "--dry-run", "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(["handler-async"]);
  });

  it("writes SARIF paths from the repository root, even for a subfolder", () => {
    gitCopyOfSample();
    writeFileSync(join(dir, ".gitignore"), "*.sarif\n");
    expect(cli(["src", "--dry-run", "--quiet", "--report", "out.sarif"]).code).toBe(0);
    const run = JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "src/orders.mjs", uriBaseId: "%SRCROOT%" });
    expect(run.tool.driver.rules[0].shortDescription.text).not.toMatch(/^llrt-migrate rule/);
  });
});
