// `llrt-migrate action`: the GitHub Action's entry (action.yml runs it from the installed package).
// check / report: a dry run whose Markdown report goes to the job summary, SARIF to a file for
// code scanning, verdict counts to the step outputs; check fails according to `fail-on`.
// benchmark: the before/after benchmark of the functions a pull request changes, with the workflow's
// AWS credentials, published as one PR comment kept up to date and a check run the App reads.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { migrateProject } from "../engine/migrate";
import type { LambdaFunction, MigrationOptions, MigrationResult } from "../engine/types";
import { diskExternalFiles } from "../fs/read-project";
import { loadProject } from "../cli/paths";
import { failsOn, loadSettings } from "../cli/migrate-command";
import { layerArn, migrateFlagsSchema, toMigrationOptions } from "../cli/options";
import { UsageError } from "../cli/usage";
import { renderMarkdownReport, verdictCounts } from "../report/markdown";
import { renderSarif } from "../report/sarif";
import { appendSummary, eventPayload, input, setOutputs } from "./workflow-env";
import { benchmarkChangedFunctions } from "./benchmark-mode";

/** GitHub caps a step summary at 1 MiB; keep well under it. */
const summaryLimit = 900_000;

export const actionInputsSchema = z.object({
  path: z.string().min(1).default("."),
  mode: z.enum(["check", "report", "benchmark", "verify"], { message: "mode must be check, report, benchmark or verify" }).default("check"),
  failOn: z.enum(["error", "warning", "never"], { message: "fail-on must be error, warning or never" }).default("error"),
  variant: z.enum(["std", "full-sdk", "no-sdk"], { message: "variant must be std, full-sdk or no-sdk" }).optional(),
  llrtLayerArn: z.string().regex(layerArn, "llrt-layer-arn must be a Lambda layer version ARN").optional(),
  sarif: z.enum(["true", "false"], { message: "sarif must be true or false" }).default("true").transform((v) => v === "true"),
  sarifFile: z.string().min(1).default("llrt-migrate.sarif"),
  config: z.string().min(1).optional(),
  // Benchmark mode.
  awsRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "aws-region must be an AWS region such as eu-west-1").optional(),
  executionRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "execution-role-arn must be an IAM role ARN").optional(),
  allowAccount: z.string().regex(/^\d{12}(\s*,\s*\d{12})*$/, "allow-account must be 12-digit account ids, comma-separated").optional(),
  maxFunctions: z.coerce.number().int().min(1).max(20).default(3),
  cold: z.coerce.number().int().min(1).max(100).default(10),
  warm: z.coerce.number().int().min(0).max(1000).default(20),
  githubToken: z.string().min(1).optional(),
});

export type ActionInputs = z.infer<typeof actionInputsSchema>;

const inputNames: Record<keyof ActionInputs, string> = {
  path: "path", mode: "mode", failOn: "fail-on", variant: "variant", llrtLayerArn: "llrt-layer-arn", sarif: "sarif",
  sarifFile: "sarif-file", config: "config", awsRegion: "aws-region", executionRoleArn: "execution-role-arn", allowAccount: "allow-account",
  maxFunctions: "max-functions", cold: "cold", warm: "warm", githubToken: "github-token",
};

export function readActionInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const raw = Object.fromEntries(Object.entries(inputNames).map(([key, name]) => [key, input(name, env)]));
  const parsed = actionInputsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
  return parsed.data;
}

/** The settings file (the `config` input, or the nearest one), with the inputs given overriding it: as the CLI's flags do. */
export function migrationOptions(inputs: ActionInputs, root: string, env: NodeJS.ProcessEnv): Partial<MigrationOptions> {
  const config = loadSettings(root, inputs.config && resolve(env.GITHUB_WORKSPACE ?? ".", inputs.config));
  return toMigrationOptions(
    migrateFlagsSchema.parse({ variant: inputs.variant, llrtLayerArn: inputs.llrtLayerArn }),
    config,
  );
}

/** The `path` input is relative to the workspace, where GitHub runs the step. */
const projectPath = (inputs: ActionInputs, env: NodeJS.ProcessEnv) => resolve(env.GITHUB_WORKSPACE ?? ".", inputs.path);

const count = (functions: LambdaFunction[]) => verdictCounts(functions.filter((fn) => !fn.skipped));

/** check and report: the dry run, its report in the summary, SARIF, outputs; the exit code. */
async function readiness(inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<number> {
  const { root, project } = loadProject([projectPath(inputs, env)]);
  const result: MigrationResult = await migrateProject(project, migrationOptions(inputs, root, env), { external: diskExternalFiles(root) });
  const report = renderMarkdownReport(result, project);
  appendSummary(report.length > summaryLimit ? `${report.slice(0, summaryLimit)}\n\n… (report cut to fit the job summary)\n` : report, env);
  const outputs: Record<string, string | number | boolean> = {
    ready: count(result.functions).ready,
    "needs-attention": count(result.functions)["needs-attention"],
    blocked: count(result.functions).blocked,
    "changes-pending": result.changes.length > 0,
  };
  if (inputs.sarif) {
    const file = resolve(env.GITHUB_WORKSPACE ?? ".", inputs.sarifFile);
    writeFileSync(file, renderSarif(result));
    outputs["sarif-file"] = file;
  }
  setOutputs(outputs, env);
  if (inputs.mode === "report") return 0;
  return failsOn(result, inputs.failOn) ? 1 : 0;
}

const pullRequestEvent = z.object({
  pull_request: z.object({ number: z.number(), head: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/) }) }),
});

export async function runAction(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<number> {
  const inputs = readActionInputs(env);
  switch (inputs.mode) {
    case "check":
    case "report":
      return readiness(inputs, env);
    case "verify":
      throw new UsageError("mode verify is not available in this version of llrt-migrate (use check, report or benchmark)");
    case "benchmark": {
      const event = pullRequestEvent.safeParse(eventPayload(env));
      const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
      if (!event.success || !owner || !repo) throw new UsageError("mode benchmark runs on pull_request events (no pull request in GITHUB_EVENT_PATH)");
      const token = inputs.githubToken ?? env.GITHUB_TOKEN;
      if (!token) throw new UsageError("mode benchmark needs github-token (pass ${{ github.token }})");
      if (!inputs.awsRegion || !inputs.executionRoleArn || !inputs.allowAccount || !inputs.llrtLayerArn) {
        throw new UsageError("mode benchmark needs aws-region, execution-role-arn, allow-account and llrt-layer-arn");
      }
      return benchmarkChangedFunctions({
        root: projectPath(inputs, env),
        options: migrationOptions(inputs, projectPath(inputs, env), env),
        repo: { owner, repo },
        pull: event.data.pull_request.number,
        headSha: event.data.pull_request.head.sha,
        token,
        apiUrl: env.GITHUB_API_URL ?? "https://api.github.com",
        aws: {
          region: inputs.awsRegion,
          roleArn: inputs.executionRoleArn,
          allowAccounts: inputs.allowAccount.split(",").map((a) => a.trim()),
          layerArn: inputs.llrtLayerArn,
          cold: inputs.cold,
          warm: inputs.warm,
        },
        maxFunctions: inputs.maxFunctions,
        log,
        env,
      });
    }
  }
}

