// `npm run bench:package`: what installing llrt-migrate costs a user, against the targets of issue #12:
// packages and bytes the tarball adds to an empty project, `llrt-migrate --version` wall time (median
// of 5), and how soon a dry run of fixtures/projects/sam-app prints its first line (median of 5).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { packAndInstall } from "./packed-install";

const repoRoot = join(import.meta.dirname, "..");
const runs = 5;

/** Bytes of every file below `dir`, hard links counted once (esbuild-style postinstalls link binaries). */
function diskBytes(dir: string, seen = new Set<number>()): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const stat = lstatSync(path);
    if (entry.isDirectory()) total += diskBytes(path, seen);
    else if (!seen.has(stat.ino)) {
      seen.add(stat.ino);
      total += stat.size;
    }
  }
  return total;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Milliseconds until the command's first output byte (stdout or stderr), or its end. */
function msToFirstOutput(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let first: number | undefined;
    const mark = () => (first ??= performance.now() - start);
    child.stdout.once("data", mark);
    child.stderr.once("data", mark);
    child.on("error", reject);
    child.on("close", () => resolve(first ?? performance.now() - start));
  });
}

function msToExit(command: string, args: string[], cwd: string): number {
  const start = performance.now();
  const run = spawnSync(command, args, { cwd, stdio: "ignore" });
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${run.status}`);
  return performance.now() - start;
}

/**
 * CPU seconds (user + sys) the command used, through GNU time when the machine has it: unlike wall
 * time, it does not grow when other processes share the cores.
 */
function cpuMs(command: string, args: string[], cwd: string): number | undefined {
  const run = spawnSync("/usr/bin/time", ["-f", "%U %S", command, ...args], { cwd, encoding: "utf8" });
  const last = run.stderr?.trim().split("\n").pop() ?? "";
  const match = /^([\d.]+) ([\d.]+)$/.exec(last);
  return match ? (Number(match[1]) + Number(match[2])) * 1000 : undefined;
}

const installed = packAndInstall(repoRoot);
try {
  const bin = join(installed.project, "node_modules", ".bin", "llrt-migrate");
  const ls = spawnSync("npm", ["ls", "--all", "--parseable"], { cwd: installed.project, encoding: "utf8" });
  const packages = ls.stdout.split("\n").filter(Boolean).length - 1; // minus the project itself
  const megabytes = diskBytes(join(installed.project, "node_modules")) / 1e6;

  // Node's own start-up on this machine right now: wall times on a busy (shared) machine are read against it.
  const baseline: number[] = [];
  for (let i = 0; i < runs; i++) baseline.push(msToExit(process.execPath, ["-e", "0"], installed.project));
  const version: number[] = [];
  for (let i = 0; i < runs; i++) version.push(msToExit(bin, ["--version"], installed.project));

  cpSync(join(repoRoot, "fixtures", "projects", "sam-app"), join(installed.project, "sam-app"), { recursive: true });
  const firstLine: number[] = [];
  for (let i = 0; i < runs; i++) firstLine.push(await msToFirstOutput(bin, ["sam-app", "--dry-run"], installed.project));

  const versionCpu = cpuMs(bin, ["--version"], installed.project);
  const dryRunCpu = cpuMs(bin, ["sam-app", "--dry-run"], installed.project);
  const baselineCpu = cpuMs(process.execPath, ["-e", "0"], installed.project);
  const rows: Array<[string, string, string, boolean]> = [
    ["packages added by the install", String(packages), "<= 40", packages <= 40],
    ["size of node_modules", `${megabytes.toFixed(1)} MB`, "<= 40 MB", megabytes <= 40],
    [`llrt-migrate --version (median of ${runs})`, `${median(version).toFixed(0)} ms`, "<= 300 ms", median(version) <= 300],
    [`dry run of sam-app, first line (median of ${runs})`, `${median(firstLine).toFixed(0)} ms`, "<= 1000 ms", median(firstLine) <= 1000],
    [`node -e 0, for reference (median of ${runs})`, `${median(baseline).toFixed(0)} ms`, "", true],
  ];
  if (versionCpu !== undefined && dryRunCpu !== undefined && baselineCpu !== undefined) {
    rows.push(
      ["CPU (user+sys): --version", `${versionCpu.toFixed(0)} ms`, "", true],
      ["CPU (user+sys): whole dry run of sam-app", `${dryRunCpu.toFixed(0)} ms`, "", true],
      ["CPU (user+sys): node -e 0", `${baselineCpu.toFixed(0)} ms`, "", true],
    );
  }
  console.log("| measure | value | target | |\n|---|---|---|---|");
  for (const [what, value, target, ok] of rows) console.log(`| ${what} | ${value} | ${target} | ${target ? (ok ? "ok" : "MISSED") : ""} |`);
  console.log(`\n(tarball ${installed.tarball.split("/").pop()}; node ${process.version}; all runs: --version ${version.map((v) => v.toFixed(0)).join(", ")} ms; first line ${firstLine.map((v) => v.toFixed(0)).join(", ")} ms)`);
} finally {
  installed.remove();
}
