// One run for one repository: read the default branch through the API, migrate in memory, and make
// the app's single PR match the result, without ever overwriting someone else's commit.
import { createHash } from "node:crypto";
import { describeError } from "../engine/errors";
import type { Project } from "../engine/project";
import type { FileChange, MigrationOptions, MigrationResult } from "../engine/types";
import { tool } from "../version";
import type { AssumeRole, BenchmarkOutcome, BenchmarkRunner } from "./benchmark";
import { BudgetExceeded } from "./budget";
import { runBenchmark } from "./benchmark";
import { ciBenchmarkOrReason } from "./action-benchmark";
import { renderBody, pullRequestTitle } from "./body";
import { publishCheckRun, publishProblem } from "./check-run";
import type { AppConfig } from "./config";
import { configPath, inConfigTerms, parseAppConfig, toMigrationOptions } from "./config";
import { branchHead, createCommit, deleteBranch, moveBranch, readAppCommit } from "./git-data";
import { branchName, statusOf } from "./github";
import type { Octokit, RepoRef } from "./github";
import type { Markers, RunState } from "./markers";
import type { Signer } from "./signing";
import { commentOnce, createPullRequest, findIgnoredVersion, findOpenPullRequest, updatePullRequest } from "./pull-request";
import type { BlobCache, ReadLimits } from "./repo-reader";
import { isWorkflowFile, readRepository, RepositoryLimitError } from "./repo-reader";

/**
 * How hard a run pushes. none: skip when base, tool and config are unchanged; recheck: recompute
 * anyway, but keep the branch when the changes are the same; rebase: also recommit on the current
 * base; recreate: also overwrite commits that are not ours.
 */
export type Force = "none" | "recheck" | "rebase" | "recreate";

export interface RunRequest {
  octokit: Octokit;
  repo: RepoRef;
  /** Known from push payloads; fetched otherwise. */
  defaultBranch?: string;
  force: Force;
  /** The benchmark was asked for by a command. */
  benchmark: boolean;
}

export interface RunDeps {
  benchmarkRunner?: BenchmarkRunner;
  assumeRole: AssumeRole;
  limits: ReadLimits;
  blobCache?: BlobCache;
  /** The app's signature on its PR state and its commits. */
  signer: Signer;
  markers: Markers;
  /** Runs the engine on the files read: in a worker thread with a time and memory budget (budget.ts). */
  migrate(files: Array<[string, string]>, options: MigrationOptions): Promise<MigrationResult>;
}

export type RunOutcome =
  | "disabled" | "invalid-config" | "too-large" | "over-budget" | "unchanged" | "ignored" | "no-changes" | "human-commit" | "opened" | "updated";

const notRepeated = "Benchmark not repeated: the migrated code is the same as in the last run. Comment `/llrt-migrate benchmark` to run it again.";

async function loadConfig(octokit: Octokit, repo: RepoRef) {
  try {
    // Probot's config plugin: default branch only, falls back to the org's `.github` repo, follows `_extends`.
    const { config, files } = await octokit.config.get({ ...repo, path: configPath });
    return parseAppConfig(files.some((f) => f.config !== null) ? config : null);
  } catch (error) {
    if (statusOf(error) !== undefined) throw error; // GitHub trouble, not the user's file
    return { ok: false as const, error: `${configPath}: ${describeError(error)}` };
  }
}

const digestOf = (changes: FileChange[]) =>
  createHash("sha256").update(JSON.stringify(changes.map((c) => [c.path, c.after]))).digest("hex").slice(0, 16);

/** The findings' advice as the app's users act on it: config settings, not CLI flags. */
function inAppTerms(result: MigrationResult): MigrationResult {
  const findings = result.findings.map((f) => ({ ...f, message: inConfigTerms(f.message), fix: f.fix === undefined ? undefined : inConfigTerms(f.fix) }));
  return { ...result, findings };
}

/** Functions whose template or code the migration changed: what the benchmark deploys. */
function changedFunctions(result: MigrationResult, changes: FileChange[]) {
  const changed = new Set(changes.map((c) => c.path));
  return result.functions.filter((f) => changed.has(f.file) || (f.entry !== null && changed.has(f.entry)));
}

/** How often the branch is re-read after another writer moved it before the app's compare-and-swap. */
const maxBranchRaces = 3;

/** Identifies one run's check run (its external_id): a retried run finds the one it already made. */
const runKeyOf = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);

export async function runRepository(request: RunRequest, deps: RunDeps): Promise<RunOutcome> {
  const { octokit, repo, force } = request;
  const { markers, signer } = deps;
  const defaultBranch = request.defaultBranch ?? (await octokit.rest.repos.get({ ...repo })).data.default_branch;
  const base = (await octokit.rest.git.getRef({ ...repo, ref: `heads/${defaultBranch}` })).data.object.sha;

  const loaded = await loadConfig(octokit, repo);
  if (!loaded.ok) {
    await publishProblem(octokit, repo, base, "Invalid .github/llrt-migrate.yml: nothing was migrated", loaded.error, runKeyOf("config", base, loaded.error));
    return "invalid-config";
  }
  const { config, hash } = loaded;
  if (!config.enabled) return "disabled";

  const pr = await findOpenPullRequest(octokit, repo, branchName);
  const state = markers.readState(pr?.body);
  const sameInputs = state && state.base === base && state.tool === tool.version && state.config === hash;
  if (pr && sameInputs && force === "none") return "unchanged";

  const notes: string[] = [];
  if (!pr && force !== "recreate") {
    const ignored = await findIgnoredVersion(octokit, repo, branchName, markers);
    if (ignored && ignored.tool === tool.version && ignored.config === hash) return "ignored";
    if (ignored) notes.push("A previous pull request was closed without merging; this one is back because the tool version or the configuration changed.");
  }

  // Someone else's commit on the branch: stop before reading anything, unless told to overwrite it.
  let head = await branchHead(octokit, repo, branchName);
  let previous = head === null ? null : await readAppCommit(octokit, repo, head, signer);
  if (head !== null && !previous && force !== "recreate") {
    if (pr) await reportForeignCommit(octokit, repo, pr, head, markers);
    return "human-commit";
  }

  let snapshot;
  try {
    snapshot = await readRepository(octokit, repo, base, { paths: config.paths, exclude: config.exclude }, deps.limits, deps.blobCache);
  } catch (error) {
    if (!(error instanceof RepositoryLimitError)) throw error;
    await publishProblem(octokit, repo, base, "Repository too large: nothing was migrated", error.message, runKeyOf("limit", base, error.message));
    return "too-large";
  }
  let migrated: MigrationResult;
  try {
    migrated = await deps.migrate(snapshot.project.paths().map((p) => [p, snapshot.project.read(p)!]), toMigrationOptions(config));
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    const advice = `Nothing was migrated: ${error.message}. Narrow \`paths\` or add \`exclude\` globs in ${configPath} so each run covers fewer files (for example one service per path), or leave out very large generated files.`;
    await publishProblem(octokit, repo, base, `Migration over its ${error.resource} budget: nothing was migrated`, advice, runKeyOf("budget", base, hash));
    return "over-budget";
  }
  const result = inAppTerms(migrated);
  const changes = result.changes.filter((c) => !isWorkflowFile(c.path));

  if (changes.length === 0) {
    if (pr) await closeAsDone(octokit, repo, pr.number, `\`${defaultBranch}\` (${base.slice(0, 7)})`);
    return "no-changes";
  }

  const digest = digestOf(changes);
  const title = pullRequestTitle(result);
  // Compare-and-swap: the branch moves only from the head verified above. If someone moved it
  // meanwhile, re-read: a person's commit is kept (and reported), another run's commit is built on.
  let commit = "";
  for (let race = 0; ; race++) {
    // Same changes on a newer base: leave the branch alone (no push, no CI run) unless asked.
    const reuse = previous !== null && previous.changes === digest && (force === "none" || force === "recheck");
    if (reuse) {
      commit = previous!.sha;
      break;
    }
    const overwrite = force === "recreate";
    commit = await createCommit(octokit, repo, signer, { base, changes, digest, modes: snapshot.modes, title, previous: overwrite ? null : previous });
    if (await moveBranch(octokit, repo, branchName, { from: head, to: commit, overwrite: overwrite && head !== null })) break;
    head = await branchHead(octokit, repo, branchName);
    previous = head === null ? null : await readAppCommit(octokit, repo, head, signer);
    if (head !== null && !previous) {
      if (pr) await reportForeignCommit(octokit, repo, pr, head, markers);
      return "human-commit";
    }
    if (race + 1 >= maxBranchRaces) throw new Error(`${branchName} kept moving while the app tried to update it`);
  }
  const newCommit = commit !== head;

  const benchmark = await benchmarkSection(config, request, result, changes, snapshot.project, newCommit, commit, deps);
  if (snapshot.skipped.length) {
    notes.push(`${snapshot.skipped.length} file(s) were not read (too large, binary or a link), so nothing in them was checked or changed: the check run lists them.`);
  }
  const newState: RunState = { base, tool: tool.version, config: hash, commit, changes: digest };
  const body = renderBody({ result, project: snapshot.project, benchmark, state: newState, arch: config.arch, notes, markers });

  // The check run before the PR's state: a run that stops in between is not taken for "unchanged".
  await publishCheckRun(octokit, repo, commit, result, config.failOnBlocked, runKeyOf(commit, base, tool.version, hash), snapshot.skipped);
  if (pr) {
    await updatePullRequest(octokit, repo, pr.number, { title, body });
    return "updated";
  }
  await createPullRequest(octokit, repo, branchName, {
    title, body, base: defaultBranch, draft: config.draft, labels: config.labels, reviewers: config.reviewers,
  });
  return "opened";
}

/** Comments once per foreign head commit; the marker remembers which one was reported. */
async function reportForeignCommit(octokit: Octokit, repo: RepoRef, pr: { number: number; body: string }, head: string, markers: Markers) {
  const state = markers.readState(pr.body);
  if (state?.blockedBy === head) return;
  await commentOnce(
    octokit, repo, pr.number,
    `\`${branchName}\` has a commit that llrt-migrate did not make (${head.slice(0, 7)}), so it was not updated to keep your work. ` +
      "Comment `/llrt-migrate recreate` to replace the branch with a fresh migration (your commits on it will be lost).",
    `foreign-${head}`,
  );
  if (state) await updatePullRequest(octokit, repo, pr.number, { body: markers.withState(pr.body, { ...state, blockedBy: head }) });
}

/** Nothing left to migrate: the PR has served its purpose (the app's own close is not "ignored"). */
async function closeAsDone(octokit: Octokit, repo: RepoRef, number: number, where: string) {
  await commentOnce(octokit, repo, number, `The migration no longer changes anything on ${where}: closing this pull request.`, `done-${number}`);
  await updatePullRequest(octokit, repo, number, { state: "closed" });
  await deleteBranch(octokit, repo, branchName);
}

/**
 * The CI's benchmark (the Action's check run on the PR head) when there is one: measured where the
 * dependencies are installed. Otherwise the app's own, when configured, or how to get one.
 */
async function benchmarkSection(
  config: AppConfig,
  request: RunRequest,
  result: MigrationResult,
  changes: FileChange[],
  before: Project,
  newCommit: boolean,
  head: string,
  deps: RunDeps,
): Promise<BenchmarkOutcome> {
  const ci = await ciBenchmarkOrReason(request.octokit, request.repo, head);
  if (ci.found) return { ran: true, table: ci.section };
  if (!config.benchmark.enabled) return { ran: false, reason: ci.line };
  if (!newCommit && !request.benchmark) return { ran: false, reason: `${notRepeated}\n\n${ci.line}` };
  const after = before.clone();
  for (const change of changes) after.write(change.path, change.after);
  const own = await runBenchmark(
    config.benchmark,
    { repo: request.repo, before, after, functions: changedFunctions(result, changes), options: toMigrationOptions(config) },
    { runner: deps.benchmarkRunner, assumeRole: deps.assumeRole },
  );
  return own.ran ? own : { ran: false, reason: `${own.reason}\n\n${ci.line}` };
}

/**
 * A PR closed without merging (or by `/llrt-migrate ignore`): remember its tool and config version
 * on the PR itself, and delete the branch so no leftover blocks later runs.
 */
export async function ignorePullRequest(octokit: Octokit, repo: RepoRef, pr: { number: number; body: string }, close: boolean, markers: Markers): Promise<boolean> {
  const state = markers.readState(pr.body);
  if (!state) return false;
  const note =
    "**Closed without merging.** llrt-migrate will not open this pull request again until its version or `.github/llrt-migrate.yml` changes. " +
    "Comment `/llrt-migrate recreate` here to bring it back.";
  const body = markers.markIgnored(pr.body, { tool: state.tool, config: state.config }, note);
  await updatePullRequest(octokit, repo, pr.number, close ? { body, state: "closed" } : { body });
  await deleteBranch(octokit, repo, branchName);
  return true;
}
