// The before/after benchmark, when a repository asks for it and a role can be assumed. The runner
// (deploy, invoke, measure) is injected: the app only decides whether it may run and says why not.
import type { Project } from "../engine/project";
import type { LambdaFunction, MigrationOptions } from "../engine/types";
import { describeError } from "../engine/errors";
import type { BenchmarkSettings } from "./config";
import { configPath } from "./config";
import type { RepoRef } from "./github";

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface BenchmarkRequest {
  repo: RepoRef;
  /** The repository as it is on the default branch, and as the PR would make it. */
  before: Project;
  after: Project;
  /** Functions whose code or template the migration changed. */
  functions: LambdaFunction[];
  /** The migration's options: architecture, memory, the LLRT layer. */
  options: MigrationOptions;
  settings: BenchmarkSettings & { region: string; roleArn: string };
  credentials: AwsCredentials;
}

export interface BenchmarkRunner {
  /** Runs the benchmark and returns its Markdown before/after table. */
  run(request: BenchmarkRequest): Promise<string>;
}

export type AssumeRole = (roleArn: string, region: string, sessionName: string) => Promise<AwsCredentials>;

export type BenchmarkOutcome = { ran: true; table: string } | { ran: false; reason: string };

export const howToEnable =
  `Benchmark not run: add \`benchmark: { enabled: true, region: <region>, roleArn: <role in a sandbox account> }\` to \`${configPath}\` to measure cold starts before and after.`;

/** STS AssumeRole with the app's own AWS credentials; the session lasts one hour at most. */
export const stsAssumeRole: AssumeRole = async (roleArn, region, sessionName) => {
  const { STSClient, AssumeRoleCommand } = await import("@aws-sdk/client-sts");
  const sts = new STSClient({ region });
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 }));
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error("STS returned no credentials");
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
};

export async function runBenchmark(
  settings: BenchmarkSettings,
  input: Omit<BenchmarkRequest, "settings" | "credentials">,
  deps: { runner?: BenchmarkRunner; assumeRole: AssumeRole },
): Promise<BenchmarkOutcome> {
  if (!settings.enabled) return { ran: false, reason: howToEnable };
  const { region, roleArn } = settings;
  if (!region || !roleArn) return { ran: false, reason: `Benchmark not run: \`benchmark.region\` and \`benchmark.roleArn\` are both needed in \`${configPath}\`.` };
  if (!deps.runner) return { ran: false, reason: "Benchmark not run: this installation of the app has no benchmark runner configured." };
  if (input.functions.length === 0) return { ran: false, reason: "Benchmark not run: no function's code changed." };
  let credentials: AwsCredentials;
  try {
    const session = `llrt-migrate-${input.repo.repo}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
    credentials = await deps.assumeRole(roleArn, region, session);
  } catch (error) {
    return { ran: false, reason: `Benchmark not run: could not assume \`${roleArn}\` (${describeError(error)}).` };
  }
  try {
    const table = await deps.runner.run({ ...input, settings: { ...settings, region, roleArn }, credentials });
    return { ran: true, table };
  } catch (error) {
    return { ran: false, reason: `Benchmark failed: ${describeError(error)}` };
  }
}
