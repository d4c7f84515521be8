// How findings are organised for a person, in the terminal and in Markdown alike: each finding is
// shown once, under the set of functions it concerns (a file shared by three functions is not
// repeated three times), groups that block a function come first, and notes (`info`: what was done)
// can be collapsed into one line per rule so errors are not buried.
import type { Finding, LambdaFunction, MigrationResult, Severity } from "../engine/types";

export interface FindingGroup {
  /** The functions every finding of the group concerns; empty for findings about no function. */
  functions: LambdaFunction[];
  findings: Finding[];
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const verdictRank: Record<LambdaFunction["verdict"], number> = { blocked: 0, "needs-attention": 1, ready: 2 };

const worst = (findings: Finding[]) => Math.min(...findings.map((f) => severityRank[f.severity]));

/** Most severe first; within a severity, in file and line order (the order findings already have). */
export function bySeverity(findings: Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => severityRank[a.finding.severity] - severityRank[b.finding.severity] || a.index - b.index)
    .map(({ finding }) => finding);
}

/**
 * Findings grouped by the exact set of functions they concern, each finding in one group. Groups with
 * errors come first, then warnings; among equals, the group whose functions fare worst.
 */
export function groupByFunctions(result: Pick<MigrationResult, "functions" | "findings">, findings = result.findings): FindingGroup[] {
  const byName = new Map(result.functions.map((fn) => [fn.name, fn]));
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const names = [...new Set(finding.functions ?? [])].filter((name) => byName.has(name)).sort();
    const key = names.join("\u0000");
    const group = groups.get(key) ?? { functions: names.map((name) => byName.get(name)!), findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  const worstVerdict = (g: FindingGroup) => Math.min(3, ...g.functions.map((fn) => verdictRank[fn.verdict]));
  return [...groups.values()]
    .map((g) => ({ ...g, findings: bySeverity(g.findings) }))
    .sort((a, b) => worst(a.findings) - worst(b.findings) || worstVerdict(a) - worstVerdict(b) || b.findings.length - a.findings.length);
}

export interface CollapsedNotes {
  rule: string;
  findings: Finding[];
}

/** `info` findings by rule, most frequent first: "handler-async: 12 notes". */
export function notesByRule(findings: Finding[]): CollapsedNotes[] {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (finding.severity !== "info") continue;
    byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  }
  return [...byRule].map(([rule, list]) => ({ rule, findings: list })).sort((a, b) => b.findings.length - a.findings.length || a.rule.localeCompare(b.rule));
}
