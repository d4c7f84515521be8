// The benchmark runner the app uses by default: the bench module's AWS test deploy, run with the
// credentials of the assumed sandbox role, once per changed function. The bench code bundles from
// disk, so the repository's files (as read through the API) go to a temporary directory first;
// nothing there is installed or run in this process, and the directory is removed afterwards.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { STSClient } from "@aws-sdk/client-sts";
import { runAwsBenchmark } from "../bench/aws";
import { defaultEvent } from "../bench/event";
import { defaultPricing } from "../bench/pricing";
import { renderBenchmarkTable } from "../bench/report";
import type { BenchTarget } from "../bench/target";
import type { LambdaFunction } from "../engine/types";
import type { BenchmarkRequest, BenchmarkRunner } from "./benchmark";

/** Each function costs two deploys and minutes of invokes: a PR benchmarks at most this many. */
export const maxBenchmarkedFunctions = 3;

/** The function's own Node.js runtime when Lambda still creates it, else the current LTS. */
const nodeRuntimeFor = (fn: LambdaFunction) => (/^nodejs(2\d)\.x$/.test(fn.runtime.before ?? "") ? fn.runtime.before! : "nodejs22.x");

export function awsBenchmarkRunner(runAws: typeof runAwsBenchmark = runAwsBenchmark): BenchmarkRunner {
  return {
    async run(request: BenchmarkRequest): Promise<string> {
      const layerArn = request.options.llrtLayerArn;
      if (!layerArn) throw new Error("the AWS benchmark needs `llrtLayerArn` in .github/llrt-migrate.yml (the app does not upload an LLRT bootstrap)");
      const account = /:iam::(\d{12}):role\//.exec(request.settings.roleArn)![1];
      const { region, credentials } = { region: request.settings.region, credentials: request.credentials };
      const clients = { lambda: new LambdaClient({ region, credentials, maxAttempts: 5 }), sts: new STSClient({ region, credentials, maxAttempts: 5 }) };
      const root = await mkdtemp(join(tmpdir(), "llrt-migrate-bench-"));
      try {
        for (const path of request.before.paths()) {
          await mkdir(dirname(join(root, path)), { recursive: true });
          await writeFile(join(root, path), request.before.read(path)!);
        }
        const migrated = new Map(
          request.after.paths().filter((p) => request.after.read(p) !== request.before.read(p)).map((p) => [resolve(root, p), request.after.read(p)!] as const),
        );
        const candidates = request.functions.filter((f): f is LambdaFunction & { entry: string } => f.entry !== null);
        const tables: string[] = [];
        for (const fn of candidates.slice(0, maxBenchmarkedFunctions)) {
          const target: BenchTarget = { root, fn, exportName: fn.handler.slice(fn.handler.lastIndexOf(".") + 1), migrated };
          const result = await runAws(
            target,
            {
              region,
              roleArn: request.settings.roleArn,
              allowAccounts: [account],
              arch: request.options.arch,
              memoryMb: request.options.memory ?? 128,
              nodeRuntime: nodeRuntimeFor(fn),
              llrt: { layerArn },
              event: defaultEvent,
              cold: request.settings.coldStarts,
              warm: request.settings.warmInvokes,
              pricing: defaultPricing,
            },
            clients,
          );
          tables.push(renderBenchmarkTable(result));
        }
        const skipped = candidates.slice(maxBenchmarkedFunctions).map((f) => f.name);
        if (skipped.length) tables.push(`Not benchmarked (at most ${maxBenchmarkedFunctions} functions per run): ${skipped.join(", ")}.`);
        return tables.join("\n");
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
