// The migration engine: pure and in memory. Infrastructure files first (they name the functions and
// their handler files), then every JS/TS file parsed once with all code rules, then verdicts.
import jscodeshift from "jscodeshift";
import picomatch from "picomatch";
import { llrtRelease } from "../compat/release";
import { iacFormats } from "../iac";
import type { IacFunction, IacMigration } from "../iac/types";
import { tool } from "../version";
import type { CodeRule, CodeRuleContext } from "./code-rule";
import { isCodeFile, parserFor, printOptions } from "./code-rule";
import { describeError, errorPosition, ParseError } from "./errors";
import { dedupeFindings } from "./findings";
import { findExportedFunctions, looksLikeHandler } from "./exports";
import { relativeImports, resolveRelative } from "./imports";
import { gateOutputs } from "./output-gate";
import { plainProject } from "./text-style";
import type { Project } from "./project";
import { dirname } from "./project";
import type { ExternalFiles, ProjectRule } from "./project-rule";
import { parseFailureRule } from "./rule-catalog";
import { codeRules as defaultCodeRules, projectRules as defaultProjectRules } from "./rules";
import type {
  FileChange,
  FileReport,
  Finding,
  LambdaFunction,
  MigrationOptions,
  MigrationResult,
  RuleFinding,
  Verdict,
} from "./types";
import { defaultOptions } from "./types";

export interface MigrateHooks {
  /** Called after each file is processed, for progress display. */
  onFile?(path: string, index: number, total: number): void;
  /** Replaces the code rules (tests). */
  codeRules?: CodeRule[];
  /** Replaces the project rules (tests). */
  projectRules?: ProjectRule[];
  /** Files outside the project, such as node_modules on disk (the CLI provides them; the App does not). */
  external?: ExternalFiles;
}

interface FileOutcome {
  report: FileReport;
  findings: Finding[];
  after?: string;
}

type FoundFunction = Omit<LambdaFunction, "verdict"> & { findings: Finding[] };

const stamp = (file: string, findings: RuleFinding[]): Finding[] => findings.map((f) => ({ ...f, file }));

function errorOutcome(path: string, error: unknown): FileOutcome {
  const message = describeError(error);
  const pos = errorPosition(error);
  return {
    report: { path, status: "error", rules: [], error: message },
    findings: [{ rule: parseFailureRule.name, severity: "error", file: path, ...pos, message: `${message}; the file was left untouched.` }],
  };
}

function parseCode(path: string, source: string) {
  const j = jscodeshift.withParser(parserFor(path));
  try {
    return { j, root: j(source) };
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    throw new ParseError(`syntax error: ${describeError(error).replace(/ \(\d+:\d+\)$/, "")}`, loc?.line, loc ? loc.column + 1 : undefined);
  }
}

async function migrateCodeFile(
  path: string,
  source: string,
  handlerExports: string[],
  options: MigrationOptions,
  rules: CodeRule[],
  heuristics: FoundFunction[],
  facts: Pick<CodeRuleContext, "bundled" | "resolveRelative"> = {},
): Promise<FileOutcome> {
  const applicable = rules.filter((rule) => rule.mayApply(source));
  // Files no infrastructure names may still be handlers: look for handler-shaped exports.
  const mayBeHandler = handlerExports.length === 0 && /\bexports\b|\bexport\s/.test(source);
  if (applicable.length === 0 && !mayBeHandler) return { report: { path, status: "unchanged", rules: [] }, findings: [] };
  const { j, root } = parseCode(path, source);

  if (mayBeHandler) {
    for (const exported of findExportedFunctions(j, root).filter(looksLikeHandler)) {
      const module = path.replace(/\.[^./]+$/, "");
      heuristics.push({
        name: `${module}.${exported.exportName}`,
        source: "heuristic",
        file: path,
        handler: `${module.split("/").pop()}.${exported.exportName}`,
        entry: path,
        runtime: { before: null, after: null },
        findings: [],
      });
    }
  }

  const findings: Finding[] = [];
  const changedBy: string[] = [];
  for (const rule of applicable) {
    const report = (f: RuleFinding) => findings.push({ ...f, file: path });
    try {
      const changed = await rule.apply({ j, root, file: path, source, options, handlerExports, report, ...facts });
      if (changed) changedBy.push(rule.name);
    } catch (error) {
      throw new Error(`rule ${rule.name} failed: ${describeError(error)}`);
    }
  }
  if (changedBy.length === 0) return { report: { path, status: "unchanged", rules: [] }, findings };
  const after = root.toSource(printOptions(source));
  return { report: { path, status: after === source ? "unchanged" : "changed", rules: changedBy }, findings, after };
}

/** Files reachable from an entry through relative imports: the code a function actually runs. */
function reachable(entry: string, imports: Map<string, string[]>): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length) {
    for (const next of imports.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) queue.push(next), seen.add(next);
    }
  }
  return seen;
}

/** Files that `entries` reach and `others` do not. */
function reachedOnlyFrom(entries: string[], others: string[], imports: Map<string, string[]>): Set<string> {
  const elsewhere = new Set(others.flatMap((entry) => [...reachable(entry, imports)]));
  return new Set(entries.flatMap((entry) => [...reachable(entry, imports)]).filter((file) => !elsewhere.has(file)));
}

/**
 * Files that only bundled functions reach. Entries are left out: an ESM bundle of a CommonJS entry
 * exports only `default` (esbuild), so the handler's named export must be ESM in the source.
 */
function bundledFiles(bundledEntries: string[], unbundledEntries: string[], imports: Map<string, string[]>): Set<string> {
  const entries = new Set(bundledEntries);
  return new Set([...reachedOnlyFrom(bundledEntries, unbundledEntries, imports)].filter((file) => !entries.has(file)));
}

function verdictOf(findings: Finding[]): Verdict {
  if (findings.some((f) => f.severity === "error")) return "blocked";
  if (findings.some((f) => f.severity === "warning")) return "needs-attention";
  return "ready";
}

/** What the phases of one run share. */
interface Run {
  project: Project;
  opts: MigrationOptions;
  hooks: MigrateHooks;
  outcomes: Map<string, FileOutcome>;
  functions: FoundFunction[];
  /** Relative imports of every code file: which files a function's entry reaches. */
  imports: Map<string, string[]>;
  /** Infrastructure files that failed, by the folder whose functions they may declare. */
  unreadInfrastructure: Map<string, string>;
  /** Whether the user's rule selection (options.rules / skipRules) runs this rule. */
  selected(rule: string): boolean;
  progress(path: string): void;
}

/** An infrastructure file's migration with its edits and findings dropped: the functions as they are. */
function unedited(migration: IacMigration, text: string): IacMigration {
  return {
    ...migration,
    text,
    findings: [],
    functions: migration.functions.map((fn) => ({ ...fn, runtime: { before: fn.runtime.before, after: fn.runtime.before }, findings: [] })),
  };
}

/** Phase 1, infrastructure: names the functions, their handler files, and whether a build bundles them. */
async function runInfrastructure(run: Run, paths: string[]): Promise<{ bundledEntries: string[]; unbundledEntries: string[] }> {
  const bundledEntries: string[] = [];
  const unbundledEntries: string[] = [];
  for (const path of paths) {
    const text = run.project.read(path)!;
    const format = iacFormats.find((f) => f.detect(path, text));
    if (!format) {
      // Code files count in phase 2; the rest (package.json, tsconfig.json...) need no per-file work.
      if (!isCodeFile(path)) run.progress(path);
      continue;
    }
    try {
      const migrated = await format.migrate({ path, text, project: run.project, options: run.opts });
      // A rule the user did not select still names the functions (their code is migrated), but edits nothing.
      const migration = run.selected(format.rule) ? migrated : unedited(migrated, text);
      const changed = migration.text !== text;
      run.outcomes.set(path, {
        report: { path, status: changed ? "changed" : "unchanged", rules: changed ? [format.rule] : [] },
        findings: stamp(path, migration.findings),
        after: changed ? migration.text : undefined,
      });
      run.functions.push(...migration.functions.map((fn: IacFunction) => ({
        name: fn.name, source: format.source, file: path, handler: fn.handler, entry: fn.entry,
        runtime: fn.runtime, findings: stamp(path, fn.findings), ...(fn.skipped ? { skipped: fn.skipped } : {}),
      })));
      for (const fn of migration.functions) if (fn.entry) (fn.bundled ? bundledEntries : unbundledEntries).push(fn.entry);
    } catch (error) {
      run.outcomes.set(path, errorOutcome(path, error));
      run.unreadInfrastructure.set(path, format.scope?.(path, run.project) ?? dirname(path));
    }
    run.progress(path);
  }
  return { bundledEntries, unbundledEntries };
}

/** Phase 2, code: every JS/TS file, whichever function it belongs to, parsed once for all rules. */
async function runCode(run: Run, paths: string[], entries: { bundledEntries: string[]; unbundledEntries: string[] }): Promise<void> {
  const { project, outcomes, imports } = run;
  const handlerExports = new Map<string, string[]>();
  for (const fn of run.functions) {
    const exportName = fn.handler.slice(fn.handler.lastIndexOf(".") + 1);
    if (fn.entry) handlerExports.set(fn.entry, [...(handlerExports.get(fn.entry) ?? []), exportName]);
  }
  const codePaths = paths.filter((path) => !outcomes.has(path) && isCodeFile(path));
  for (const path of codePaths) imports.set(path, relativeImports(project, path, project.read(path)!));
  const bundled = bundledFiles(entries.bundledEntries, entries.unbundledEntries, imports);
  // Code that only opted-out functions run stays as it is: those functions stay on Node.js.
  const skippedEntries = run.functions.filter((fn) => fn.skipped && fn.entry).map((fn) => fn.entry!);
  const otherEntries = run.functions.filter((fn) => !fn.skipped && fn.entry).map((fn) => fn.entry!);
  const optedOut = reachedOnlyFrom(skippedEntries, otherEntries, imports);
  const rules = (run.hooks.codeRules ?? defaultCodeRules).filter((rule) => run.selected(rule.name));
  const heuristics: FoundFunction[] = [];
  for (const path of codePaths) {
    if (optedOut.has(path)) {
      outcomes.set(path, { report: { path, status: "skipped", rules: [] }, findings: [] });
      run.progress(path);
      continue;
    }
    try {
      const source = project.read(path)!;
      const facts = { bundled: bundled.has(path), resolveRelative: (specifier: string) => resolveRelative(project, path, specifier) };
      outcomes.set(path, await migrateCodeFile(path, source, handlerExports.get(path) ?? [], run.opts, rules, heuristics, facts));
    } catch (error) {
      outcomes.set(path, errorOutcome(path, error));
    }
    run.progress(path);
  }
  run.functions.push(...heuristics);
}

/** Phase 3, project rules: dependency manifests and cross-file facts, on the project as migrated so far. */
async function runProjectRules(run: Run): Promise<{ working: Project; findings: Finding[] }> {
  const { outcomes } = run;
  const working = run.project.clone();
  for (const [path, outcome] of outcomes) if (outcome.after !== undefined) working.write(path, outcome.after);
  const findings: Finding[] = [];
  for (const rule of (run.hooks.projectRules ?? defaultProjectRules).filter((r) => run.selected(r.name))) {
    // Each rule works on a copy, adopted only when it succeeds: a failing rule cannot take the run
    // down nor leave half its edits behind.
    const candidate = working.clone();
    const ruleFindings: Finding[] = [];
    try {
      await rule.apply({
        project: candidate,
        original: run.project,
        options: run.opts,
        functions: run.functions,
        reachableFrom: (entry) => reachable(entry, run.imports),
        external: run.hooks.external,
        report: (file, finding) => ruleFindings.push({ ...finding, file }),
      });
    } catch (error) {
      const message = `rule ${rule.name} failed: ${describeError(error)}; its changes were dropped.`;
      findings.push({ rule: rule.name, severity: "error", file: "", ...errorPosition(error), message });
      continue;
    }
    findings.push(...ruleFindings);
    for (const path of candidate.paths()) {
      if (candidate.read(path) === working.read(path)) continue;
      working.write(path, candidate.read(path)!);
      const outcome = outcomes.get(path) ?? { report: { path, status: "unchanged" as const, rules: [] }, findings: [] };
      outcome.report = { ...outcome.report, status: "changed", rules: [...outcome.report.rules, rule.name] };
      outcome.after = working.read(path);
      outcomes.set(path, outcome);
    }
  }
  return { working, findings };
}

/**
 * The infrastructure files whose failure a function's verdict counts: for a guessed (heuristic)
 * function, those that may declare it, since what they say about it was never read.
 */
function unreadDeclarations(run: Run, fn: Pick<LambdaFunction, "source" | "file">): Set<string> {
  if (fn.source !== "heuristic") return new Set();
  const within = (scope: string) => scope === "" || fn.file.startsWith(`${scope}/`);
  return new Set([...run.unreadInfrastructure].filter(([, scope]) => within(scope)).map(([path]) => path));
}

/** Phase 4, results: each function's verdict covers its own findings, the code it reaches and, for a guessed one, infrastructure that failed around it. */
function assembleResult(run: Run, working: Project, projectFindings: Finding[]): MigrationResult {
  const { outcomes, project } = run;
  // A Set: the output gate's refusal of an IaC file is also each of its functions' own finding.
  const all = [...new Set([...outcomes.values()].flatMap((o) => o.findings).concat(run.functions.flatMap((f) => f.findings), projectFindings))];
  all.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const functions: LambdaFunction[] = run.functions.map(({ findings: own, ...fn }) => {
    const files = new Set([...(fn.entry ? reachable(fn.entry, run.imports) : []), ...unreadDeclarations(run, fn)]);
    const relevant = all.filter((f) => own.includes(f) || files.has(f.file));
    for (const finding of relevant) finding.functions = [...(finding.functions ?? []), fn.name];
    return { ...fn, verdict: verdictOf(relevant) };
  });
  const findings = dedupeFindings(all);
  const changes: FileChange[] = [];
  const files: FileReport[] = [];
  for (const path of working.paths()) {
    const outcome = outcomes.get(path);
    if (!outcome) continue;
    const before = project.read(path);
    if (outcome.report.status === "changed" && outcome.after !== undefined && outcome.after !== before) {
      changes.push({ path, before: before ?? "", after: outcome.after });
    } else if (outcome.report.status === "changed") {
      outcome.report = { ...outcome.report, status: "unchanged" };
    }
    files.push(outcome.report);
  }
  const count = (severity: Finding["severity"]) => findings.filter((f) => f.severity === severity).length;
  return {
    tool: { ...tool },
    llrt: { version: run.opts.llrtVersion ?? llrtRelease.version, variant: run.opts.variant },
    summary: {
      filesScanned: files.length,
      filesChanged: changes.length,
      errors: count("error"),
      warnings: count("warning"),
      infos: count("info"),
    },
    functions,
    files,
    findings,
    changes,
  };
}

export async function migrateProject(
  original: Project,
  options: Partial<MigrationOptions> = {},
  hooks: MigrateHooks = {},
): Promise<MigrationResult> {
  const opts: MigrationOptions = { ...defaultOptions, ...options };
  const { project, restoreStyle } = plainProject(original);
  // `exclude` globs leave files out entirely: not read, not edited, not reported.
  const excluded = opts.exclude.length ? picomatch(opts.exclude, { dot: true }) : () => false;
  const paths = project.paths().filter((path) => !excluded(path));
  let done = 0;
  const run: Run = {
    project, opts, hooks, outcomes: new Map(), functions: [], imports: new Map(), unreadInfrastructure: new Map(),
    selected: (rule) => (!opts.rules?.length || opts.rules.includes(rule)) && !opts.skipRules?.includes(rule),
    progress: (path) => hooks.onFile?.(path, ++done, paths.length),
  };
  const entries = await runInfrastructure(run, paths);
  await runCode(run, paths, entries);
  const { working, findings } = await runProjectRules(run);
  await gateOutputs({ original: project, outcomes: run.outcomes, functions: run.functions, projectFindings: findings });
  const result = assembleResult(run, working, findings);
  return { ...result, changes: restoreStyle(result.changes) };
}
