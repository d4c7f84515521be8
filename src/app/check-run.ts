// A check run on the PR head with one annotation per finding. GitHub takes at most 50 annotations
// per request, so the first batch goes with the creation and the rest as updates.
import type { Finding, MigrationResult, Severity } from "../engine/types";
import { prose, verdictCounts } from "../report/markdown";
import type { Octokit, RepoRef } from "./github";
import { checkName } from "./github";
import { noBlindRetry, writeOnce } from "./idempotent";
import type { SkippedFile } from "./repo-reader";
import { codeSpan } from "../report/markdown-text";

export const annotationBatch = 50;

const level: Record<Severity, "failure" | "warning" | "notice"> = { error: "failure", warning: "warning", info: "notice" };

function annotation(f: Finding) {
  return {
    path: f.file,
    start_line: f.line,
    end_line: f.line,
    annotation_level: level[f.severity],
    title: f.rule,
    message: f.fix ? `${f.message}\n${f.fix}` : f.message,
  };
}

/** Findings about no file (a project rule that failed) cannot be annotations: they go in the summary. */
function unplaced(findings: Finding[]): string {
  const lines = findings.filter((f) => !f.file).map((f) => `\n- **${f.severity}** (${f.rule}): ${prose(f.message).replace(/\n/g, " ")}`);
  return lines.length ? `\n\nNot tied to a file:${lines.join("")}` : "";
}

/** Neutral unless the repository asked to fail on blocked functions: bot checks should not block merges by surprise. */
export function conclusionOf(result: MigrationResult, failOnBlocked: boolean): "neutral" | "failure" {
  return failOnBlocked && result.functions.some((f) => f.verdict === "blocked") ? "failure" : "neutral";
}

type CheckRunInput = NonNullable<Parameters<Octokit["rest"]["checks"]["create"]>[0]>;

/**
 * Creates the check run once per `runKey` (its external_id): a create that answered 5xx after
 * GitHub stored it, or a run that stopped after it, finds the one already on the commit.
 */
async function createCheckRunOnce(octokit: Octokit, repo: RepoRef, headSha: string, runKey: string, fields: Omit<CheckRunInput, "owner" | "repo" | "name" | "head_sha">): Promise<{ id: number; fresh: boolean }> {
  const existing = async () => {
    const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, check_name: checkName, filter: "all", per_page: 100 });
    return data.check_runs.find((run) => run.external_id === runKey)?.id;
  };
  const found = await existing();
  if (found !== undefined) return { id: found, fresh: false };
  const id = await writeOnce(
    async () => (await octokit.rest.checks.create({ ...repo, name: checkName, head_sha: headSha, external_id: runKey, ...fields, ...noBlindRetry } as CheckRunInput)).data.id,
    existing,
  );
  return { id, fresh: true };
}

/** Most skipped files named in the summary; the rest are counted. */
const maxSkippedListed = 50;

/** Files the migration did not read: what it could not check. */
function skippedList(skipped: SkippedFile[]): string {
  if (skipped.length === 0) return "";
  const lines = skipped.slice(0, maxSkippedListed).map((s) => `\n- ${codeSpan(s.path)}: ${s.reason}`);
  const more = skipped.length > maxSkippedListed ? `\n- …and ${skipped.length - maxSkippedListed} more` : "";
  return `\n\n**${skipped.length} file(s) not read**, so nothing in them was checked or changed:${lines.join("")}${more}`;
}

export async function publishCheckRun(
  octokit: Octokit,
  repo: RepoRef,
  headSha: string,
  result: MigrationResult,
  failOnBlocked: boolean,
  runKey: string,
  skipped: SkippedFile[] = [],
): Promise<void> {
  const c = verdictCounts(result.functions);
  const title = `${c.ready} ready, ${c["needs-attention"]} need attention, ${c.blocked} blocked`;
  const summary =
    `${result.functions.length} function(s) checked against LLRT ${result.llrt.version} (${result.llrt.variant} bundle): ` +
    `${result.summary.errors} errors, ${result.summary.warnings} warnings, ${result.summary.infos} notes. ` +
    "Lines refer to the files as they are on the default branch." +
    skippedList(skipped) +
    unplaced(result.findings);
  // GitHub rejects an annotation without a path (and with it the whole request).
  const annotations = result.findings.filter((f) => f.file).map(annotation);
  const batches: Array<typeof annotations> = [];
  for (let i = 0; i < annotations.length; i += annotationBatch) batches.push(annotations.slice(i, i + annotationBatch));

  const { id, fresh } = await createCheckRunOnce(octokit, repo, headSha, runKey, {
    status: "completed",
    conclusion: conclusionOf(result, failOnBlocked),
    output: { title, summary, annotations: batches[0] ?? [] },
  });
  // A check run found from an earlier attempt already had its annotations added.
  for (const batch of fresh ? batches.slice(1) : []) {
    await octokit.rest.checks.update({ ...repo, check_run_id: id, output: { title, summary, annotations: batch } });
  }
}

/** A run that stopped before migrating (invalid config, repository too large): one message on the commit. */
export async function publishProblem(octokit: Octokit, repo: RepoRef, headSha: string, title: string, message: string, runKey: string): Promise<void> {
  await createCheckRunOnce(octokit, repo, headSha, runKey, { status: "completed", conclusion: "neutral", output: { title, summary: message } });
}
