// `verify` output: one line per function (status, name, the first difference or why it did not
// run), the runtimes used and a summary line; and the JSON form of the same result.
import { llrtRelease } from "../compat/release";
import { tool } from "../version";
import type { VerifyResult } from "./verify";

/** The JSON result: what was run where, and per function `verify` (status, reason, known difference) and what each side did. */
export function verifyJson(result: VerifyResult): object {
  return { tool, llrt: { version: llrtRelease.version }, ...result };
}

const statusWidth = "not run".length;

export function renderVerifyText(result: VerifyResult): string {
  const lines = [`original: ${result.runtimes.original}`, `migrated: ${result.runtimes.migrated}`];
  if (!result.realLlrt) lines.push("          (pass --llrt-bin <path> or set LLRT_BIN to run the migrated code on LLRT itself)");
  const nameWidth = Math.max(0, ...result.functions.map((f) => f.name.length));
  for (const fn of result.functions) {
    const head = `${fn.verify.status.padEnd(statusWidth)}  ${fn.name.padEnd(nameWidth)}`;
    const events = fn.verify.status === "not run" ? "" : `  (${fn.events.length} event${fn.events.length === 1 ? "" : "s"}: ${fn.events.join(", ")})`;
    lines.push(`${head}${fn.verify.reason ? `  ${fn.verify.reason}` : events}`);
    if (fn.verify.knownDifference) lines.push(`${" ".repeat(statusWidth + nameWidth + 4)}known difference: ${fn.verify.knownDifference}`);
  }
  const { same, differs, notRun } = result.summary;
  lines.push(`${result.functions.length} function${result.functions.length === 1 ? "" : "s"}: ${same} same, ${differs} differs, ${notRun} not run`);
  return `${lines.join("\n")}\n`;
}
