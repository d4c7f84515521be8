// What a person reads on stderr: findings grouped by the functions they concern, errors first, each
// as one `file:line:col` line (editors and CI link them) with its fix indented below; notes (`info`,
// what was done) collapsed to one line per rule unless --verbose; then a one-line summary.
import type { Finding, LambdaFunction, MigrationResult } from "../engine/types";
import { groupByFunctions, notesByRule } from "../report/finding-groups";

// SGR codes and the code that ends each (styleText in Node 20 decides on colour itself, from
// process.stdout, so we apply the few we need for the stream we write to).
const sgr = { bold: [1, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;
type Style = keyof typeof sgr | Array<keyof typeof sgr>;
/** Applies terminal styles, or nothing when colours are off. */
export type Paint = (style: Style, text: string) => string;

export const plain: Paint = (_style, text) => text;
export const colored: Paint = (style, text) =>
  (Array.isArray(style) ? style : [style]).reduce((out, s) => `\x1b[${sgr[s][0]}m${out}\x1b[${sgr[s][1]}m`, text);

/**
 * Colours only on a terminal that wants them: `hasColors()` exists on TTY streams only and honours
 * NO_COLOR, NODE_DISABLE_COLORS and FORCE_COLOR.
 */
export function paintFor(stream: { isTTY?: boolean; hasColors?: () => boolean }): Paint {
  return stream.isTTY && typeof stream.hasColors === "function" && stream.hasColors() ? colored : plain;
}

const severityStyle: Record<Finding["severity"], Style> = { error: ["red", "bold"], warning: "yellow", info: "cyan" };
const verdictText: Record<LambdaFunction["verdict"], string> = { ready: "ready", "needs-attention": "needs attention", blocked: "blocked" };
const verdictStyle: Record<LambdaFunction["verdict"], Style> = { ready: "green", "needs-attention": "yellow", blocked: "red" };

export function formatFinding(f: Finding, paint: Paint = plain): string {
  // A finding about the project as a whole (a failed project rule) has no file to point at.
  const where = f.file ? `${f.file}:${f.line}:${f.column}` : "(project)";
  const head = `${where}: ${paint(severityStyle[f.severity], f.severity)} [${f.rule}] ${f.message}`;
  return f.fix ? `${head}\n    fix: ${f.fix}` : head;
}

function groupTitle(functions: LambdaFunction[], paint: Paint): string {
  if (functions.length === 0) return paint("bold", "Project-wide (no single function)");
  const names = functions.map((fn) => `${paint("bold", fn.name)} (${paint(verdictStyle[fn.verdict], fn.skipped ? "skipped" : verdictText[fn.verdict])})`);
  return functions.length === 1 ? names[0] : `Shared by ${names.join(", ")}`;
}

export interface ReportStyle {
  /** List every note instead of one line per rule. */
  verbose: boolean;
  paint: Paint;
}

/** The findings block of the terminal report (without the summary line); empty when there are none. */
export function formatFindings(result: Pick<MigrationResult, "functions" | "findings">, style: ReportStyle): string {
  const { paint, verbose } = style;
  const shown = verbose ? result.findings : result.findings.filter((f) => f.severity !== "info");
  const out: string[] = [];
  for (const group of groupByFunctions(result, shown)) {
    out.push(groupTitle(group.functions, paint));
    for (const finding of group.findings) out.push(formatFinding(finding, paint).replace(/^/gm, "  "));
    out.push("");
  }
  const notes = verbose ? [] : notesByRule(result.findings);
  if (notes.length) {
    const total = notes.reduce((n, r) => n + r.findings.length, 0);
    out.push(`${paint("cyan", "info")}: ${total} note(s) on what was done (--verbose lists them):`);
    for (const { rule, findings } of notes) {
      const files = [...new Set(findings.map((f) => f.file || "(project)"))];
      const where = files.slice(0, 3).join(", ") + (files.length > 3 ? `, and ${files.length - 3} more file(s)` : "");
      out.push(`  ${rule}: ${findings.length} (${where})`);
    }
    out.push("");
  }
  return out.join("\n");
}

export function formatSummary(result: MigrationResult, mode: "dry-run" | "check" | "write"): string {
  const s = result.summary;
  const verbs = { "dry-run": "would change", check: "would change", write: "changed" };
  const fns = result.functions.length;
  const blocked = result.functions.filter((fn) => fn.verdict === "blocked").length;
  const attention = result.functions.filter((fn) => fn.verdict === "needs-attention").length;
  return (
    `llrt-migrate: ${s.filesScanned} files scanned, ${verbs[mode]} ${s.filesChanged}; ` +
    `${fns} function(s): ${fns - blocked - attention} ready, ${attention} need attention, ${blocked} blocked; ` +
    `${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} note(s)`
  );
}
