// The Probot app: webhook handlers only decide whether an event concerns us and enqueue the work,
// so GitHub gets its answer fast; the queue runs one job at a time per repository.
import type { Context, Probot } from "probot";
import { awsBenchmarkRunner } from "./aws-benchmark";
import type { AssumeRole, BenchmarkRunner } from "./benchmark";
import { stsAssumeRole } from "./benchmark";
import { budgetFromEnv, migrateInWorker } from "./budget";
import type { MigrationBudget } from "./budget";
import { mayCommand, parseCommand } from "./commands";
import { configPath } from "./config";
import { benchmarkCheckRunName } from "../action/benchmark-names";
import { branchName, checkName } from "./github";
import type { Octokit, RepoRef } from "./github";
import { Markers } from "./markers";
import type { Signer } from "./signing";
import { signerFromEnv } from "./signing";
import { RepositoryQueue } from "./queue";
import type { WorkQueue } from "./queue";
import { RedisRepositoryQueue, redisQueueFromEnv } from "./redis-queue";
import type { RedisQueueOptions } from "./redis-queue";
import { retryAfterMs } from "./rate-limit";
import { BlobCache, defaultLimits, isWorkflowFile } from "./repo-reader";
import type { ReadLimits } from "./repo-reader";
import { ignorePullRequest, runRepository } from "./run";
import type { Force, RunDeps, RunOutcome, RunRequest } from "./run";
import { isRelevantFile } from "../engine/relevant-files";
import type { MigrationOptions } from "../engine/types";

export interface AppOptions {
  benchmarkRunner?: BenchmarkRunner;
  assumeRole?: AssumeRole;
  limits?: ReadLimits;
  /** Signs the PR state and the app's commits; by default keyed from WEBHOOK_SECRET or the private key. */
  signer?: Signer;
  /** Time and memory one migration may use (default: LLRT_MIGRATE_JOB_TIMEOUT_MS / _MEMORY_MB, else 120 s and 1 GB). */
  budget?: MigrationBudget;
  /** Replaces the worker thread (tests that are not about it run the engine in-process, faster). */
  migrate?: RunDeps["migrate"];
  /** How many times a job GitHub rate-limits is run again (default 5). */
  rateLimitAttempts?: number;
  /**
   * Redis for a queue shared by replicas (default: REDIS_URL, read when Probot loads the app); without
   * one, jobs run in this process.
   */
  redisUrl?: string;
  /** Options of the Redis queue (tests: a queue name per run, short locks). */
  redisQueue?: Partial<Pick<RedisQueueOptions<unknown>, "name" | "lockMs" | "concurrency" | "attempts" | "backoffMs">>;
  /** Called after each queued job (tests and metrics): its outcome, or the error it failed with. */
  onJobDone?(repository: string, result: { outcome?: RunOutcome | "pr-ignored"; error?: unknown }): void;
}

/**
 * One queued piece of work, as plain data (the Redis queue stores it): the installation whose token
 * the job asks for when it runs, not a client made when the webhook arrived.
 */
type JobData =
  | ({ kind: "run" } & Omit<RunRequest, "octokit">)
  | { kind: "ignore"; repo: RepoRef; pr: { number: number; body: string }; close: boolean };
type Job = JobData & { installation: number };

const forceRank: Record<Force, number> = { none: 0, recheck: 1, rebase: 2, recreate: 3 };

/** Two waiting runs for one repository become one that does the most either asked for. */
function mergeJobs(waiting: Job, incoming: Job): Job | undefined {
  if (waiting.kind !== "run" || incoming.kind !== "run") return undefined;
  return {
    ...incoming,
    defaultBranch: incoming.defaultBranch ?? waiting.defaultBranch,
    force: forceRank[incoming.force] >= forceRank[waiting.force] ? incoming.force : waiting.force,
    benchmark: waiting.benchmark || incoming.benchmark,
  };
}

/** A push to the default branch matters when it touches a file the migration reads, or the config. */
export function pushIsRelevant(commits: Array<{ added?: string[]; modified?: string[]; removed?: string[] }>): boolean {
  // Push payloads list at most 20 commits; a longer push may touch anything.
  if (commits.length === 0 || commits.length >= 20) return true;
  return commits
    .flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])])
    .some((path) => path === configPath || (isRelevantFile(path) && !isWorkflowFile(path)));
}

export function createApp(options: AppOptions = {}) {
  // Probot's logger (pino), known once the app is loaded.
  let log: Pick<Probot["log"], "info" | "warn" | "error"> | undefined;
  const signer = options.signer ?? signerFromEnv(process.env);
  const markers = new Markers(signer);
  const budget = options.budget ?? budgetFromEnv(process.env);
  const deps = {
    signer,
    markers,
    benchmarkRunner: options.benchmarkRunner,
    assumeRole: options.assumeRole ?? stsAssumeRole,
    limits: options.limits ?? defaultLimits,
    blobCache: new BlobCache(),
    migrate: options.migrate ?? ((files: Array<[string, string]>, migrationOptions: MigrationOptions) => migrateInWorker(files, migrationOptions, budget)),
  };
  // The installation's client, known once Probot has loaded the app (tokens are cached by Probot).
  let auth: (installation: number) => Promise<Octokit> = () => Promise.reject(new Error("the app is not loaded"));
  const runJob = async (job: Job) => {
    const octokit = await auth(job.installation);
    return job.kind === "ignore"
      ? ignorePullRequest(octokit, job.repo, job.pr, job.close, markers).then(() => "pr-ignored" as const)
      : runRepository({ ...job, octokit }, deps);
  };
  /** A job GitHub asked to slow down is kept: it runs again after `retry-after` (at most this many times). */
  const rateLimitAttempts = options.rateLimitAttempts ?? 5;
  const work = async (job: Job) => {
    const repository = `${job.repo.owner}/${job.repo.repo}`;
    try {
      let outcome: RunOutcome | "pr-ignored";
      for (let attempt = 1; ; attempt++) {
        try {
          outcome = await runJob(job);
          break;
        } catch (error) {
          const wait = retryAfterMs(error);
          if (wait === undefined || attempt >= rateLimitAttempts) throw error;
          log?.warn({ repository, retryInMs: wait }, "GitHub rate limit: the job runs again later");
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      // Owner/repo and the outcome only: payloads, tokens and file contents never go to the log.
      log?.info({ repository, outcome }, "llrt-migrate run finished");
      options.onJobDone?.(repository, { outcome });
    } catch (error) {
      options.onJobDone?.(repository, { error });
      throw error;
    }
  };
  let queue: WorkQueue<Job> | undefined;

  /** Queues a job for the event's installation; events without one (not sent to an App) are ignored. */
  const enqueue = async (context: Context, job: JobData) => {
    const installation = (context.payload as { installation?: { id?: number } }).installation?.id;
    if (installation === undefined || !queue) return;
    await queue.enqueue(`${job.repo.owner}/${job.repo.repo}`, context.id, { ...job, installation });
  };
  const run = (context: Context, repo: RepoRef, extra: Partial<Omit<RunRequest, "octokit">> = {}) =>
    enqueue(context, { kind: "run", repo, force: "none", benchmark: false, ...extra });
  const fromFullName = (fullName: string): RepoRef => {
    const [owner, repo] = fullName.split("/");
    return { owner, repo };
  };

  const appFn = (app: Probot) => {
    log = app.log;
    auth = (installation) => app.auth(installation);
    const queueLog = { error: (obj: object, msg: string) => app.log.error(obj, msg) };
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL;
    queue = redisUrl
      ? new RedisRepositoryQueue<Job>({ ...redisQueueFromEnv(process.env), ...options.redisQueue, url: redisUrl, work, merge: mergeJobs, log: queueLog })
      : new RepositoryQueue<Job>(work, mergeJobs, queueLog);

    app.on("installation.created", async (context) => {
      for (const r of context.payload.repositories ?? []) await run(context, fromFullName(r.full_name));
    });

    app.on("installation_repositories.added", async (context) => {
      for (const r of context.payload.repositories_added) await run(context, fromFullName(r.full_name));
    });

    app.on("push", async (context) => {
      const { payload } = context;
      const defaultBranch = payload.repository.default_branch;
      if (payload.ref !== `refs/heads/${defaultBranch}` || payload.deleted || !pushIsRelevant(payload.commits)) return;
      await run(context, context.repo(), { defaultBranch });
    });

    app.on("issue_comment.created", async (context) => {
      const { issue, comment } = context.payload;
      if (!issue.pull_request || context.isBot || !markers.isAppBody(issue.body) || !mayCommand(comment.author_association)) return;
      const command = parseCommand(comment.body);
      if (!command) return;
      if (command === "ignore") {
        await enqueue(context, { kind: "ignore", repo: context.repo(), pr: { number: issue.number, body: issue.body ?? "" }, close: true });
      } else if (command === "benchmark") {
        await run(context, context.repo(), { force: "recheck", benchmark: true, defaultBranch: context.payload.repository.default_branch });
      } else {
        await run(context, context.repo(), { force: command, defaultBranch: context.payload.repository.default_branch });
      }
    });

    app.on("pull_request.closed", async (context) => {
      const pr = context.payload.pull_request;
      // The app closes its own PR when nothing is left to change: that is not the user ignoring it.
      if (pr.merged || context.isBot || pr.head.ref !== branchName || pr.head.repo?.id !== pr.base.repo.id) return;
      await enqueue(context, { kind: "ignore", repo: context.repo(), pr: { number: pr.number, body: pr.body ?? "" }, close: false });
    });

    // The Action's benchmark finished on the app's branch: its figures go into the PR body.
    app.on("check_run.completed", async (context) => {
      const { check_run } = context.payload;
      if (check_run.name !== benchmarkCheckRunName || check_run.check_suite?.head_branch !== branchName) return;
      await run(context, context.repo(), { force: "recheck", defaultBranch: context.payload.repository.default_branch });
    });

    app.on("check_run.rerequested", async (context) => {
      if (context.payload.check_run.name !== checkName) return;
      // Re-run the analysis; the branch moves only if the result changed.
      await run(context, context.repo(), { force: "recheck", defaultBranch: context.payload.repository.default_branch });
    });
  };

  return Object.assign(appFn, { idle: () => queue?.idle(), close: () => queue?.close() });
}

/** What `npm start` serves: the real AWS benchmark runner behind the config's opt-in. */
export default createApp({ benchmarkRunner: awsBenchmarkRunner() });
