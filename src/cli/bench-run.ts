// Runs `llrt-migrate bench` once its flags are valid: the AWS or local benchmark from src/bench/.
import { existsSync } from "node:fs";
import { SingleBar } from "cli-progress";
import { awsClients, cleanupLeftovers, runAwsBenchmark } from "../bench/aws";
import { readLlrtBootstrap } from "../bench/bundle";
import { loadEvent } from "../bench/event";
import { runLocalBenchmark } from "../bench/local";
import { defaultPricing, loadPricing } from "../bench/pricing";
import { renderBenchmarkTable } from "../bench/report";
import { loadTarget } from "../bench/target";
import type { BenchmarkResult } from "../bench/types";
import type { BenchFlags } from "./bench-flags";
import { UsageError } from "./usage";

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

