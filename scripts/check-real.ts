// npm run check:real -- <folder> [--cli bin/llrt-migrate.js] [--timeout 90] [--jobs 2] [--max-noise 100]
//
// Runs the built CLI on every project under <folder>, each copied into a fresh git repository, and
// checks what a user would get. A project is a directory that holds a package.json or IaC (a SAM or
// CloudFormation template, serverless.yml, Terraform, cdk.json), taken at the shallowest level: its
// subfolders are part of it (a folder that is itself a project is checked as one). Per project:
// - every changed file parses with the parser for its type (hard);
// - its bytes keep their style: valid UTF-8 stays so, a BOM stays, CRLF stays CRLF (hard);
// - no comment is lost, except those a finding reports removing (hard);
// - noise: changed lines whose tokens did not change (re-indentation, quotes, wrapping, blank lines);
// - the dry-run diff applies with `git apply` (hard), and a second run changes nothing (hard);
// - the JSON agrees with the diff: a function moved to a new runtime has it in its changed IaC (hard);
// - no test or tool configuration file is rewritten (hard), and a blocked function keeps its runtime (hard).
// Prints one line per project and a summary; exits 1 when a hard check failed anywhere.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { parse as babelParse } from "@babel/parser";
import { diffArrays, structuredPatch } from "diff";
import { z } from "zod";
import { isCodeFile } from "../src/engine/code-rule";
import { parserOptions, readCode } from "../src/engine/code-reading";
import { dataReader } from "../src/engine/data-reading";
import { commentText } from "../src/engine/text-reading";
import type { TextReading } from "../src/engine/text-reading";
import { isTestOrToolFile } from "../src/engine/scope";
import { decodeFile } from "../src/engine/utf8";

const repoRoot = resolve(import.meta.dirname, "..");

const Args = z.object({
  folder: z.string().min(1),
  cli: z.string().default(join(repoRoot, "bin/llrt-migrate.js")),
  timeout: z.coerce.number().positive().default(90),
  jobs: z.coerce.number().int().positive().default(Math.min(2, availableParallelism())),
  maxNoise: z.coerce.number().min(0).max(100).default(100),
});
type Args = z.infer<typeof Args>;

function parseArgs(argv: string[]): Args {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = /^--([a-z-]+)$/.exec(argv[i]);
    if (flag) values[flag[1].replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = argv[++i] ?? "";
    else positional.push(argv[i]);
  }
  const parsed = Args.safeParse({ ...values, folder: positional[0] });
  if (!parsed.success || positional.length !== 1) {
    console.error("usage: npm run check:real -- <folder> [--cli bin/llrt-migrate.js] [--timeout seconds] [--jobs n] [--max-noise percent]");
    process.exit(2);
  }
  return parsed.data;
}

const skippedDirs = new Set(["node_modules", ".git", "dist", "cdk.out", ".aws-sam", ".serverless", ".terraform", "coverage"]);

function isProject(dir: string): boolean {
  return readdirSync(dir).some((name) =>
    name === "package.json" || name === "cdk.json" || /^serverless\.ya?ml$/.test(name) || /\.(tf|template)$/.test(name) ||
    (/^(template|.*\.template)\.(ya?ml|json)$/.test(name) || (/\.(ya?ml|json)$/.test(name) && /AWS::(Serverless|Lambda)::Function/.test(readFileSync(join(dir, name), "utf8")))),
  );
}

/** The shallowest directories under `root` (itself included) that are projects. */
function findProjects(root: string): string[] {
  if (isProject(root)) return [root];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !skippedDirs.has(e.name) && !e.name.startsWith("."))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => findProjects(join(root, e.name)));
}

const Result = z.object({
  functions: z.array(z.object({ name: z.string(), source: z.string(), file: z.string(), runtime: z.object({ before: z.string().nullable(), after: z.string().nullable() }), verdict: z.string() })),
  files: z.array(z.object({ path: z.string(), status: z.string() })),
  findings: z.array(z.object({ rule: z.string(), severity: z.string(), file: z.string(), removedComments: z.array(z.string()).optional() })),
});
type Result = z.infer<typeof Result>;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runCli(args: Args, cwd: string, extra: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [args.cli, ".", "--quiet", ...extra], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => void (stdout += c));
    child.stderr.on("data", (c: Buffer) => void (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), args.timeout * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, timedOut: signal === "SIGKILL" });
    });
  });
}

const git = (cwd: string, ...args: string[]) => spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });

function gitRepoOf(project: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "check-real-")), basename(project) || "project");
  cpSync(project, dir, { recursive: true, filter: (src) => !["node_modules", ".git"].includes(basename(src)) });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "-c", "user.email=check@example.com", "-c", "user.name=check", "commit", "-qm", "before", "--no-verify", "--allow-empty");
  return dir;
}

function readerFor(path: string, before: string): ((text: string) => TextReading | Promise<TextReading>) | undefined {
  if (isCodeFile(path)) return (text) => readCode(path, text);
  return dataReader(path, before);
}

/** Token keys on each line (index 0 = line 1): a line whose keys all survive elsewhere is noise. */
function tokensByLine(path: string, text: string): string[][] {
  const lines: string[][] = text.split("\n").map(() => []);
  if (isCodeFile(path)) {
    try {
      const ast = babelParse(text, { ...parserOptions(path), tokens: true, errorRecovery: true });
      for (const token of (ast.tokens ?? []) as Array<{ type: string | { label: string }; value?: unknown; loc: { start: { line: number }; end: { line: number } } }>) {
        const kind = typeof token.type === "string" ? token.type : token.type.label;
        const key = kind.startsWith("Comment") ? `#${commentText(String(token.value))}` : `${kind}:${token.value ?? ""}`;
        for (let line = token.loc.start.line; line <= token.loc.end.line; line++) lines[line - 1]?.push(key);
      }
      return lines;
    } catch {
      // fall through to the generic tokens
    }
  }
  text.split("\n").forEach((line, i) => void lines[i].push(...(line.match(/[\w$.@-]+|[^\s\w$.@-]/g) ?? [])));
  return lines;
}

/** Changed lines of one file, and how many of them change no token. */
function noise(path: string, before: string, after: string): { changed: number; noise: number } {
  const oldTokens = tokensByLine(path, before);
  const newTokens = tokensByLine(path, after);
  let changed = 0;
  let quiet = 0;
  for (const hunk of structuredPatch(path, path, before, after, "", "", { context: 0 }).hunks) {
    const removed = Array.from({ length: hunk.oldLines }, (_, i) => hunk.oldStart + i);
    const added = Array.from({ length: hunk.newLines }, (_, i) => hunk.newStart + i);
    const flat = (lines: number[], tokens: string[][]) => lines.flatMap((line) => (tokens[line - 1] ?? []).map((key) => ({ key, line })));
    const oldFlat = flat(removed, oldTokens);
    const newFlat = flat(added, newTokens);
    const touchedOld = new Set<number>();
    const touchedNew = new Set<number>();
    let o = 0;
    let n = 0;
    for (const part of diffArrays(oldFlat.map((t) => t.key), newFlat.map((t) => t.key))) {
      const count = part.count ?? part.value.length;
      if (part.removed) for (let i = 0; i < count; i++) touchedOld.add(oldFlat[o++].line);
      else if (part.added) for (let i = 0; i < count; i++) touchedNew.add(newFlat[n++].line);
      else (o += count), (n += count);
    }
    changed += removed.length + added.length;
    quiet += removed.filter((l) => !touchedOld.has(l)).length + added.filter((l) => !touchedNew.has(l)).length;
  }
  return { changed, noise: quiet };
}

/** Comments `before` has and `after` lacks, less the ones findings report removing. */
function lostComments(before: TextReading, after: TextReading, reported: string[]): number {
  const left = new Map<string, number>();
  for (const text of [...after.comments.map((c) => c.text), ...reported.map(commentText)]) left.set(text, (left.get(text) ?? 0) + 1);
  return before.comments.filter((c) => {
    const n = left.get(c.text) ?? 0;
    left.set(c.text, n - 1);
    return n <= 0;
  }).length;
}

/** Whether the bytes kept their style: UTF-8, BOM, CRLF. Undefined when they did. */
function byteStyleProblem(before: Buffer, after: Buffer): string | undefined {
  const b = decodeFile(before);
  const a = decodeFile(after);
  if (!b.utf8) return "a file that is not UTF-8 was rewritten";
  if (!a.utf8) return "the new text is not valid UTF-8";
  if (b.text.startsWith("\uFEFF") !== a.text.startsWith("\uFEFF")) return "the BOM was not kept";
  const crlfOnly = (t: string) => t.includes("\r\n") && !/(^|[^\r])\n/.test(t);
  if (crlfOnly(b.text) && !crlfOnly(a.text)) return "CRLF line endings were not kept on every line";
  if (!b.text.includes("\r") && a.text.includes("\r")) return "LF line endings became CRLF";
  return undefined;
}

/** The runtime as IaC may spell it: `provided.al2023`, `PROVIDED_AL2023`, `"provided.al2023"`. */
const mentionsRuntime = (text: string, runtime: string) => new RegExp(runtime.replace(/[._]/g, "[._]"), "i").test(text);

interface ProjectReport {
  name: string;
  seconds: number;
  filesChanged: number;
  functions: number;
  /** Functions by verdict: ready, needs-attention, blocked. */
  verdicts: Record<string, number>;
  gateRefusals: number;
  parseFailures: string[];
  byteProblems: string[];
  commentsLost: number;
  commentFiles: string[];
  changedLines: number;
  noiseLines: number;
  applyFailed?: string;
  secondRun: string[];
  disagreements: string[];
  /** Test and tool configuration files the diff changes. */
  toolFilesChanged: string[];
  /** Blocked functions whose runtime the JSON says changed. */
  blockedMoved: string[];
  runError?: string;
}

const hardFailures = (r: ProjectReport) =>
  [
    r.runError && `run: ${r.runError}`,
    r.parseFailures.length && `parse: ${r.parseFailures.join(", ")}`,
    r.byteProblems.length && `bytes: ${r.byteProblems.join(", ")}`,
    r.commentsLost && `comments lost: ${r.commentsLost} in ${r.commentFiles.join(", ")}`,
    r.applyFailed && `git apply: ${r.applyFailed}`,
    r.secondRun.length && `second run changes ${r.secondRun.join(", ")}`,
    r.disagreements.length && `JSON/diff: ${r.disagreements.join("; ")}`,
    r.toolFilesChanged.length && `test or tool files rewritten: ${r.toolFilesChanged.join(", ")}`,
    r.blockedMoved.length && `blocked functions moved: ${r.blockedMoved.join(", ")}`,
  ].filter((x): x is string => !!x);

async function checkProject(args: Args, project: string, name: string): Promise<ProjectReport> {
  const started = Date.now();
  const report: ProjectReport = {
    name, seconds: 0, filesChanged: 0, functions: 0, verdicts: {}, gateRefusals: 0, parseFailures: [], byteProblems: [], commentsLost: 0, commentFiles: [],
    changedLines: 0, noiseLines: 0, secondRun: [], disagreements: [], toolFilesChanged: [], blockedMoved: [],
  };
  const dir = gitRepoOf(project);
  try {
    const jsonPath = join(dir, "..", "result.json");
    const first = await runCli(args, dir, ["--dry-run", "--report", jsonPath]);
    if (first.timedOut || first.code === null || first.code > 1 || !existsSync(jsonPath)) {
      report.runError = first.timedOut ? `timed out after ${args.timeout}s` : `exit ${first.code}: ${first.stderr.trim().split("\n").pop() ?? ""}`;
      return report;
    }
    const result: Result = Result.parse(JSON.parse(readFileSync(jsonPath, "utf8")));
    report.functions = result.functions.length;
    for (const fn of result.functions) report.verdicts[fn.verdict] = (report.verdicts[fn.verdict] ?? 0) + 1;
    report.blockedMoved = result.functions.filter((f) => f.verdict === "blocked" && f.runtime.after !== f.runtime.before).map((f) => f.name);
    report.gateRefusals = result.findings.filter((f) => f.rule === "output-gate").length;

    const apply = spawnSync("git", ["apply", "--whitespace=nowarn", "--allow-empty", "-"], { cwd: dir, input: first.stdout, encoding: "utf8" });
    if (apply.status !== 0) {
      report.applyFailed = apply.stderr.trim().split("\n")[0] ?? `exit ${apply.status}`;
      return report;
    }
    const changed = git(dir, "status", "--porcelain", "--untracked-files=all").stdout.split("\n").filter(Boolean).map((l) => l.slice(3));
    const reported = result.files.filter((f) => f.status === "changed").map((f) => f.path).sort();
    report.filesChanged = changed.length;
    report.toolFilesChanged = changed.filter((path) => isTestOrToolFile(path));
    if (changed.slice().sort().join() !== reported.join()) report.disagreements.push(`files changed by the diff [${changed.join(", ")}] vs the JSON [${reported.join(", ")}]`);

    for (const path of changed) {
      const beforeBytes = git(dir, "cat-file", "-e", `HEAD:${path}`).status === 0 ? spawnSync("git", ["show", `HEAD:${path}`], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).stdout : Buffer.alloc(0);
      const afterBytes = readFileSync(join(dir, path));
      const bytes = byteStyleProblem(beforeBytes, afterBytes);
      if (bytes) report.byteProblems.push(`${path}: ${bytes}`);
      const plain = (b: Buffer) => decodeFile(b).text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
      const before = plain(beforeBytes);
      const after = plain(afterBytes);
      const read = readerFor(path, before);
      if (read) {
        const [b, a] = [await read(before), await read(after)];
        if (a.syntax && !b.syntax) report.parseFailures.push(`${path}:${a.syntax.line} ${a.syntax.message}`);
        const removed = result.findings.filter((f) => f.file === path).flatMap((f) => f.removedComments ?? []);
        const lost = b.syntax || a.syntax ? 0 : lostComments(b, a, removed);
        if (lost) (report.commentsLost += lost), report.commentFiles.push(path);
      }
      const n = noise(path, before, after);
      report.changedLines += n.changed;
      report.noiseLines += n.noise;
    }

    for (const fn of result.functions) {
      const { before, after } = fn.runtime;
      if (fn.source === "heuristic" || !after || after === before) continue;
      if (!changed.includes(fn.file)) {
        report.disagreements.push(`${fn.name} reported moved to ${after} but ${fn.file} did not change`);
      } else if (!mentionsRuntime(readFileSync(join(dir, fn.file), "utf8"), after)) {
        report.disagreements.push(`${fn.name} reported on ${after}, which ${fn.file} does not name`);
      }
    }

    git(dir, "add", "-A");
    git(dir, "-c", "user.email=check@example.com", "-c", "user.name=check", "commit", "-qm", "migrated", "--no-verify", "--allow-empty");
    const second = await runCli(args, dir, ["--dry-run"]);
    if (second.timedOut || second.code === null || second.code > 1) report.runError = `second run: ${second.timedOut ? "timed out" : `exit ${second.code}`}`;
    else report.secondRun = [...second.stdout.matchAll(/^diff --git a\/(\S+)/gm)].map((m) => m[1]);
    return report;
  } finally {
    report.seconds = (Date.now() - started) / 1000;
    rmSync(join(dir, ".."), { recursive: true, force: true });
  }
}

const verdictNames = ["ready", "needs-attention", "blocked"] as const;
const verdictFigures = (count: (verdict: string) => number) => verdictNames.map((v) => `${count(v)} ${v}`).join(", ");

function line(r: ProjectReport): string {
  const failures = hardFailures(r);
  const pct = r.changedLines ? ` (${((100 * r.noiseLines) / r.changedLines).toFixed(0)}%)` : "";
  const figures = `changed ${r.filesChanged} files, ${r.functions} functions (${verdictFigures((v) => r.verdicts[v] ?? 0)}), gate refused ${r.gateRefusals}, noise ${r.noiseLines}/${r.changedLines}${pct}`;
  return `${failures.length ? "FAIL" : "ok  "} ${r.name}: ${figures}, ${r.seconds.toFixed(1)}s${failures.length ? `\n       ${failures.join("\n       ")}` : ""}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = resolve(args.folder);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    console.error(`not a folder: ${args.folder}`);
    process.exit(2);
  }
  const projects = findProjects(root);
  const reports: ProjectReport[] = new Array(projects.length);
  let next = 0;
  const worker = async () => {
    while (next < projects.length) {
      const i = next++;
      const name = relative(root, projects[i]) || basename(root);
      reports[i] = await checkProject(args, projects[i], name);
      console.log(line(reports[i]));
    }
  };
  await Promise.all(Array.from({ length: Math.min(args.jobs, projects.length) }, worker));

  const sum = (pick: (r: ProjectReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const changedLines = sum((r) => r.changedLines);
  const noisePct = changedLines ? (100 * sum((r) => r.noiseLines)) / changedLines : 0;
  const failed = reports.filter((r) => hardFailures(r).length);
  console.log(
    [
      `\n${projects.length} projects, ${sum((r) => r.filesChanged)} files changed, ${sum((r) => r.functions)} functions (${verdictFigures((v) => sum((r) => r.verdicts[v] ?? 0))}), ${sum((r) => r.gateRefusals)} outputs refused by the gate`,
      `outputs that fail to parse: ${sum((r) => r.parseFailures.length)}`,
      `byte-style problems: ${sum((r) => r.byteProblems.length)}`,
      `comment blocks lost: ${sum((r) => r.commentsLost)}`,
      `noise: ${sum((r) => r.noiseLines)} of ${changedLines} changed lines (${noisePct.toFixed(1)}%)`,
      `dry-run diffs that git apply rejects: ${reports.filter((r) => r.applyFailed).length}`,
      `second runs that change something: ${reports.filter((r) => r.secondRun.length).length}`,
      `JSON/diff disagreements: ${sum((r) => r.disagreements.length)}`,
      `test or tool configuration files rewritten: ${sum((r) => r.toolFilesChanged.length)}`,
      `blocked functions whose runtime changed: ${sum((r) => r.blockedMoved.length)}`,
      `runs that crashed or timed out: ${reports.filter((r) => r.runError).length}`,
      `${failed.length} of ${projects.length} projects fail a hard check`,
    ].join("\n"),
  );
  process.exit(failed.length || noisePct > args.maxNoise ? 1 : 0);
}

await main();
