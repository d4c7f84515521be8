// The AWS test deploy: two temporary functions (the original on Node.js, the migrated code on LLRT),
// forced cold starts and warm invokes with `LogType: Tail`, statistics from the REPORT records, and
// both functions deleted whatever happens (finally, Ctrl-C, or later with `bench --cleanup`).
import { randomBytes } from "node:crypto";
import type { FunctionConfiguration } from "@aws-sdk/client-lambda";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  paginateListFunctions,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from "@aws-sdk/client-lambda";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Arch } from "../engine/types";
import { describeAwsError } from "./aws-errors";
import { bundleFunction } from "./bundle";
import { functionZip } from "./package";
import { costPerInvocationUsd } from "./pricing";
import type { InvocationReport } from "./report-line";
import { reportFromLogResult } from "./report-line";
import { compareSides, summarize } from "./stats";
import type { BenchTarget } from "./target";
import { BenchError } from "./target";
import type { BenchmarkResult, Pricing, SideName, SideResult } from "./types";

/** Every test function's name starts with this, and carries this tag: how --cleanup finds leftovers. */
export const benchNamePrefix = "llrt-migrate-bench-";
export const benchTagKey = "llrt-migrate-bench";
/** The environment variable changed before each cold sample: a new configuration means a new sandbox. */
const coldStartVariable = "LLRT_MIGRATE_BENCH_RUN";
/** How long to wait for a function to become active or finish an update. */
const waitSeconds = 300;

export interface AwsBenchConfig {
  region: string;
  roleArn: string;
  /** Account ids a deploy may touch: both the role's and the credentials' account must be listed. */
  allowAccounts: string[];
  arch: Arch;
  memoryMb: number;
  nodeRuntime: string;
  /** The LLRT bootstrap, inside the zip or as a layer. */
  llrt: { bootstrap: Uint8Array } | { layerArn: string };
  event: unknown;
  cold: number;
  warm: number;
  pricing: Pricing;
}

export interface AwsBenchDeps {
  lambda: LambdaClient;
  sts: STSClient;
  /** Called after every invoke: done and total across both functions. */
  onProgress?(done: number, total: number): void;
  /** Install a SIGINT handler that deletes the functions before exiting (the CLI: yes; the App: no). */
  handleSigint?: boolean;
  /** How the SIGINT handler ends the process (default process.exit; tests replace it). */
  exit?(code: number): void;
}

export function awsClients(region: string): { lambda: LambdaClient; sts: STSClient } {
  // The SDK's multi-line notice that its future releases need Node.js 22 concerns this tool's
  // maintainers, not someone running a benchmark on a supported Node.js 20: keep stderr to our lines.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // Standard retry mode retries throttling with backoff; 5 attempts ride out short bursts.
  return { lambda: new LambdaClient({ region, maxAttempts: 5 }), sts: new STSClient({ region, maxAttempts: 5 }) };
}

const accountOfArn = (arn: string) => /^arn:aws[a-z-]*:iam::(\d{12}):role\/.+$/.exec(arn)?.[1];

/** Refuses to deploy anywhere the user did not explicitly allow. */
async function checkAccounts(config: AwsBenchConfig, sts: STSClient): Promise<void> {
  const roleAccount = accountOfArn(config.roleArn);
  if (!roleAccount) throw new BenchError(`--role-arn ${config.roleArn} is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`);
  if (!config.allowAccounts.includes(roleAccount)) {
    throw new BenchError(`refusing to deploy: the role's account ${roleAccount} is not in --allow-account (${config.allowAccounts.join(", ")})`);
  }
  let account: string | undefined;
  try {
    account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
  } catch (error) {
    throw new BenchError(describeAwsError(error, "checking the caller identity (sts:GetCallerIdentity)"));
  }
  if (!account || !config.allowAccounts.includes(account)) {
    throw new BenchError(`refusing to deploy: the credentials belong to account ${account ?? "unknown"}, not in --allow-account (${config.allowAccounts.join(", ")})`);
  }
}

/** Lambda names: letters, digits, - and _, at most 64 characters. */
function functionNames(fnName: string): Record<SideName, string> {
  const id = randomBytes(4).toString("hex");
  const slug = fnName.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 64 - benchNamePrefix.length - id.length - 7);
  const base = `${benchNamePrefix}${slug}-${id}`;
  return { node: `${base}-node`, llrt: `${base}-llrt` };
}

/** One side: its name, what to create, and the samples it produced. */
interface SidePlan {
  side: SideName;
  name: string;
  runtime: string;
  create: CreateFunctionCommand;
}

class AwsBench {
  private readonly created: string[] = [];
  private done = 0;
  /** Invocations whose log tail held no REPORT record (nothing to measure from them). */
  missingReports = 0;
  /** Set on Ctrl-C: no further calls start. */
  interrupted = false;

  constructor(
    private readonly config: AwsBenchConfig,
    private readonly deps: AwsBenchDeps,
  ) {}

  private async send<T>(action: string, run: () => Promise<T>): Promise<T> {
    if (this.interrupted) throw new BenchError(`interrupted before ${action}`);
    try {
      return await run();
    } catch (error) {
      throw new BenchError(describeAwsError(error, action));
    }
  }

  async create(plan: SidePlan): Promise<void> {
    await this.send(`creating function ${plan.name}`, () => this.deps.lambda.send(plan.create));
    this.created.push(plan.name);
  }

  async waitActive(name: string): Promise<void> {
    await this.send(`waiting for ${name} to become active`, () =>
      waitUntilFunctionActiveV2({ client: this.deps.lambda, maxWaitTime: waitSeconds }, { FunctionName: name }),
    );
  }

  /** A new environment variable value makes Lambda start fresh sandboxes: the next invoke is cold. */
  async forceColdStart(name: string, run: number): Promise<void> {
    await this.send(`updating ${name} to force a cold start`, () =>
      this.deps.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: name, Environment: { Variables: { [coldStartVariable]: `${run}-${Date.now()}` } } }),
      ),
    );
    await this.send(`waiting for the update of ${name}`, () =>
      waitUntilFunctionUpdatedV2({ client: this.deps.lambda, maxWaitTime: waitSeconds }, { FunctionName: name }),
    );
  }

  async invoke(plan: SidePlan, total: number): Promise<InvocationReport | undefined> {
    const payload = new TextEncoder().encode(JSON.stringify(this.config.event));
    const out = await this.send(`invoking ${plan.name}`, () =>
      this.deps.lambda.send(new InvokeCommand({ FunctionName: plan.name, Payload: payload, LogType: "Tail" })),
    );
    this.deps.onProgress?.(++this.done, total);
    if (out.FunctionError) {
      const body = out.Payload ? new TextDecoder().decode(out.Payload) : "";
      const message = /"errorMessage"\s*:\s*"([^"]*)"/.exec(body)?.[1] ?? body.slice(0, 200);
      throw new BenchError(`the ${plan.side === "llrt" ? "LLRT" : "Node.js"} function failed (${out.FunctionError}): ${message}`);
    }
    const report = reportFromLogResult(out.LogResult, out.$metadata.requestId);
    if (!report) this.missingReports++;
    return report;
  }

  async measure(plan: SidePlan, total: number): Promise<InvocationReport[]> {
    const reports: InvocationReport[] = [];
    for (let run = 0; run < this.config.cold; run++) {
      // The first invoke after creation is cold already.
      if (run > 0) await this.forceColdStart(plan.name, run);
      const report = await this.invoke(plan, total);
      if (report) reports.push(report);
    }
    for (let i = 0; i < this.config.warm; i++) {
      const report = await this.invoke(plan, total);
      if (report) reports.push(report);
    }
    return reports;
  }

  /** Deletes every function this run created; a function already gone is fine. Returns failures. */
  async deleteAll(): Promise<string[]> {
    const failures: string[] = [];
    for (const name of this.created.splice(0)) {
      try {
        await this.deps.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
      } catch (error) {
        if ((error as { name?: string }).name !== "ResourceNotFoundException") failures.push(describeAwsError(error, `deleting ${name}`));
      }
    }
    return failures;
  }
}

function createCommand(config: AwsBenchConfig, name: string, runtime: string, zip: Uint8Array, handler: string, layers?: string[]) {
  return new CreateFunctionCommand({
    FunctionName: name,
    Role: config.roleArn,
    Runtime: runtime as FunctionConfiguration["Runtime"],
    Handler: handler,
    Code: { ZipFile: zip },
    Architectures: [config.arch],
    MemorySize: config.memoryMb,
    Timeout: 30,
    Layers: layers,
    Environment: { Variables: { [coldStartVariable]: "0" } },
    Description: "Temporary llrt-migrate benchmark function; safe to delete",
    Tags: { [benchTagKey]: "true" },
  });
}

function sideResult(config: AwsBenchConfig, side: SideName, runtime: string, reports: InvocationReport[]): SideResult {
  const cold = reports.filter((r) => r.initDurationMs !== undefined);
  const warm = reports.filter((r) => r.initDurationMs === undefined);
  const billed = summarize(warm.map((r) => r.billedDurationMs)) ?? undefined;
  const meanBilled = warm.length ? warm.reduce((sum, r) => sum + r.billedDurationMs, 0) / warm.length : undefined;
  return {
    side,
    runtime,
    measured: true,
    cold: summarize(cold.map((r) => (r.initDurationMs ?? 0) + r.durationMs)),
    warm: summarize(warm.map((r) => r.durationMs)),
    memoryMb: summarize(reports.map((r) => r.maxMemoryUsedMb)),
    billedMs: billed,
    costPerMillionUsd:
      meanBilled === undefined ? undefined : Math.round(1e6 * costPerInvocationUsd(config.pricing, config.arch, meanBilled, config.memoryMb) * 1e4) / 1e4,
  };
}

export async function runAwsBenchmark(target: BenchTarget, config: AwsBenchConfig, deps: AwsBenchDeps): Promise<BenchmarkResult> {
  const startedAt = new Date().toISOString();
  await checkAccounts(config, deps.sts);

  const [nodeCode, llrtCode] = await Promise.all([bundleFunction(target, "node"), bundleFunction(target, "llrt")]);
  const names = functionNames(target.fn.name);
  const handler = `index.${target.exportName}`;
  const llrtZip = functionZip(llrtCode, "bootstrap" in config.llrt ? config.llrt.bootstrap : undefined);
  const layers = "layerArn" in config.llrt ? [config.llrt.layerArn] : undefined;
  const plans: SidePlan[] = [
    { side: "node", name: names.node, runtime: config.nodeRuntime, create: createCommand(config, names.node, config.nodeRuntime, functionZip(nodeCode), handler) },
    { side: "llrt", name: names.llrt, runtime: "provided.al2023", create: createCommand(config, names.llrt, "provided.al2023", llrtZip, handler, layers) },
  ];

  const bench = new AwsBench(config, deps);
  const onSigint = () => {
    process.stderr.write("\nllrt-migrate: interrupted, deleting the test functions...\n");
    bench.interrupted = true;
    void bench.deleteAll().finally(() => (deps.exit ?? process.exit)(130));
  };
  if (deps.handleSigint) process.once("SIGINT", onSigint);

  const reports = new Map<SideName, InvocationReport[]>();
  let failed = false;
  try {
    for (const plan of plans) await bench.create(plan);
    for (const plan of plans) await bench.waitActive(plan.name);
    const total = plans.length * (config.cold + config.warm);
    for (const plan of plans) reports.set(plan.side, await bench.measure(plan, total));
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (deps.handleSigint) process.off("SIGINT", onSigint);
    const failures = await bench.deleteAll();
    // A failed delete is worth a line of its own, but must not hide the error that ended the run.
    if (failures.length && !failed) throw new BenchError(`${failures.join("; ")} (run llrt-migrate bench --cleanup)`);
    for (const failure of failures) process.stderr.write(`llrt-migrate: ${failure} (run llrt-migrate bench --cleanup)\n`);
  }

  const node = sideResult(config, "node", config.nodeRuntime, reports.get("node") ?? []);
  const llrt = sideResult(config, "llrt", "provided.al2023", reports.get("llrt") ?? []);
  const notes = [
    "Cold start is Lambda's Init Duration + Duration (code download not included); cold starts forced by a configuration change before each sample.",
    `Node.js runs the original bundled with esbuild (@aws-sdk external); LLRT runs the migrated code (ESM, es2023, @aws-sdk and @smithy external) with the ${"layerArn" in config.llrt ? "LLRT layer" : "bootstrap in the zip"}.`,
  ];
  if (bench.missingReports) notes.push(`${bench.missingReports} invocation(s) returned no REPORT record in their log tail and were left out.`);
  for (const side of [node, llrt]) {
    const got = side.cold?.n ?? 0;
    if (got < config.cold) notes.push(`${side.side === "node" ? "Node.js" : "LLRT"}: ${got} of ${config.cold} cold samples had an Init Duration.`);
  }
  return {
    mode: "aws",
    function: { name: target.fn.name, entry: target.fn.entry, handler: target.fn.handler },
    arch: config.arch,
    memoryMb: config.memoryMb,
    region: config.region,
    startedAt,
    requested: { cold: config.cold, warm: config.warm },
    node,
    llrt,
    comparisons: compareSides(node, llrt),
    pricing: config.pricing,
    notes,
  };
}

/** `bench --cleanup`: deletes functions left by interrupted runs (our name prefix and our tag). */
export async function cleanupLeftovers(lambda: LambdaClient): Promise<string[]> {
  const deleted: string[] = [];
  try {
    for await (const page of paginateListFunctions({ client: lambda }, {})) {
      for (const fn of page.Functions ?? []) {
        const name = fn.FunctionName;
        if (!name?.startsWith(benchNamePrefix)) continue;
        const { Tags } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
        if (Tags?.[benchTagKey] !== "true") continue;
        await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
        deleted.push(name);
      }
    }
  } catch (error) {
    throw new BenchError(describeAwsError(error, "cleaning up benchmark functions"));
  }
  return deleted;
}
