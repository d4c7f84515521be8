// Which functions stay on Node.js, and what that means for their code. A function stays when the user
// opted it out, when its infrastructure leaves it on a Node.js runtime, or when the engine keeps it
// there because its code cannot run on LLRT (verdict `blocked`). Code only staying functions run is
// left exactly as it was; a file that also a moving function runs keeps the code rules' edits only
// when every one of them is Node-safe (CodeRule.nodeSafe); otherwise the moving functions stay too,
// with an error saying why. Decisions only grow, so repeating this reaches a fixed point.
import type { FileReport, Finding, LambdaFunction } from "./types";

/** A function as the engine tracks it while deciding. */
export type Traced = Omit<LambdaFunction, "verdict"> & {
  /** Its code is bundled at build time. */
  bundled?: true;
  /** The rule its infrastructure format stamps on findings. */
  rule?: string;
  /**
   * The user did not select its infrastructure rule (--skip-rules): its code is migrated as if it
   * moved, and its runtime is theirs to change.
   */
  runtimeLeftToUser?: true;
};

export interface CodeOutcome {
  report: FileReport;
  findings: Finding[];
  /** The file's text after the code rules, when they changed it. */
  after?: string;
}

export interface Decisions {
  /** Functions the engine keeps on their runtime, by functionKey: the reason told to their infrastructure format. */
  stay: ReadonlyMap<string, string>;
  /** The findings that made each kept function stay: they count towards its verdict whatever happens to their file. */
  reasons: ReadonlyMap<string, Finding[]>;
}

export const noDecisions: Decisions = { stay: new Map(), reasons: new Map() };

export const functionKey = (fn: Pick<LambdaFunction, "file" | "name">) => `${fn.file}\0${fn.name}`;

/** Why a blocked function keeps its runtime, as its infrastructure format reports it. */
export const blockedReason = "its code cannot run on LLRT as it is (verdict blocked: see the errors in its code), so it keeps its runtime";

/** Functions that do not move to LLRT in this state. `llrtRuntime`: the runtime a moved function has. */
export function stayingFunctions(functions: readonly Traced[], decisions: Decisions, llrtRuntime: string): Set<Traced> {
  return new Set(functions.filter((fn) =>
    fn.skipped || decisions.stay.has(functionKey(fn)) || (fn.source !== "heuristic" && !fn.runtimeLeftToUser && fn.runtime.after !== llrtRuntime)));
}

/**
 * The code rules' outcomes as the decisions allow: files only staying functions run are left as they
 * were, and shared files whose edits Node.js could not run make their moving functions stay
 * (`conflicts`: the error, by function key).
 */
export function codeAsDecided(
  code: ReadonlyMap<string, CodeOutcome>,
  functions: readonly Traced[],
  staying: ReadonlySet<Traced>,
  reachable: (entry: string) => Set<string>,
  nodeSafe: (rule: string) => boolean,
): { outcomes: Map<string, CodeOutcome>; conflicts: Map<string, Finding[]> } {
  const reachedBy = new Map<string, Traced[]>();
  for (const fn of functions) {
    if (!fn.entry) continue;
    for (const file of reachable(fn.entry)) reachedBy.set(file, [...(reachedBy.get(file) ?? []), fn]);
  }
  const outcomes = new Map<string, CodeOutcome>();
  const conflicts = new Map<string, Finding[]>();
  for (const [path, outcome] of code) {
    const runners = reachedBy.get(path) ?? [];
    const movers = runners.filter((fn) => !staying.has(fn));
    const stayers = runners.filter((fn) => staying.has(fn));
    if (stayers.length === 0 || outcome.report.status === "error") {
      outcomes.set(path, outcome);
    } else if (movers.length === 0) {
      outcomes.set(path, leftAsItWas(path, outcome, stayers));
    } else {
      const unsafe = outcome.after === undefined ? [] : outcome.report.rules.filter((rule) => !nodeSafe(rule));
      if (unsafe.length === 0) {
        outcomes.set(path, outcome);
        continue;
      }
      outcomes.set(path, leftAsItWas(path, outcome, stayers));
      for (const fn of movers) {
        conflicts.set(functionKey(fn), [...(conflicts.get(functionKey(fn)) ?? []), sharedFileConflict(path, fn, stayers, unsafe)]);
      }
    }
  }
  return { outcomes, conflicts };
}

const names = (fns: readonly Traced[]) => fns.map((fn) => fn.name).join(", ");

/**
 * A file left as it was for functions that stay on Node.js. Its errors stay: they say why those
 * functions cannot move. The rest described edits that were not made, or code as those edits left it.
 */
function leftAsItWas(path: string, outcome: CodeOutcome, stayers: readonly Traced[]): CodeOutcome {
  const findings = outcome.findings.filter((f) => f.severity === "error" || outcome.after === undefined);
  if (outcome.after !== undefined) {
    findings.push({
      rule: "kept-on-node", severity: "info", file: path, line: 1, column: 1,
      message: `Left as it was: only functions that keep their runtime run this file (${names(stayers)}).`,
      fix: `Once they are ready for LLRT, llrt-migrate applies ${outcome.report.rules.join(", ")} here.`,
    });
  }
  return { report: { path, status: "unchanged", rules: [] }, findings };
}

function sharedFileConflict(path: string, mover: Traced, stayers: readonly Traced[], unsafe: string[]): Finding {
  return {
    rule: "kept-on-node", severity: "error", file: path, line: 1, column: 1,
    message: `${mover.name} shares this file with ${names(stayers)}, which keep${stayers.length === 1 ? "s" : ""} its runtime; ` +
      `the edits LLRT needs here (${unsafe.join(", ")}) would stop it running on Node.js, so ${mover.name} keeps its runtime too.`,
    fix: `Make ${names(stayers)} ready for LLRT so they move together, or give each function its own copy of the file.`,
  };
}

/**
 * The decisions after a settled state, or undefined when nothing changes (the fixed point): moving
 * functions in a shared-file conflict, then moving functions whose verdict is `blocked`, keep their runtime.
 */
export function nextDecisions(
  decisions: Decisions,
  movers: readonly Traced[],
  conflicts: ReadonlyMap<string, Finding[]>,
  errorsOf: (fn: Traced) => Finding[],
): Decisions | undefined {
  const stay = new Map(decisions.stay);
  const reasons = new Map(decisions.reasons);
  for (const fn of movers) {
    const key = functionKey(fn);
    const why = conflicts.size ? conflicts.get(key) ?? [] : errorsOf(fn);
    if (why.length === 0) continue;
    stay.set(key, blockedReason);
    reasons.set(key, why);
  }
  return stay.size === decisions.stay.size ? undefined : { stay, reasons };
}
