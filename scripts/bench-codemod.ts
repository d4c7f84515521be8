// `npm run bench:codemod [-- <folder>] [--files N] [--runs N] [--no-baselines]`: how fast a full dry run
// is at monorepo scale (cold, without the result cache, and a warm re-run with nothing changed), against aws-sdk-js-codemod alone and a bare @babel/parser pass over the same
// files, in the same run. Without a folder it writes a synthetic monorepo (5,000 files by default) to
// a temporary directory. Prints wall time, files/s and peak RSS; a script, never a timed test.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { parse } from "@babel/parser";
import { writeSyntheticMonorepo } from "./synthetic-monorepo";

const repo = resolve(import.meta.dirname, "..");
const skipped = new Set(["node_modules", ".git", "dist", "cdk.out", ".aws-sam", ".serverless", ".terraform"]);
const codeFile = /\.(?:[cm]?[jt]s|[jt]sx)$/;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    files: { type: "string", default: "5000" },
    runs: { type: "string", default: "1" },
    "no-baselines": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});

interface Measure {
  seconds: number;
  peakRssMiB?: number;
}

/** Runs a command, output discarded; the preload (hookModule) records its peak RSS at exit. */
function timed(command: string, args: string[]): Promise<Measure> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NODE_OPTIONS: `--import=${hookModule()}` } });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr = (stderr + chunk).slice(-2000)));
    child.on("error", fail);
    child.on("close", (code) => {
      // Exit 1 means findings remain: the run itself completed.
      if (code !== 0 && code !== 1) return fail(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr}`));
      done({ seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** An ESM preload module written once per run: it records the process's peak RSS when it exits. */
let hookPath: string | undefined;
function hookModule(): string {
  if (hookPath) return hookPath;
  hookPath = join(mkdtempSync(join(tmpdir(), "llrt-bench-hook-")), "peak-rss.mjs");
  writeFileSync(
    hookPath,
    `import { writeFileSync } from "node:fs";\nconst out = process.env.LLRT_BENCH_RSS_FILE;\nprocess.on("exit", () => { if (out) writeFileSync(out, String(process.resourceUsage().maxRSS)); });\n`,
  );
  return hookPath;
}

function codeFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name)) codeFiles(join(dir, entry.name), out);
    } else if (codeFile.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
      out.push(join(dir, entry.name));
    }
  }
  return out;
}

function babelPass(files: string[]): Measure {
  const started = performance.now();
  for (const file of files) {
    const ts = /\.[cm]?tsx?$/.test(file);
    try {
      parse(readFileSync(file, "utf8"), { sourceType: "unambiguous", plugins: ts ? ["typescript", ...(file.endsWith("x") ? (["jsx"] as const) : [])] : ["jsx"], errorRecovery: true });
    } catch {
      // A file Babel cannot parse costs what it cost; the tools compared skip it too.
    }
  }
  return { seconds: (performance.now() - started) / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function best(runs: number, run: () => Promise<Measure>): Promise<Measure> {
  const all: Measure[] = [];
  for (let i = 0; i < runs; i++) all.push(await run());
  const seconds = median(all.map((m) => m.seconds));
  const rss = all.map((m) => m.peakRssMiB).filter((x): x is number => x !== undefined);
  return { seconds, peakRssMiB: rss.length ? Math.max(...rss) : undefined };
}

function line(label: string, m: Measure, files: number): string {
  const rss = m.peakRssMiB === undefined ? "" : `  peak RSS ${m.peakRssMiB.toFixed(0)} MiB`;
  return `${label.padEnd(28)} ${m.seconds.toFixed(2).padStart(7)} s  ${(files / m.seconds).toFixed(0).padStart(6)} files/s${rss}`;
}

async function main(): Promise<void> {
  const runs = Number(values.runs);
  let dir = positionals[0] ? resolve(positionals[0]) : undefined;
  let generated = false;
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), "llrt-bench-monorepo-"));
    generated = true;
    const tree = writeSyntheticMonorepo(dir, Number(values.files));
    console.log(`synthetic monorepo: ${dir}: ${tree.files} files (+${tree.nodeModulesFiles} in node_modules), ${(tree.bytes / 1e6).toFixed(1)} MB, ${tree.functions} functions`);
  } else if (!statSync(dir).isDirectory()) {
    throw new Error(`not a directory: ${dir}`);
  }
  const files = codeFiles(dir);
  console.log(`${files.length} JS/TS files outside node_modules; ${runs} run(s) each, median shown`);

  const cli = join(repo, "bin", "llrt-migrate.js");
  const dryRun = [cli, dir, "--dry-run", "--json", "--quiet", "--force"];
  const ours = await best(runs, () => withRssFile(() => timed(process.execPath, [...dryRun, "--no-cache"])));
  console.log(line("llrt-migrate --dry-run", ours, files.length));
  // A re-run with nothing changed: the first run fills a fresh cache, the second reads it.
  const cacheDir = mkdtempSync(join(tmpdir(), "llrt-bench-cache-"));
  await timed(process.execPath, [...dryRun, "--cache-dir", cacheDir]);
  const warm = await best(runs, () => withRssFile(() => timed(process.execPath, [...dryRun, "--cache-dir", cacheDir])));
  rmSync(cacheDir, { recursive: true, force: true });
  console.log(line("llrt-migrate warm re-run", warm, files.length));
  console.log(`warm re-run / cold run: ${(warm.seconds / ours.seconds).toFixed(2)}`);
  if (!values["no-baselines"]) {
    const codemodBin = join(repo, "node_modules", "aws-sdk-js-codemod", "bin", "aws-sdk-js-codemod");
    const codemodArgs = [codemodBin, "-t", "v2-to-v3", "--dry", "--silent", "--parser=tsx", "--extensions=js,mjs,cjs,ts,mts,cts,jsx,tsx", "--ignore-pattern=**/node_modules/**", dir];
    const codemod = await best(runs, () => withRssFile(() => timed(process.execPath, codemodArgs)));
    console.log(line("aws-sdk-js-codemod alone", codemod, files.length));
    const babel = await best(runs, async () => babelPass(files));
    console.log(line("@babel/parser pass alone", babel, files.length));
    console.log(`ratio llrt-migrate / codemod: ${(ours.seconds / codemod.seconds).toFixed(2)}x; codemod / bare parse: ${(codemod.seconds / babel.seconds).toFixed(1)}x`);
  }
  if (generated && !values.keep) rmSync(dir, { recursive: true, force: true });
}

/** Points the preload at a fresh file for one measured process. */
async function withRssFile(run: () => Promise<Measure>): Promise<Measure> {
  const file = join(tmpdir(), `llrt-bench-rss-${process.pid}-${Date.now()}`);
  process.env.LLRT_BENCH_RSS_FILE = file;
  try {
    const measure = await run();
    try {
      measure.peakRssMiB = Number(readFileSync(file, "utf8")) / 1024;
      rmSync(file);
    } catch {
      // No figure when the process never reached its exit handler.
    }
    return measure;
  } finally {
    delete process.env.LLRT_BENCH_RSS_FILE;
  }
}

main().catch((error: unknown) => {
  console.error(`bench:codemod: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
