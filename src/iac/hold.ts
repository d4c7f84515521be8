// The one per-function decision every IaC format makes before editing: does this Node.js function
// move to LLRT, or keep its runtime? It keeps it when the user opted it out (`llrt-migrate-ignore`,
// an `exclude` pattern), when the engine keeps it (its code cannot run on LLRT: IacInput.keep), when
// its declaration cannot move (inline code...), or when its code is not in the project (a package in
// S3, a prebuilt artifact, a computed path, a missing handler file) and the user did not opt in with `migrateUnchecked`: code
// nobody checked is not moved onto a runtime it may not run on. A held function is listed with its
// runtime unchanged (`runtime.after` = `runtime.before`) and a finding that says why.
import type { MigrationOptions, RuleFinding } from "../engine/types";
import { skipReason } from "./opt-out";
import type { Position } from "./template-doc";
import type { IacFunction } from "./types";

export const migrateUncheckedFlag = "--migrate-unchecked";

export interface Hold {
  /** The user opted the function out: it is listed as `skipped`. */
  skipped?: true;
  finding: RuleFinding;
}

export interface HoldQuery {
  options: MigrationOptions;
  rule: string;
  /** Where the function is declared. */
  at: Position;
  /** How messages name it: `Function OrdersFunction`, `NodejsFunction GetUser`. */
  label: string;
  /** Its runtime as declared (`nodejs18.x`), for the message. */
  runtime: string | null;
  /** A `llrt-migrate-ignore` marker sits on its declaration. */
  marked: boolean;
  /** Its entry file and code directory (a folder ends with `/`), matched against `exclude`. */
  paths: Array<string | null | undefined>;
  /** Why the engine keeps it on its runtime, when it does (IacInput.keep): listed like an opt-out. */
  kept?: string;
  /** Why it cannot move as declared (inline code, a runtime that cannot be evaluated...), as the finding to list. */
  cannotMove?: RuleFinding;
  /** Why its code could not be read, when it could not (`its package comes from S3`). */
  unseen?: { why: string; at?: Position };
}

/** Why the function keeps its runtime, or undefined when it moves to LLRT. */
export function holdFor(q: HoldQuery): Hold | undefined {
  const skip = skipReason(q.options, q.marked, q.paths) ?? q.kept;
  if (skip) return { skipped: true, finding: { rule: q.rule, severity: "info", ...q.at, message: `${q.label} was skipped: ${skip}.` } };
  if (q.cannotMove) return { finding: q.cannotMove };
  if (q.unseen && !q.options.migrateUnchecked) {
    return {
      finding: {
        rule: q.rule, severity: "warning", ...(q.unseen.at ?? q.at),
        message: `${q.label} stays on ${q.runtime ?? "its runtime"}: code not checked: ${q.unseen.why}, so whether it runs on LLRT is unknown.`,
        fix: `Run llrt-migrate on the function's source; to move it to LLRT without that check, rerun with ${migrateUncheckedFlag} and deploy its code as an ES module bundle for es2023.`,
      },
    };
  }
  return undefined;
}

/** A function listed with its runtime unchanged and the finding that says why. */
export function held(fn: IacFunction, hold: Hold): IacFunction {
  return {
    ...fn,
    runtime: { before: fn.runtime.before, after: fn.runtime.before },
    findings: [...fn.findings, hold.finding],
    ...(hold.skipped ? { skipped: true as const } : {}),
  };
}
