// Each migration runs in a worker thread with a time and a heap budget, so one huge repository
// neither blocks the webhook server (GitHub gives up after 10 s) nor holds every other repository
// up; a run over budget ends with a neutral check run saying what to narrow.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ResourceLimits } from "node:worker_threads";
import type { MigrationOptions, MigrationResult } from "../engine/types";

export interface MigrationBudget {
  /** Wall-clock time one migration may take. */
  timeoutMs: number;
  /** Heap (V8 old generation) one migration may use. */
  maxMemoryMb: number;
}

export const defaultBudget: MigrationBudget = { timeoutMs: 120_000, maxMemoryMb: 1024 };

/** LLRT_MIGRATE_JOB_TIMEOUT_MS and LLRT_MIGRATE_JOB_MEMORY_MB override the defaults. */
export function budgetFromEnv(env: NodeJS.ProcessEnv): MigrationBudget {
  const number = (value: string | undefined, fallback: number) => (value && Number(value) > 0 ? Number(value) : fallback);
  return {
    timeoutMs: number(env.LLRT_MIGRATE_JOB_TIMEOUT_MS, defaultBudget.timeoutMs),
    maxMemoryMb: number(env.LLRT_MIGRATE_JOB_MEMORY_MB, defaultBudget.maxMemoryMb),
  };
}

export class BudgetExceeded extends Error {
  constructor(readonly resource: "time" | "memory", budget: MigrationBudget) {
    super(
      resource === "time"
        ? `the migration took longer than ${Math.round(budget.timeoutMs / 1000)} s`
        : `the migration needed more than ${budget.maxMemoryMb} MB of memory`,
    );
  }
}

/**
 * From dist the worker is bundled beside the app. From source (tests, `tsx`) it is TypeScript: a
 * small bootstrap registers tsx's loader in the thread first (a worker does not inherit it).
 */
function startWorker(workerData: unknown, resourceLimits: ResourceLimits): Worker {
  const options = { workerData, resourceLimits, stdout: false, stderr: false };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./migrate-worker.js", import.meta.url), options);
  // tsx's ESM entry, found through its package.json (require.resolve would give the CommonJS one).
  const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs")).href;
  const entry = new URL("./migrate-worker.ts", import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, { ...options, eval: true });
}

export function migrateInWorker(files: Array<[string, string]>, options: MigrationOptions, budget: MigrationBudget): Promise<MigrationResult> {
  const worker = startWorker({ files, options }, { maxOldGenerationSizeMb: budget.maxMemoryMb });
  return new Promise<MigrationResult>((resolve, reject) => {
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(new BudgetExceeded("time", budget))), budget.timeoutMs);
    worker.once("message", (result: MigrationResult) => settle(() => resolve(result)));
    worker.once("error", (error: Error & { code?: string }) =>
      settle(() => reject(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? new BudgetExceeded("memory", budget) : error)),
    );
    worker.once("exit", (code) => settle(() => reject(new Error(`the migration worker exited with code ${code}`))));
  });
}
