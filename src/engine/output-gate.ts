// The engine's last stage: whatever rule or format produced a file's new text (ours, aws-sdk-js-codemod,
// a project rule), it reaches the result only when it parses with its own parser, binds no name twice,
// uses no top-level binding before it runs, uses no name nothing declares, and keeps every comment a
// rule did not remove on purpose (Finding.removedComments). A check counts only what the rules
// introduced: a problem the original text already had is not theirs. A file that fails, or whose bytes
// are not valid UTF-8, is left exactly as it was with one error finding naming the rules and the reason.
import { isCodeFile } from "./code-rule";
import { readCode } from "./code-reading";
import { dataReader } from "./data-reading";
import { lineMap } from "./line-map";
import type { Project } from "./project";
import { lineColumnAt } from "./text-position";
import { commentText } from "./text-reading";
import type { TextProblem, TextReading } from "./text-reading";
import type { FileReport, Finding, LambdaFunction } from "./types";
import type { ResultCache } from "./result-cache";
import { remember } from "./result-cache";

export const outputGateRule = "output-gate";

/** A file's outcome as the engine keeps it (migrate.ts's FileOutcome). */
export interface GatedOutcome {
  report: FileReport;
  findings: Finding[];
  after?: string;
}

/** A function as the engine keeps it before verdicts: its own findings count towards its verdict. */
export type GatedFunction = Pick<LambdaFunction, "file" | "source" | "runtime"> & { findings: Finding[] };

export interface GateInput {
  /** The project as the rules received it. */
  original: Project;
  outcomes: Map<string, GatedOutcome>;
  functions: GatedFunction[];
  /** Findings of the project rules, on any file. */
  projectFindings: Finding[];
  /** Verdicts remembered from earlier runs. */
  cache?: ResultCache;
}

/** Why a file's new text is refused, at a 1-based line of the original text. */
interface Refusal {
  reason: string;
  line: number;
}

function readText(path: string, original: string | undefined, text: string): TextReading | Promise<TextReading> | undefined {
  if (isCodeFile(path)) return readCode(path, text);
  return dataReader(path, original ?? text)?.(text);
}

const quote = (text: string) => `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;

/** Comments of `before` that `after` no longer has (as many times as they were lost), minus those removed on purpose. */
function lostComments(before: TextReading, after: TextReading, removedOnPurpose: string[]) {
  const remaining = new Map<string, number>();
  const add = (text: string, n: number) => remaining.set(text, (remaining.get(text) ?? 0) + n);
  for (const c of after.comments) add(c.text, 1);
  for (const text of removedOnPurpose) add(commentText(text), 1);
  return before.comments.filter((c) => {
    const left = remaining.get(c.text) ?? 0;
    if (left > 0) remaining.set(c.text, left - 1);
    return left === 0;
  });
}

async function refusal(path: string, before: string | undefined, after: string, original: Project, removedOnPurpose: string[]): Promise<Refusal | undefined> {
  if (before !== undefined && !original.isUtf8(path)) {
    const bad = before.indexOf("\uFFFD");
    return { reason: "the file is not valid UTF-8, and rewriting it would replace the bytes that are not", line: bad < 0 ? 1 : lineColumnAt(before, bad).line };
  }
  const afterReading = await readText(path, before, after);
  if (!afterReading) return undefined;
  const beforeReading = before === undefined ? undefined : await readText(path, before, before);
  // An original our parser rejects gives nothing to compare with: the engine's own parse judged it.
  if (beforeReading?.syntax) return undefined;
  const toOriginal = before === undefined ? (line: number) => line : lineMap(before, after);
  const at = (problem: TextProblem) => ({ reason: `${problem.message} in the new text`, line: toOriginal(problem.line) });
  if (afterReading.syntax) return at(afterReading.syntax);
  const known = new Set(beforeReading?.problems.map((p) => p.key));
  const introduced = afterReading.problems.find((p) => !known.has(p.key));
  if (introduced) return at(introduced);
  const lost = beforeReading ? lostComments(beforeReading, afterReading, removedOnPurpose) : [];
  if (lost.length) {
    const listed = lost.slice(0, 2).map((c) => `${quote(c.text)} (line ${c.line})`).join(", ");
    return { reason: `it drops ${lost.length === 1 ? "the comment" : `${lost.length} comments:`} ${listed}${lost.length > 2 ? ", ..." : ""} without saying so`, line: lost[0].line };
  }
  return undefined;
}

/** Removes, in place, the findings `drop` accepts. */
function removeWhere(findings: Finding[], drop: (f: Finding) => boolean): void {
  for (let i = findings.length - 1; i >= 0; i--) if (drop(findings[i])) findings.splice(i, 1);
}

/** Leaves the file as it was: no change, one error, and no `info` of its rules announcing edits that were not made. */
function refuse(input: GateInput, path: string, outcome: GatedOutcome, { reason, line }: Refusal): void {
  const rules = outcome.report.rules;
  const finding: Finding = {
    rule: outputGateRule,
    severity: "error",
    file: path,
    line,
    column: 1,
    message: `The changes of ${rules.map((r) => `\`${r}\``).join(", ")} to this file were not applied: ${reason}.`,
    fix: "The file was left exactly as it was. Make the changes the other findings on this file describe by hand, and report the case to llrt-migrate.",
  };
  const announcedEdit = (f: Finding) => f.file === path && f.severity === "info" && rules.includes(f.rule);
  removeWhere(outcome.findings, announcedEdit);
  removeWhere(input.projectFindings, announcedEdit);
  outcome.after = undefined;
  outcome.report = { path, status: "error", rules: [], error: finding.message };
  outcome.findings.push(finding);
  // Functions this file declares keep the runtime they had, and their verdict counts the refusal.
  for (const fn of input.functions) {
    if (fn.source === "heuristic" || fn.file !== path) continue;
    removeWhere(fn.findings, announcedEdit);
    fn.runtime = { before: fn.runtime.before, after: fn.runtime.before };
    fn.findings.push(finding);
  }
}

/** Checks every changed file's new text and refuses those that fail (see the header). */
export async function gateOutputs(input: GateInput): Promise<void> {
  const removedOnPurpose = new Map<string, string[]>();
  const findings = [...input.outcomes.values()].flatMap((o) => o.findings).concat(input.projectFindings, input.functions.flatMap((f) => f.findings));
  for (const f of findings) if (f.removedComments) removedOnPurpose.set(f.file, [...(removedOnPurpose.get(f.file) ?? []), ...f.removedComments]);
  for (const [path, outcome] of input.outcomes) {
    const before = input.original.read(path);
    if (outcome.report.status !== "changed" || outcome.after === undefined || outcome.after === before) continue;
    const removed = removedOnPurpose.get(path) ?? [];
    const utf8 = input.original.isUtf8(path);
    const key = [path, before ?? null, outcome.after, removed, utf8];
    const after = outcome.after;
    const { refused } = await remember(input.cache, "output-gate", key, async () => ({ refused: await refusal(path, before, after, input.original, removed) }));
    if (refused) refuse(input, path, outcome, refused);
  }
}
