// `--interactive`: after the migration is computed in memory, walk the functions one by one, show
// the diff of their files and their findings, and ask apply / skip / quit. Only approved files are
// written. A file several functions share (a template) is decided with the first function showing it.
import select from "@inquirer/select";
import type { FileChange, Finding, MigrationResult } from "../engine/types";
import { unifiedDiffs } from "../report/diff";
import type { Paint } from "./print";
import { formatFinding } from "./print";

export type Decision = "apply" | "skip" | "quit";

export interface ReviewStep {
  /** "Function OrdersFunction (sam, template.yaml)" or "Other changes". */
  title: string;
  changes: FileChange[];
  findings: Finding[];
}

/**
 * One step per function with changes or findings (in the result's order), then what no function
 * reaches. A finding that concerns no function goes with the step that shows its file.
 */
export function reviewSteps(result: Pick<MigrationResult, "functions" | "findings" | "changes">): ReviewStep[] {
  const undecided = new Map(result.changes.map((change) => [change.path, change]));
  const unattached = new Set(result.findings.filter((f) => !f.functions?.length));
  const steps: ReviewStep[] = [];
  const step = (title: string, changes: FileChange[], own: Finding[]) => {
    for (const change of changes) undecided.delete(change.path);
    const paths = new Set(changes.map((c) => c.path));
    const findings = [...own, ...[...unattached].filter((f) => paths.has(f.file))];
    for (const finding of findings) unattached.delete(finding);
    if (changes.length || findings.length) steps.push({ title, changes, findings });
  };
  for (const fn of result.functions) {
    if (fn.skipped) continue;
    const own = result.findings.filter((f) => f.functions?.includes(fn.name));
    const files = new Set([fn.file, fn.entry, ...own.map((f) => f.file)]);
    step(`Function ${fn.name} (${fn.source}, ${fn.file})`, [...undecided.values()].filter((change) => files.has(change.path)), own);
  }
  step("Other changes", [...undecided.values()], [...unattached]);
  return steps;
}

export function describeStep(step: ReviewStep, index: number, total: number, paint: Paint): string {
  const lines = [paint("bold", `[${index + 1}/${total}] ${step.title}`)];
  lines.push(step.changes.length ? unifiedDiffs(step.changes).trimEnd() : "(no file changes)");
  if (step.findings.length) lines.push("", ...step.findings.map((f) => formatFinding(f, paint)));
  return `${lines.join("\n")}\n`;
}

/**
 * Asks about each step; returns the changes to write. `ask` is the prompt (a test can drive it);
 * steps without changes are shown for their findings and need no answer.
 */
export async function review(steps: ReviewStep[], ask: (step: ReviewStep) => Promise<Decision>, show: (text: string) => void, paint: Paint): Promise<FileChange[]> {
  const approved: FileChange[] = [];
  for (const [index, step] of steps.entries()) {
    show(describeStep(step, index, steps.length, paint));
    if (!step.changes.length) continue;
    const decision = await ask(step);
    if (decision === "quit") break;
    if (decision === "apply") approved.push(...step.changes);
  }
  return approved;
}

/** The apply / skip / quit prompt on a terminal (@inquirer/select: arrow keys and Enter). */
export function terminalPrompt(io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): (step: ReviewStep) => Promise<Decision> {
  return (step) =>
    select<Decision>(
      {
        message: `Apply the changes to ${step.changes.map((c) => c.path).join(", ")}?`,
        choices: [
          { value: "apply", name: "apply", description: "write these files" },
          { value: "skip", name: "skip", description: "leave these files as they are" },
          { value: "quit", name: "quit", description: "stop here; write what was applied so far" },
        ],
      },
      { input: io.input, output: io.output, clearPromptOnDone: false },
    );
}
