// What every IaC format says about a function's code: whether a function on provided.al2023 is a
// Node.js function moved to LLRT (an earlier run's output), and the warning for code llrt-migrate
// could not read. A function whose code was not checked is never "ready".
import type { Position } from "./template-doc";
import type { RuleFinding } from "../engine/types";

export const llrtRuntime = "provided.al2023";

/** A JavaScript or TypeScript source file. */
export const isJsEntry = (entry: string | null | undefined) => !!entry && /\.[cm]?[jt]sx?$/.test(entry);

/**
 * A function on provided.al2023 is one llrt-migrate moved (and lists again on a second run) when its
 * handler file is JavaScript, or when its code is out of sight and its handler reads `module.export`
 * (Go and Rust custom runtimes name a `bootstrap`, not a module's export).
 */
export const onLlrt = (runtime: string | null | undefined, entry: string | null, handler: string) =>
  runtime === llrtRuntime && (isJsEntry(entry) || (entry === null && /^[\w./-]+\.[A-Za-z_$][\w$]*$/.test(handler)));

/** The warning for a function moved to LLRT whose code llrt-migrate could not read. */
export function codeNotChecked(rule: string, at: Position, name: string, why: string, fix: string): RuleFinding {
  return {
    rule, severity: "warning", ...at,
    message: `${name}: code not checked: ${why}, so whether it runs on LLRT is unknown.`,
    fix,
  };
}
