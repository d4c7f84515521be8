// `llrt-migrate bench <path>`: before/after numbers for one function, from a temporary AWS deploy or
// locally through a Runtime API emulator. Flags are validated with zod; the work is in src/bench/.
import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { SingleBar } from "cli-progress";
import { z } from "zod";
import { awsClients, cleanupLeftovers, runAwsBenchmark } from "../bench/aws";
import { readLlrtBootstrap } from "../bench/bundle";
import { loadEvent } from "../bench/event";
import { runLocalBenchmark } from "../bench/local";
import { defaultPricing, loadPricing } from "../bench/pricing";
import { renderBenchmarkTable } from "../bench/report";
import { loadTarget } from "../bench/target";
import type { BenchmarkResult } from "../bench/types";
import { layerArn, UsageError } from "./options";

const collect = (value: string, previous: string[]) => [...previous, value];
const count = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${flag} must be a number` })
    .int(`${flag} must be a whole number`)
    .min(min, `${flag} must be between ${min} and ${max}`)
    .max(max, `${flag} must be between ${min} and ${max}`);

export const benchFlagsSchema = z
  .object({
    function: z.string().min(1).optional(),
    local: z.boolean().default(false),
    cleanup: z.boolean().default(false),
    json: z.boolean().default(false),
    llrtBin: z.string().min(1).optional(),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "--role-arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)").optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "--region must be an AWS region such as eu-west-1").optional(),
    allowAccount: z.array(z.string().regex(/^\d{12}$/, "--allow-account must be a 12-digit AWS account id")).default([]),
    llrtZip: z.string().min(1).optional(),
    llrtLayerArn: z.string().regex(layerArn, "--llrt-layer-arn must be a Lambda layer version ARN").optional(),
    arch: z.enum(["arm64", "x86_64"], { message: "--arch must be arm64 or x86_64" }).default("arm64"),
    memory: count("--memory", 128, 10240).default(128),
    nodeRuntime: z.string().regex(/^nodejs\d+\.x$/, "--node-runtime must be a Node.js Lambda runtime such as nodejs22.x").default("nodejs22.x"),
    event: z.string().min(1).optional(),
    cold: count("--cold", 1, 100).default(10),
    warm: count("--warm", 0, 10000).default(20),
    prices: z.string().min(1).optional(),
  })
  .superRefine((flags, ctx) => {
    const need = (ok: boolean, message: string) => ok || ctx.addIssue({ code: "custom", message });
    if (flags.cleanup) {
      need(!!flags.region, "--cleanup needs --region");
      return;
    }
    if (flags.local) return;
    // A deploy happens only when every safety flag is explicit.
    need(!!flags.roleArn, "deploying needs --role-arn (or use --local)");
    need(!!flags.region, "deploying needs --region");
    need(flags.allowAccount.length > 0, "deploying needs --allow-account <id> naming the account(s) it may use");
    need(!!flags.llrtZip !== !!flags.llrtLayerArn, "deploying needs exactly one of --llrt-zip <llrt-lambda-arch.zip> or --llrt-layer-arn <arn>");
  });

export type BenchFlags = z.infer<typeof benchFlagsSchema>;

export function parseBenchFlags(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): BenchFlags {
  const parsed = benchFlagsSchema.safeParse({ ...raw, llrtBin: raw.llrtBin ?? (env.LLRT_BIN || undefined) });
  if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
  const flags = parsed.data;
  for (const [flag, file] of [["--llrt-bin/LLRT_BIN", flags.local ? flags.llrtBin : undefined], ["--llrt-zip", flags.llrtZip], ["--event", flags.event], ["--prices", flags.prices]]) {
    if (file && !existsSync(file)) throw new UsageError(`${flag}: file not found: ${file}`);
  }
  return flags;
}

/** A progress bar on a terminal during the deploy; nothing in logs and pipes. */
function progressBar(stream: NodeJS.WriteStream) {
  if (!stream.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar({ stream, format: "llrt-migrate bench [{bar}] {value}/{total} invocations", hideCursor: true, clearOnComplete: true });
  let started = false;
  return {
    update(done: number, total: number) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

export async function runBench(path: string, flags: BenchFlags, io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Promise<BenchmarkResult | undefined> {
  if (flags.cleanup) {
    const deleted = await cleanupLeftovers(awsClients(flags.region!).lambda);
    io.stdout.write(deleted.length ? `deleted ${deleted.length} benchmark function(s): ${deleted.join(", ")}\n` : "no benchmark functions left over\n");
    return undefined;
  }
  if (!existsSync(path)) throw new UsageError(`path not found: ${path}`);
  const target = await loadTarget(path, flags.function, { arch: flags.arch });
  const event = loadEvent(flags.event);
  let result: BenchmarkResult;
  if (flags.local) {
    result = await runLocalBenchmark(target, { event, cold: flags.cold, warm: flags.warm, llrtBin: flags.llrtBin });
  } else {
    const progress = progressBar(io.stderr);
    try {
      result = await runAwsBenchmark(
        target,
        {
          region: flags.region!,
          roleArn: flags.roleArn!,
          allowAccounts: flags.allowAccount,
          arch: flags.arch,
          memoryMb: flags.memory,
          nodeRuntime: flags.nodeRuntime,
          llrt: flags.llrtZip ? { bootstrap: await readLlrtBootstrap(flags.llrtZip) } : { layerArn: flags.llrtLayerArn! },
          event,
          cold: flags.cold,
          warm: flags.warm,
          pricing: flags.prices ? loadPricing(flags.prices) : defaultPricing,
        },
        { ...awsClients(flags.region!), onProgress: progress.update, handleSigint: true },
      );
    } finally {
      progress.stop();
    }
  }
  io.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : renderBenchmarkTable(result));
  return result;
}

export function benchCommand(): Command {
  return new Command("bench")
    .description("benchmark one function before (Node.js) and after (LLRT): a temporary AWS deploy, or --local")
    .argument("[path]", "project directory", ".")
    .option("--function <name>", "the function to benchmark (default: the first Node.js function found)")
    .option("--local", "run both sides on this machine through a Lambda Runtime API emulator")
    .option("--llrt-bin <file>", "local mode: the LLRT binary (the bootstrap from llrt-lambda-<arch>.zip); default $LLRT_BIN")
    .option("--role-arn <arn>", "AWS: execution role for the two temporary functions (required to deploy)")
    .option("--region <region>", "AWS: region to deploy in (required to deploy)")
    .option("--allow-account <id>", "AWS: an account id the deploy may use (repeatable; required to deploy)", collect, [] as string[])
    .option("--llrt-zip <file>", "AWS: llrt-lambda-<arch>.zip; its bootstrap goes into the function zip")
    .option("--llrt-layer-arn <arn>", "AWS: an LLRT layer version ARN instead of --llrt-zip")
    .addOption(new Option("--arch <arch>", "architecture").choices(["arm64", "x86_64"]).default("arm64"))
    .option("--memory <mb>", "AWS: memory size of both functions", "128")
    .option("--node-runtime <id>", "AWS: the Node.js runtime for the original", "nodejs22.x")
    .option("--event <file.json>", "the event to invoke with (default: a minimal API Gateway GET)")
    .option("--cold <n>", "cold starts per side", "10")
    .option("--warm <n>", "warm invocations per side", "20")
    .option("--prices <file.json>", "AWS: Lambda prices to use instead of the built-in us-east-1 list prices")
    .option("--cleanup", "AWS: delete benchmark functions left by interrupted runs (needs --region)")
    .option("--json", "print the result as JSON instead of a Markdown table")
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .action(async (path: string, raw: Record<string, unknown>) => {
      await runBench(path, parseBenchFlags(raw), { stdout: process.stdout, stderr: process.stderr });
    });
}
