// Findings as the result carries them: the same finding reached twice (two rules' paths to one
// fact, or one file read for several functions) is shown once, with every function it concerns.
import type { Finding } from "./types";

const keyOf = (f: Finding) => [f.rule, f.severity, f.file, f.line, f.column, f.message, f.fix ?? ""].join("\u0000");

/** One finding per (rule, severity, place, message, fix); the functions of duplicates are merged, order kept. */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const kept = new Map<string, Finding>();
  for (const finding of findings) {
    const key = keyOf(finding);
    const first = kept.get(key);
    if (!first) {
      kept.set(key, finding);
      continue;
    }
    if (finding.functions?.length) first.functions = [...new Set([...(first.functions ?? []), ...finding.functions])];
  }
  return [...kept.values()];
}
