// The PR body: verdict first, then the benchmark, the functions, per-function details, a checklist
// of manual follow-ups and the commands. It must fit GitHub's 65,536-character limit.
import type { Project } from "../engine/project";
import type { MigrationResult } from "../engine/types";
import { cell, groupFindings, location, prose, renderFinding, renderFunctionsTable, verdictCounts } from "../report/markdown";
import type { BenchmarkOutcome } from "./benchmark";
import type { RunState } from "./markers";
import { stateMarker } from "./markers";

/** GitHub refuses longer bodies. */
export const bodyLimit = 65_536;

export interface BodyInput {
  result: MigrationResult;
  /** The repository before migration: findings quote its lines. */
  project: Project;
  benchmark: BenchmarkOutcome;
  state: RunState;
  arch: string;
  /** Extra lines under the verdict, e.g. why a closed PR came back. */
  notes?: string[];
}

export function pullRequestTitle(result: MigrationResult): string {
  const n = result.functions.filter((f) => !f.skipped).length; // opted-out functions stay on Node.js
  return `Run ${n} Lambda function${n === 1 ? "" : "s"} on LLRT`;
}

function verdict(result: MigrationResult, arch: string): string {
  const c = verdictCounts(result.functions);
  const skipped = result.functions.filter((f) => f.skipped).length;
  const tail =
    c.blocked > 0 ? "Blocked functions need the fixes below before they can run on LLRT."
    // A warning about no particular function (e.g. the layer zip to download) is a follow-up too.
    : c["needs-attention"] > 0 || result.findings.some((f) => f.severity !== "info") ? "Check the follow-ups below before merging."
    : "No manual follow-up was found; test in a staging stage before merging.";
  return (
    `**${c.ready} ready, ${c["needs-attention"]} need attention, ${c.blocked} blocked** ` +
    `(${result.functions.length} function(s)${skipped ? `, ${skipped} skipped` : ""}, LLRT ${result.llrt.version}, ${result.llrt.variant} bundle, ${arch}). ${tail}`
  );
}

function details(result: MigrationResult, project: Project): string {
  const groups = groupFindings(result).map(
    (g) => `<details><summary>${g.title}: ${g.findings.length} finding(s)</summary>\n\n${g.findings.map((f) => renderFinding(f, project)).join("\n")}\n</details>\n`,
  );
  const files = result.changes.map((c) => `- \`${cell(c.path)}\``).join("\n");
  return [...groups, `<details><summary>Changed files (${result.changes.length})</summary>\n\n${files}\n</details>\n`].join("\n");
}

function checklist(result: MigrationResult): string {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const f of result.findings) {
    if (f.severity === "info") continue;
    const text = `${location(f, false)}${prose(`${f.message}${f.fix ? ` ${f.fix}` : ""}`)}`.replace(/\n/g, " ");
    if (!seen.has(text)) seen.add(text), items.push(`- [ ] ${text}`);
  }
  items.push("- [ ] Deploy to a test stage and invoke every changed function before merging.");
  return items.join("\n");
}

const commands = [
  "<details><summary>Commands</summary>",
  "",
  "Comment on this pull request:",
  "- `/llrt-migrate rebase`: recompute from the default branch now (keeps your commits: refuses if you pushed to the branch)",
  "- `/llrt-migrate recreate`: recompute and overwrite the branch, including commits you pushed to it",
  "- `/llrt-migrate benchmark`: run the benchmark again",
  "- `/llrt-migrate ignore`: close this PR; it will not come back until the tool or your config changes",
  "</details>",
].join("\n");

export function renderBody(input: BodyInput): string {
  const { result, state } = input;
  const sections = [
    "## LLRT migration",
    "",
    verdict(result, input.arch),
    ...(input.notes?.length ? ["", ...input.notes] : []),
    "",
    "### Benchmark",
    "",
    input.benchmark.ran ? input.benchmark.table : input.benchmark.reason,
    "",
    "### Functions",
    "",
    renderFunctionsTable(result.functions),
    "### Details",
    "",
    details(result, input.project),
    "### Before merging",
    "",
    checklist(result),
    "",
    commands,
    "",
    `<sub>${result.tool.name} ${result.tool.version}, base ${state.base.slice(0, 7)}, config ${state.config}.</sub>`,
  ];
  return truncateBody(sections.join("\n"), stateMarker(state));
}

/**
 * Cuts the body at a line boundary so that it plus the marker fits the limit, closes any
 * `<details>` left open, and says so. The marker always survives: it is the app's memory.
 */
export function truncateBody(body: string, marker: string, limit = bodyLimit): string {
  const full = `${body}\n\n${marker}`;
  if (full.length <= limit) return full;
  const note = "\n\n> **Truncated:** this description exceeds GitHub's size limit; the check run lists every finding.\n";
  const closers = "\n</details>".repeat(8);
  let cut = body.slice(0, Math.max(0, limit - marker.length - note.length - closers.length - 8));
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf("\n")));
  // An unclosed code fence would swallow the rest of the page; findings' excerpts are indented ones.
  const fences = [...cut.matchAll(/^( *)```/gm)];
  if (fences.length % 2 === 1) cut += `\n${fences[fences.length - 1][1]}\`\`\``;
  const open = (cut.match(/<details>/g)?.length ?? 0) - (cut.match(/<\/details>/g)?.length ?? 0);
  return `${cut}${"\n</details>".repeat(Math.min(Math.max(open, 0), 8))}${note}\n${marker}`;
}
