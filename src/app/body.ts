// The PR body: verdict first, then the benchmark, the functions, per-function details, a checklist
// of manual follow-ups and the commands, then the app's signed state marker on the last line. It must
// fit GitHub's 65,536-character limit: what gets cut is the middle (details, tables), never the
// verdict, the checklist, the commands or the marker. Repository text is escaped (see
// report/markdown-text.ts): nothing from a repository turns into markup, a mention or a marker.
import type { Project } from "../engine/project";
import type { MigrationResult } from "../engine/types";
import { groupFindings, location, prose, renderFinding, renderFunctionsTable, verdictCounts } from "../report/markdown";
import { codeSpan, htmlText } from "../report/markdown-text";
import type { BenchmarkOutcome } from "./benchmark";
import type { Markers, RunState } from "./markers";

/** GitHub refuses longer bodies. */
export const bodyLimit = 65_536;

/** The checklist gets at most this share of the body; the rest is counted, not listed. */
const checklistShare = 0.4;

export interface BodyInput {
  result: MigrationResult;
  /** The repository before migration: findings quote its lines. */
  project: Project;
  benchmark: BenchmarkOutcome;
  state: RunState;
  arch: string;
  /** Extra lines under the verdict, e.g. why a closed PR came back. */
  notes?: string[];
  markers: Markers;
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
    (g) => `<details><summary>${htmlText(g.title)}: ${g.findings.length} finding(s)</summary>\n\n${g.findings.map((f) => renderFinding(f, project)).join("\n")}\n</details>\n`,
  );
  const files = result.changes.map((c) => `- ${codeSpan(c.path)}`).join("\n");
  return [...groups, `<details><summary>Changed files (${result.changes.length})</summary>\n\n${files}\n</details>\n`].join("\n");
}

function checklist(result: MigrationResult, budget: number): string {
  const seen = new Set<string>();
  const items: string[] = [];
  for (const f of result.findings) {
    if (f.severity === "info") continue;
    const text = `${location(f, false)}${prose(`${f.message}${f.fix ? ` ${f.fix}` : ""}`)}`.replace(/\n/g, " ");
    if (!seen.has(text)) seen.add(text), items.push(`- [ ] ${text}`);
  }
  const last = "- [ ] Deploy to a test stage and invoke every changed function before merging.";
  let used = last.length;
  const kept: string[] = [];
  for (const item of items) {
    if (used + item.length + 1 > budget) break;
    kept.push(item);
    used += item.length + 1;
  }
  const more = items.length - kept.length;
  return [...kept, ...(more ? [`- [ ] …and ${more} more follow-up(s): the check run lists every finding.`] : []), last].join("\n");
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

export function renderBody(input: BodyInput, limit = bodyLimit): string {
  const { result, state } = input;
  const head = ["## LLRT migration", "", verdict(result, input.arch), ...(input.notes?.length ? ["", ...input.notes] : [])].join("\n");
  const middle = [
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
  ].join("\n");
  const tail = [
    "### Before merging",
    "",
    checklist(result, limit * checklistShare),
    "",
    commands,
    "",
    `<sub>${result.tool.name} ${result.tool.version}, base ${state.base.slice(0, 7)}, config ${state.config}.</sub>`,
    "",
    input.markers.stateMarker(state),
  ].join("\n");
  return `${head}\n\n${truncateMiddle(middle, limit - head.length - tail.length - 4)}\n\n${tail}`;
}

const truncationNote = "> **Truncated:** this description exceeds GitHub's size limit; the check run lists every finding.";

/**
 * The middle part cut at a line boundary to fit `budget` characters, with any code fence and
 * `<details>` left open closed again, and a note saying so.
 */
export function truncateMiddle(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const reserve = truncationNote.length + 400; // closers for the open fence and <details>
  let cut = text.slice(0, Math.max(0, budget - reserve));
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf("\n")));
  const fence = openFence(cut);
  if (fence) cut += `\n${fence}`;
  const open = (cut.match(/<details>/g)?.length ?? 0) - (cut.match(/<\/details>/g)?.length ?? 0);
  return `${cut}${"\n</details>".repeat(Math.min(Math.max(open, 0), 8))}\n\n${truncationNote}`;
}

/** The line that closes the code fence left open at the end of `text` (indented like its opener), if any. */
export function openFence(text: string): string | undefined {
  let open: { indent: string; fence: string } | undefined;
  for (const line of text.split("\n")) {
    const m = /^( *)(`{3,})/.exec(line);
    if (!m) continue;
    if (!open) open = { indent: m[1], fence: m[2] };
    else if (m[2].length >= open.fence.length && line.trim() === m[2]) open = undefined;
  }
  return open && `${open.indent}${open.fence}`;
}
