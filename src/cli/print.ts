// What a person reads on stderr: one line per finding (file:line:col, as editors and CI link them),
// its fix indented below, then a one-line summary.
import type { Finding, MigrationResult } from "../engine/types";

export function formatFinding(f: Finding): string {
  // A finding about the project as a whole (a failed project rule) has no file to point at.
  const where = f.file ? `${f.file}:${f.line}:${f.column}` : "(project)";
  const head = `${where}: ${f.severity} [${f.rule}] ${f.message}`;
  return f.fix ? `${head}\n    fix: ${f.fix}` : head;
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
