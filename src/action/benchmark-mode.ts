// The Action's benchmark mode: in the team's own CI, where dependencies are installed and AWS
// credentials come from OIDC, benchmark the Node.js functions a pull request changes before and
// after the migration, then publish one table as a PR comment kept up to date (found by a hidden
// marker) and as the check run `llrt-migrate benchmark`, which the App shows in its PR body.
import { relative, sep } from "node:path";
import { awsClients, runAwsBenchmark } from "../bench/aws";
import { defaultEvent } from "../bench/event";
import { defaultPricing } from "../bench/pricing";
import { benchmarkDataLine } from "../bench/published";
import { renderBenchmarkTable } from "../bench/report";
import type { BenchmarkResult } from "../bench/types";
import { loadTarget } from "../bench/target";
import { describeError } from "../engine/errors";
import { filesReachedFrom } from "../engine/imports";
import { migrateProject } from "../engine/migrate";
import type { Project } from "../engine/project";
import type { LambdaFunction, MigrationOptions } from "../engine/types";
import { diskExternalFiles, readProject } from "../fs/read-project";
import { benchmarkCheckRunName, benchmarkCommentMarker } from "./benchmark-names";
import { GitHubRest, type RepoRef } from "./github-rest";
import { appendSummary } from "./workflow-env";

/** A check run's summary holds at most 65,535 characters. */
const checkSummaryLimit = 60_000;

export interface BenchmarkRequest {
  /** Absolute project folder (the Action's `path`). */
  root: string;
  options: Partial<MigrationOptions>;
  repo: RepoRef;
  pull: number;
  headSha: string;
  token: string;
  apiUrl: string;
  aws: { region: string; roleArn: string; allowAccounts: string[]; layerArn: string; cold: number; warm: number };
  maxFunctions: number;
  log(line: string): void;
  env: NodeJS.ProcessEnv;
}

const isNode = (fn: LambdaFunction) => fn.runtime.before === null || /^nodejs/.test(fn.runtime.before);

/**
 * Whether a pull request's changed paths (repository-relative) touch a function: its declaration,
 * or any file its entry reaches through relative imports.
 */
export function touchesFunction(fn: LambdaFunction, project: Project, changed: Set<string>, prefix: string): boolean {
  const inRepo = (path: string) => (prefix ? `${prefix}/${path}` : path);
  if (changed.has(inRepo(fn.file))) return true;
  return fn.entry !== null && [...filesReachedFrom(project, fn.entry)].some((file) => changed.has(inRepo(file)));
}

export async function benchmarkChangedFunctions(req: BenchmarkRequest): Promise<number> {
  const rest = new GitHubRest(req.token, req.apiUrl);
  const changed = new Set(await rest.pullRequestFiles(req.repo, req.pull));
  const workspace = req.env.GITHUB_WORKSPACE ?? process.cwd();
  const prefix = relative(workspace, req.root).split(sep).join("/");
  const project = readProject(req.root);
  const result = await migrateProject(project, req.options, { external: diskExternalFiles(req.root) });
  const candidates = result.functions.filter((fn) => !fn.skipped && fn.entry && isNode(fn) && touchesFunction(fn, project, changed, prefix));
  const chosen = candidates.slice(0, req.maxFunctions);

  const sections: string[] = [];
  const measured: BenchmarkResult[] = [];
  let failures = 0;
  for (const fn of chosen) {
    req.log(`llrt-migrate benchmark: ${fn.name}`);
    try {
      const target = await loadTarget(req.root, fn.name, req.options);
      const bench = await runAwsBenchmark(
        target,
        {
          region: req.aws.region,
          roleArn: req.aws.roleArn,
          allowAccounts: req.aws.allowAccounts,
          arch: req.options.arch ?? "arm64",
          memoryMb: req.options.memory ?? 128,
          nodeRuntime: fn.runtime.before ?? "nodejs22.x",
          llrt: { layerArn: req.aws.layerArn },
          event: defaultEvent,
          cold: req.aws.cold,
          warm: req.aws.warm,
          pricing: defaultPricing,
        },
        awsClients(req.aws.region),
      );
      sections.push(`### \`${fn.name}\`\n\n${renderBenchmarkTable(bench)}`);
      measured.push(bench);
    } catch (error) {
      failures++;
      sections.push(`### \`${fn.name}\`\n\nNot measured: ${describeError(error)}\n`);
    }
  }
  const left = candidates.length - chosen.length;
  const body = [
    "## LLRT benchmark: Node.js before, LLRT after",
    "",
    chosen.length
      ? `Functions this pull request changes, measured on AWS Lambda in ${req.aws.region} (commit ${req.headSha.slice(0, 7)}).`
      : "This pull request changes no Node.js function: nothing was measured.",
    left > 0 ? `${left} more changed function(s) were not measured (max-functions: ${req.maxFunctions}).` : "",
    "",
    ...sections,
  ]
    .filter((line, i, all) => line !== "" || all[i - 1] !== "")
    .join("\n");

  await rest.upsertMarkedComment(req.repo, req.pull, benchmarkCommentMarker, body);
  await rest.completedCheckRun(req.repo, {
    name: benchmarkCheckRunName,
    headSha: req.headSha,
    conclusion: failures > 0 ? "neutral" : "success",
    title: chosen.length ? `${chosen.length - failures} of ${chosen.length} function(s) measured` : "No changed function",
    summary: body.length > checkSummaryLimit ? `${body.slice(0, checkSummaryLimit)}\n\n… (cut)` : body,
    // The figures as data, for the GitHub App's PR body (it renders them itself, escaped).
    text: benchmarkDataLine(measured),
  });
  appendSummary(body, req.env);
  return failures > 0 ? 1 : 0;
}
