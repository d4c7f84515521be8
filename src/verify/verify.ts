// `verify`: each function before and after the migration, run on the same events with AWS answered
// the same way, and compared. The original is the text on disk; the migrated one is the engine's
// in-memory result (nothing is written). Both are bundled as their runtime loads them (../bench).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleFunction } from "../bench/bundle";
import type { BenchTarget } from "../bench/target";
import { describeError } from "../engine/errors";
import { migrateProject } from "../engine/migrate";
import type { Project } from "../engine/project";
import type { LambdaFunction, MigrationOptions, MigrationResult } from "../engine/types";
import { defaultOptions } from "../engine/types";
import { diskExternalFiles, readProject } from "../fs/read-project";
import { LocalAwsEndpoint } from "./aws-endpoint";
import type { AwsResponses } from "./aws-responses";
import type { Comparison } from "./compare";
import { compareRuns } from "./compare";
import type { VerifyEvent } from "./events";
import { eventsFor } from "./events";
import { buildLlrtShape } from "./llrt-shape";
import type { SideRun, SideRuntime } from "./run-side";
import { runSide, runtimeLabel } from "./run-side";

export interface VerifyOptions {
  functionName?: string;
  event?: VerifyEvent;
  /** A real LLRT binary for the migrated version; otherwise Node.js in LLRT-shaped mode. */
  llrtBin?: string;
  awsResponses?: AwsResponses;
  /** Longest wait for one invocation. */
  timeoutMs?: number;
  migration?: Partial<MigrationOptions>;
  /** The migration to verify (default: the engine's); tests hand in a deliberately broken one. */
  migrate?: typeof migrateProject;
}

export interface FunctionVerification {
  name: string;
  entry: string | null;
  handler: string;
  /** Where each event came from, in the order they were sent. */
  events: string[];
  verify: Comparison;
  /** What each version did (absent when not run before running). */
  runs?: { original: SideRun; migrated: SideRun };
}

export interface VerifyResult {
  runtimes: { original: string; migrated: string };
  /** True when the migrated code ran on a real LLRT binary, false for the LLRT-shaped Node.js mode. */
  realLlrt: boolean;
  functions: FunctionVerification[];
  summary: { same: number; differs: number; notRun: number };
}

/** An empty object is what a direct `aws lambda invoke` without a payload sends. */
const emptyEvent: VerifyEvent = { source: "an empty event {} (no --event, event file or trigger found)", event: {} };

const isNode = (fn: LambdaFunction) => fn.runtime.before === null || /^nodejs/.test(fn.runtime.before);
const staysOnNode = (fn: LambdaFunction) => fn.runtime.after !== null && fn.runtime.after === fn.runtime.before;

/** `node_modules` folders from `dir` up to the filesystem root (for bundling without an install). */
function nodeModulesUpFrom(dir: string): string[] {
  const found: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    if (existsSync(join(at, "node_modules"))) found.push(join(at, "node_modules"));
    if (dirname(at) === at) return found;
  }
}

/** Where llrt-migrate itself is installed: packages the project lacks (the AWS SDKs) may come from there. */
const ownDir = dirname(fileURLToPath(import.meta.url));

function notRun(fn: LambdaFunction & { entry: string | null }, events: VerifyEvent[], reason: string): FunctionVerification {
  return { name: fn.name, entry: fn.entry, handler: fn.handler, events: events.map((e) => e.source), verify: { status: "not run", reason } };
}

/** Reads the project at `root`, migrates it in memory and verifies the result. */
export async function verifyProject(root: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const project = readProject(resolve(root));
  const result = await (options.migrate ?? migrateProject)(project, { ...defaultOptions, ...options.migration }, { external: diskExternalFiles(resolve(root)) });
  return verifyMigration(root, project, result, options);
}

/** The migration result with each verified function's outcome in `functions[].verify`. */
export function withVerification(result: MigrationResult, verification: VerifyResult): MigrationResult {
  const outcomes = new Map(verification.functions.map((f) => [f.name, f.verify]));
  return { ...result, functions: result.functions.map((fn) => (outcomes.has(fn.name) ? { ...fn, verify: outcomes.get(fn.name) } : fn)) };
}

/** Verifies an engine result for the project it came from (`llrt-migrate --verify` has one already). */
export async function verifyMigration(root: string, project: Project, result: MigrationResult, options: VerifyOptions = {}): Promise<VerifyResult> {
  const absRoot = resolve(root);
  const migrated = new Map(result.changes.map((c) => [resolve(absRoot, c.path), c.after] as const));
  const nodeFunctions = result.functions.filter((fn) => isNode(fn) && !fn.skipped);
  const chosen = options.functionName ? nodeFunctions.filter((fn) => fn.name === options.functionName) : nodeFunctions;
  if (options.functionName && chosen.length === 0) {
    throw new Error(`no Node.js function named ${options.functionName} in ${root} (found: ${nodeFunctions.map((f) => f.name).join(", ") || "none"})`);
  }
  const migratedRuntime: SideRuntime = options.llrtBin ? { kind: "llrt", bin: options.llrtBin } : { kind: "llrt-shaped", shape: buildLlrtShape() };
  const originalRuntime: SideRuntime = { kind: "node" };
  const nodePaths = [...new Set([...nodeModulesUpFrom(absRoot), ...nodeModulesUpFrom(ownDir)])];
  const aws = new LocalAwsEndpoint(options.awsResponses);
  const awsUrl = await aws.start();
  const functions: FunctionVerification[] = [];
  try {
    for (const fn of chosen) {
      const found = eventsFor(project, fn, result.functions, options.event);
      const events = found.length ? found : [emptyEvent];
      if (fn.entry === null) {
        functions.push(notRun(fn, events, "its handler file is not in the project"));
        continue;
      }
      if (staysOnNode(fn)) {
        functions.push(notRun(fn, events, `it stays on ${fn.runtime.after} (see its findings)`));
        continue;
      }
      const target: BenchTarget = { root: absRoot, fn: { ...fn, entry: fn.entry }, exportName: fn.handler.slice(fn.handler.lastIndexOf(".") + 1), migrated };
      let code: { original: string; migrated: string };
      try {
        const [original, after] = await Promise.all([bundleFunction(target, "node", nodePaths), bundleFunction(target, "llrt", nodePaths)]);
        code = { original, migrated: after };
      } catch (error) {
        functions.push(notRun(fn, events, `${describeError(error)} (install the project's dependencies first)`));
        continue;
      }
      const side = (runtime: SideRuntime, bundled: string) =>
        runSide({
          code: bundled,
          exportName: target.exportName,
          runtime,
          events: events.map((e) => e.event),
          aws,
          awsUrl,
          fallbackRoots: [absRoot, ownDir],
          timeoutMs: options.timeoutMs ?? 30_000,
          graceMs: 150,
        });
      const original = await side(originalRuntime, code.original);
      const after = await side(migratedRuntime, code.migrated);
      functions.push({ name: fn.name, entry: fn.entry, handler: fn.handler, events: events.map((e) => e.source), verify: compareRuns(original, after), runs: { original, migrated: after } });
    }
  } finally {
    await aws.close();
  }
  const count = (status: Comparison["status"]) => functions.filter((f) => f.verify.status === status).length;
  return {
    runtimes: { original: runtimeLabel(originalRuntime), migrated: runtimeLabel(migratedRuntime) },
    realLlrt: migratedRuntime.kind === "llrt",
    functions,
    summary: { same: count("same"), differs: count("differs"), notRun: count("not run") },
  };
}
