// The migration engine: pure and in memory.
// 1. Infrastructure files name the functions, their handler files and runtimes.
// 2. Scope: code rules see only the files functions reach (guessed functions only where no
//    infrastructure declares any), never tests or tool configuration; each such file is parsed once.
// 3. Settle (./stay.ts decides): a function whose code is blocked, or that its infrastructure leaves
//    on Node.js, stays on Node.js with code Node.js runs. The infrastructure is edited with that
//    decision, project rules run, and verdicts come from the result, until no other function stays.
import jscodeshift from "jscodeshift";
import type { Collection, JSCodeshift } from "jscodeshift";
import { llrtRelease } from "../compat/release";
import { iacFormats } from "../iac";
import { llrtRuntime } from "../iac/code-check";
import type { IacFormat, IacInput, IacMigration } from "../iac/types";
import { tool } from "../version";
import type { CodeRule, CodeRuleContext } from "./code-rule";
import { isCodeFile, parserFor, printOptions } from "./code-rule";
import { describeError, errorPosition, ParseError } from "./errors";
import { dedupeFindings } from "./findings";
import { findExportedFunctions, looksLikeHandler } from "./exports";
import { gateOutputs } from "./output-gate";
import { plainProject } from "./text-style";
import { importSpecifiers, resolveRelative } from "./imports";
import type { Project } from "./project";
import { dirname } from "./project";
import type { ExternalFiles, ProjectRule } from "./project-rule";
import { ImportGraph } from "./reach";
import { parseFailureRule } from "./rule-catalog";
import type { ResultCache } from "./result-cache";
import { remember, rememberNow, withRunMemory } from "./result-cache";
import { codeRules as defaultCodeRules, projectRules as defaultProjectRules } from "./rules";
import { gitignoreMatcher, isTestOrToolFile } from "./scope";
import type { CodeOutcome, Decisions, Traced } from "./stay";
import { codeAsDecided, functionKey, nextDecisions, noDecisions, stayingFunctions } from "./stay";
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
  /** Per-file results remembered from earlier runs (not used when the rules are replaced). */
  cache?: ResultCache;
}

interface FileOutcome {
  report: FileReport;
  findings: Finding[];
  after?: string;
}

type FoundFunction = Traced & { findings: Finding[] };

interface Parsed {
  j: JSCodeshift;
  root: Collection;
}

const stamp = (file: string, findings: RuleFinding[]): Finding[] => findings.map((f) => ({ ...f, file }));

function errorOutcome(path: string, error: unknown): FileOutcome {
  const message = describeError(error);
  const pos = errorPosition(error);
  return {
    report: { path, status: "error", rules: [], error: message },
    findings: [{ rule: parseFailureRule.name, severity: "error", file: path, ...pos, message: `${message}; the file was left untouched.` }],
  };
}

function parseCode(path: string, source: string): Parsed {
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
  facts: Pick<CodeRuleContext, "bundled" | "resolveRelative"> = {},
  parsed?: Parsed,
): Promise<FileOutcome> {
  const applicable = rules.filter((rule) => rule.mayApply(source));
  if (applicable.length === 0) return { report: { path, status: "unchanged", rules: [] }, findings: [] };
  const { j, root } = parsed ?? parseCode(path, source);
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

function verdictOf(findings: Finding[]): Verdict {
  if (findings.some((f) => f.severity === "error")) return "blocked";
  if (findings.some((f) => f.severity === "warning")) return "needs-attention";
  return "ready";
}

/** An infrastructure file that was read, with the migration its format proposes when no function is kept. */
interface IacFile {
  path: string;
  text: string;
  format: IacFormat;
  listing: IacMigration;
}

/** What the phases of one run share. */
interface Run {
  project: Project;
  opts: MigrationOptions;
  hooks: MigrateHooks;
  graph: ImportGraph;
  iacFiles: IacFile[];
  /** Outcomes that do not depend on which functions stay: failed infrastructure, skipped code. */
  fixed: Map<string, FileOutcome>;
  /** Code rules' outcome on every file in scope, as if every function moved. */
  code: Map<string, CodeOutcome>;
  heuristics: FoundFunction[];
  /** Infrastructure files that failed, by the folder whose functions they may declare. */
  unreadInfrastructure: Map<string, string>;
  /** Whether the user's rule selection (options.rules / skipRules) runs this rule. */
  selected(rule: string): boolean;
  progress(path: string): void;
  /** Results remembered within this run (the rounds repeat the project rules and the gate) and, from the hooks, across runs. */
  cache: ResultCache;
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

/** A format's migration of one file; a rule the user did not select still names the functions, but edits nothing. */
async function migrateIac(run: Run, format: IacFormat, input: IacInput): Promise<IacMigration> {
  const migrated = await format.migrate(input);
  return run.selected(format.rule) ? migrated : unedited(migrated, input.text);
}

/** Phase 1, infrastructure: which functions exist, their handler files, whether a build bundles them. */
async function readInfrastructure(run: Run, paths: string[]): Promise<void> {
  for (const path of paths) {
    const text = run.project.read(path)!;
    const format = iacFormats.find((f) => f.detect(path, text));
    if (!format) continue;
    try {
      const listing = await migrateIac(run, format, { path, text, project: run.project, options: run.opts });
      run.iacFiles.push({ path, text, format, listing });
    } catch (error) {
      run.fixed.set(path, errorOutcome(path, error));
      run.unreadInfrastructure.set(path, format.scope?.(path, run.project) ?? dirname(path));
    }
    run.progress(path);
  }
}

function iacFunctions(file: IacFile, migration: IacMigration): FoundFunction[] {
  return migration.functions.map((fn) => ({
    name: fn.name, source: file.format.source, file: file.path, handler: fn.handler, entry: fn.entry,
    runtime: fn.runtime, findings: stamp(file.path, fn.findings), ...(fn.skipped ? { skipped: fn.skipped } : {}),
    ...(fn.bundled ? { bundled: fn.bundled } : {}),
  }));
}

/**
 * Phase 2a, guessed functions: a file exporting a handler-shaped function is one, but only outside the
 * folders infrastructure covers (with functions declared there, even container images or other
 * languages, other exports are library code) and never in tests or tool configuration. Returns the trees parsed on the way, for the code rules.
 */
function findHeuristicFunctions(run: Run, codePaths: string[], iacEntries: Set<string>): Map<string, Parsed> {
  const covered = run.iacFiles.filter((f) => f.listing.functions.length > 0 || f.listing.unlisted).map((f) => f.format.scope?.(f.path, run.project) ?? dirname(f.path));
  const within = (scope: string, path: string) => scope === "" || path.startsWith(`${scope}/`);
  const parsed = new Map<string, Parsed>();
  for (const path of codePaths) {
    if (iacEntries.has(path) || isTestOrToolFile(path) || covered.some((scope) => within(scope, path))) continue;
    const source = run.project.read(path)!;
    if (!/\bexports\b|\bexport\s/.test(source)) continue;
    const found = rememberNow<{ handlers: string[] } | { error: FileOutcome }>(run.cache, "handler-exports", [path, source], () => {
      try {
        const tree = parseCode(path, source);
        parsed.set(path, tree);
        return { handlers: findExportedFunctions(tree.j, tree.root).filter(looksLikeHandler).map((exported) => exported.exportName) };
      } catch (error) {
        return { error: errorOutcome(path, error) };
      }
    });
    if ("error" in found) {
      run.fixed.set(path, found.error);
      continue;
    }
    const module = path.replace(/\.[^./]+$/, "");
    for (const exportName of found.handlers) {
      run.heuristics.push({
        name: `${module}.${exportName}`, source: "heuristic", file: path,
        handler: `${module.split("/").pop()}.${exportName}`, entry: path, runtime: { before: null, after: null }, findings: [],
      });
    }
  }
  return parsed;
}

/** Phase 2b, code: every file a function reaches, parsed once for all rules, as if every function moved. */
async function analyseCode(run: Run, paths: string[]): Promise<void> {
  const codePaths = paths.filter((path) => isCodeFile(path) && !run.fixed.has(path));
  const listed = run.iacFiles.flatMap((file) => iacFunctions(file, file.listing));
  const parsed = findHeuristicFunctions(run, codePaths, new Set(listed.flatMap((fn) => (fn.entry ? [fn.entry] : []))));
  const functions = [...listed, ...run.heuristics];
  const handlerExports = new Map<string, string[]>();
  for (const fn of functions) {
    const exportName = fn.handler.slice(fn.handler.lastIndexOf(".") + 1);
    if (fn.entry) handlerExports.set(fn.entry, [...(handlerExports.get(fn.entry) ?? []), exportName]);
  }
  const entriesOf = (fns: FoundFunction[]) => fns.flatMap((fn) => (fn.entry ? [fn.entry] : []));
  // Files that only bundled functions reach, entries left out: an ESM bundle of a CommonJS entry
  // exports only `default` (esbuild), so the handler's named export must be ESM in the source.
  const bundledEntries = entriesOf(functions.filter((fn) => fn.bundled));
  const bundled = run.graph.reachedOnlyFrom(bundledEntries, entriesOf(functions.filter((fn) => !fn.bundled)));
  for (const entry of bundledEntries) bundled.delete(entry);
  // Code that only opted-out functions run is not read: those functions stay as they are.
  const inScope = new Set(entriesOf(functions.filter((fn) => !fn.skipped)).flatMap((entry) => [...run.graph.reachable(entry)]));
  const skippedOnly = run.graph.reachedOnlyFrom(entriesOf(functions.filter((fn) => fn.skipped)), [...inScope]);
  const rules = (run.hooks.codeRules ?? defaultCodeRules).filter((rule) => run.selected(rule.name));
  for (const path of codePaths) {
    if (skippedOnly.has(path)) run.fixed.set(path, { report: { path, status: "skipped", rules: [] }, findings: [] });
    if (!inScope.has(path)) {
      run.progress(path);
      continue;
    }
    if (isTestOrToolFile(path)) {
      run.code.set(path, {
        report: { path, status: "unchanged", rules: [] },
        findings: [{
          rule: "scope", severity: "warning", file: path, line: 1, column: 1,
          message: "Function code imports this test or tool configuration file; llrt-migrate never rewrites those.",
          fix: "Check that it loads on LLRT as it is (an ES module if it is a .js file), or move what the function needs out of it.",
        }],
      });
      run.progress(path);
      continue;
    }
    const source = run.project.read(path)!;
    const exportNames = handlerExports.get(path) ?? [];
    // What the rules may learn about other files: where this file's relative specifiers lead.
    const resolutions = new Map(importSpecifiers(source).filter((s) => s.startsWith(".")).map((s) => [s, resolveRelative(run.project, path, s) ?? null]));
    let askedOtherFiles = false;
    const facts = {
      bundled: bundled.has(path),
      resolveRelative: (specifier: string) => {
        if (!resolutions.has(specifier)) askedOtherFiles = true;
        return resolveRelative(run.project, path, specifier);
      },
    };
    const key = [path, source, exportNames, run.opts, rules.map((r) => r.name), facts.bundled, [...resolutions]];
    const outcome = await remember(run.cache, "code-file", key, async () => {
      try {
        return await migrateCodeFile(path, source, exportNames, run.opts, rules, facts, parsed.get(path));
      } catch (error) {
        return errorOutcome(path, error);
      }
    }, () => !askedOtherFiles);
    run.code.set(path, outcome);
    run.progress(path);
  }
}

/** One settled state: the infrastructure edited with the current decisions, and everything that follows. */
interface Settled {
  functions: FoundFunction[];
  /** The functions that do not move to LLRT. */
  staying: Set<Traced>;
  /** Moving functions that share a file with staying ones whose LLRT edits Node.js cannot run. */
  conflicts: Map<string, Finding[]>;
  outcomes: Map<string, FileOutcome>;
  working: Project;
  projectFindings: Finding[];
}

/** Each infrastructure file edited so that the functions that stay keep their runtime. */
async function editInfrastructure(run: Run, decisions: Decisions): Promise<{ functions: FoundFunction[]; outcomes: Map<string, FileOutcome> }> {
  const input = (file: IacFile) => ({ path: file.path, text: file.text, project: run.project, options: run.opts });
  const edited = await Promise.all(run.iacFiles.map(async (file) => {
    const keep = new Map(file.listing.functions.flatMap((fn) => {
      const reason = decisions.stay.get(functionKey({ file: file.path, name: fn.name }));
      return reason ? [[fn.name, reason] as const] : [];
    }));
    return { file, keep, migration: keep.size ? await migrateIac(run, file.format, { ...input(file), keep }) : file.listing };
  }));
  // The runtime each function has in the infrastructure as edited, read back by the same format (with
  // every file edited: Terraform takes variables from its siblings): what the JSON says is what the diff does.
  const project = run.project.clone();
  for (const { file, migration } of edited) project.write(file.path, migration.text);
  const changedAny = edited.some(({ file, migration }) => migration.text !== file.text);
  const functions: FoundFunction[] = [];
  const outcomes = new Map<string, FileOutcome>();
  for (const { file, keep, migration } of edited) {
    const changed = migration.text !== file.text;
    const reread = changedAny ? await migrateIac(run, file.format, { ...input(file), text: migration.text, project, keep }) : migration;
    const runtimeNow = new Map(reread.functions.map((fn) => [fn.name, fn.runtime.before]));
    outcomes.set(file.path, {
      report: { path: file.path, status: changed ? "changed" : "unchanged", rules: changed ? [file.format.rule] : [] },
      findings: stamp(file.path, migration.findings),
      after: changed ? migration.text : undefined,
    });
    const optedOut = new Set(file.listing.functions.filter((fn) => fn.skipped).map((fn) => fn.name));
    // The user did not select this file's rule: its functions' runtimes are theirs to change.
    const runtimeLeftToUser = !run.selected(file.format.rule);
    for (const { skipped: _kept, ...fn } of iacFunctions(file, migration)) {
      const after = runtimeNow.has(fn.name) ? runtimeNow.get(fn.name)! : fn.runtime.before;
      const found: FoundFunction = {
        ...fn, runtime: { before: fn.runtime.before, after }, rule: file.format.rule,
        ...(optedOut.has(fn.name) ? { skipped: true as const } : {}), ...(runtimeLeftToUser ? { runtimeLeftToUser } : {}),
      };
      if (!found.skipped && !runtimeLeftToUser && !keep.has(fn.name) && after !== llrtRuntime && !found.findings.some((f) => f.severity !== "info")) {
        found.findings.push({
          rule: file.format.rule, severity: "warning", file: file.path, line: 1, column: 1,
          message: `${fn.name} stays on ${after ?? "its current runtime"}: llrt-migrate did not change its runtime.`,
          fix: `Set its runtime to ${llrtRuntime} by hand once its code is ready, or mark it llrt-migrate-ignore.`,
        });
      }
      functions.push(found);
    }
  }
  return { functions, outcomes };
}

/** Phase 3, project rules: dependency manifests and cross-file facts, on the project as migrated so far. */
async function runProjectRules(
  run: Run,
  outcomes: Map<string, FileOutcome>,
  functions: FoundFunction[],
  staying: Set<Traced>,
): Promise<{ working: Project; findings: Finding[] }> {
  const working = run.project.clone();
  for (const [path, outcome] of outcomes) if (outcome.after !== undefined) working.write(path, outcome.after);
  const findings: Finding[] = [];
  // Project rules leave alone what belongs to functions that stay, as they do for opted-out ones.
  const listed = functions.map((found) => {
    const { findings: _own, ...fn } = found;
    return staying.has(found) ? { ...fn, skipped: true as const } : fn;
  });
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
        functions: listed,
        reachableFrom: (entry) => run.graph.reachable(entry),
        remember: (kind, parts, compute) => rememberNow(run.cache, `${rule.name}:${kind}`, parts, compute),
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

/** Every finding of a settled state, and for each function those that count towards its verdict. */
function findingsOf(run: Run, state: Settled, decisions: Decisions): { all: Finding[]; relevant: Map<FoundFunction, Finding[]> } {
  const all = [...state.outcomes.values()].flatMap((o) => o.findings).concat(state.functions.flatMap((f) => f.findings), state.projectFindings);
  const relevant = new Map(state.functions.map((fn) => {
    const files = new Set([...(fn.entry ? run.graph.reachable(fn.entry) : []), ...unreadDeclarations(run, fn)]);
    return [fn, all.filter((f) => fn.findings.includes(f) || files.has(f.file))] as const;
  }));
  // What made a function stay counts when nothing else blocks it now (the file it came from may be
  // left as it was); the result merges duplicates.
  for (const [fn, found] of relevant) {
    const reasons = decisions.reasons.get(functionKey(fn)) ?? [];
    if (found.some((f) => f.severity === "error")) continue;
    found.push(...reasons);
    all.push(...reasons.filter((f) => !all.includes(f)));
  }
  return { all, relevant };
}

/** Phase 3: the infrastructure, code and project rules as the decisions say. */
async function settle(run: Run, decisions: Decisions): Promise<Settled> {
  const infrastructure = await editInfrastructure(run, decisions);
  const functions = [...infrastructure.functions, ...run.heuristics];
  const staying = stayingFunctions(functions, decisions, llrtRuntime);
  const rules = run.hooks.codeRules ?? defaultCodeRules;
  const nodeSafe = (name: string) => rules.some((rule) => rule.name === name && rule.nodeSafe);
  const code = codeAsDecided(run.code, functions, staying, (entry) => run.graph.reachable(entry), nodeSafe);
  // Copies: project rules and the output gate edit outcomes in place, and the next round starts afresh.
  const outcomes = new Map<string, FileOutcome>(
    [...run.fixed, ...infrastructure.outcomes, ...code.outcomes].map(([path, o]) => [path, { ...o, findings: [...o.findings] }]),
  );
  const state: Settled = { functions, staying, outcomes, working: run.project, projectFindings: [], conflicts: code.conflicts };
  if (code.conflicts.size) return state; // more functions stay: decide again before the rest
  const { working, findings } = await runProjectRules(run, outcomes, functions, staying);
  // The output gate, last: a file it refuses is left as it was, and verdicts count its error.
  await gateOutputs({ original: run.project, outcomes, functions, projectFindings: findings, cache: run.cache });
  // A refusal is final: later rounds start from the code file as the gate left it.
  for (const [path, outcome] of outcomes) if (outcome.report.status === "error" && run.code.has(path)) run.code.set(path, outcome);
  return { ...state, working, projectFindings: findings };
}

/** Phase 4, results: verdicts, file reports and the changes, all from the settled state. */
function assembleResult(run: Run, state: Settled, decisions: Decisions): MigrationResult {
  const { all, relevant } = findingsOf(run, state, decisions);
  const concerns = new Map<Finding, string[]>();
  const functions: LambdaFunction[] = state.functions.map((found) => {
    const { findings: _own, bundled: _bundled, rule: _rule, runtimeLeftToUser: _byUser, ...fn } = found;
    for (const finding of relevant.get(found)!) concerns.set(finding, [...(concerns.get(finding) ?? []), fn.name]);
    return { ...fn, verdict: verdictOf(relevant.get(found)!) };
  });
  const findings = dedupeFindings(all.map((f) => (concerns.has(f) ? { ...f, functions: concerns.get(f)! } : f)));
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const changes: FileChange[] = [];
  const files: FileReport[] = [];
  for (const path of state.working.paths()) {
    const outcome = state.outcomes.get(path);
    if (!outcome) continue;
    const before = run.project.read(path);
    let report = outcome.report;
    if (report.status === "changed" && outcome.after !== undefined && outcome.after !== before) {
      changes.push({ path, before: before ?? "", after: outcome.after });
    } else if (report.status === "changed") {
      report = { ...report, status: "unchanged" };
    }
    files.push(report);
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
  // `exclude` patterns (.gitignore semantics) leave files out entirely: not read, not edited, not reported.
  const excluded = gitignoreMatcher(opts.exclude);
  const paths = project.paths().filter((path) => !excluded(path));
  let done = 0;
  const run: Run = {
    project, opts, hooks, graph: new ImportGraph(project), iacFiles: [], fixed: new Map(), code: new Map(), heuristics: [],
    unreadInfrastructure: new Map(),
    selected: (rule) => (!opts.rules?.length || opts.rules.includes(rule)) && !opts.skipRules?.includes(rule),
    progress: (path) => hooks.onFile?.(path, ++done, paths.length),
    // Replaced rules (tests) are not what results remembered across runs came from.
    cache: withRunMemory(hooks.codeRules || hooks.projectRules ? undefined : hooks.cache),
  };
  await readInfrastructure(run, paths);
  for (const path of paths) if (!isCodeFile(path) && !iacFormats.some((f) => f.detect(path, project.read(path)!))) run.progress(path);
  await analyseCode(run, paths);
  let decisions = noDecisions;
  for (;;) {
    const state = await settle(run, decisions);
    const { relevant } = findingsOf(run, state, decisions);
    const movers = state.functions.filter((fn) => !state.staying.has(fn));
    const errorsOf = (fn: Traced) => relevant.get(fn as FoundFunction)!.filter((f) => f.severity === "error");
    const next = nextDecisions(decisions, movers, state.conflicts, errorsOf);
    if (next) {
      decisions = next;
      continue;
    }
    const result = assembleResult(run, state, decisions);
    return { ...result, changes: restoreStyle(result.changes) };
  }
}
