// Local mode: each side runs as a real runtime process against our Runtime API emulator. Node.js
// runs the original bundle with our runtime loop; LLRT runs the migrated bundle with the LLRT binary
// the user gives (never anything else: without a binary the LLRT column says it was not measured).
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Arch } from "../engine/types";
import { bundleFunction } from "./bundle";
import { nodeBootstrapFile, nodeBootstrapSource } from "./node-bootstrap";
import type { InvocationOutcome, RuntimeError } from "./runtime-api";
import { RuntimeApiEmulator } from "./runtime-api";
import { compareSides, summarize } from "./stats";
import type { BenchTarget } from "./target";
import { BenchError } from "./target";
import type { BenchmarkResult, SideName, SideResult } from "./types";

export interface LocalBenchConfig {
  event: unknown;
  cold: number;
  warm: number;
  /** Path of an LLRT binary (the `bootstrap` of llrt-lambda-<arch>.zip); absent: LLRT is not measured. */
  llrtBin?: string;
  /** Longest wait for one invocation before giving up on a runtime. */
  timeoutMs?: number;
}

const hostArch = (): Arch => (process.arch === "arm64" ? "arm64" : "x86_64");

export const noLlrtBinary = "no LLRT binary given (pass --llrt-bin <path> or set LLRT_BIN)";

/** Peak resident set size of a live process in MB (Linux /proc); undefined elsewhere. */
function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

export interface RuntimeSpec {
  side: SideName;
  label: string;
  command: string;
  args: string[];
  taskRoot: string;
  handler: string;
  /** Added to the Lambda environment (verify points the AWS SDKs at its local endpoint). */
  env?: Record<string, string>;
}

/** One runtime process attached to the emulator; `run` fails if it dies or reports an init error first. */
export class RuntimeProcess {
  readonly startedAt = performance.now();
  private readonly child: ChildProcess;
  private stderr = "";
  private readonly failed: Promise<never>;

  constructor(spec: RuntimeSpec, apiAddress: string, initError: Promise<RuntimeError>) {
    // A clean environment: only what Lambda sets, so the user's own credentials never reach the function.
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.taskRoot,
      stdio: ["ignore", "ignore", "pipe"],
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        AWS_LAMBDA_RUNTIME_API: apiAddress,
        _HANDLER: spec.handler,
        LAMBDA_HANDLER: spec.handler,
        LAMBDA_TASK_ROOT: spec.taskRoot,
        AWS_LAMBDA_FUNCTION_NAME: "llrt-migrate-bench-local",
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
        AWS_LAMBDA_LOG_GROUP_NAME: "/aws/lambda/llrt-migrate-bench-local",
        AWS_LAMBDA_LOG_STREAM_NAME: "local",
        AWS_REGION: "us-east-1",
        TZ: ":UTC",
        ...spec.env,
      },
    });
    this.child.stderr?.on("data", (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    const died = new Promise<never>((_, reject) => {
      this.child.once("error", (error) => reject(new BenchError(`${spec.label}: cannot start ${spec.command}: ${error.message}`)));
      this.child.once("exit", (code, signal) => reject(new BenchError(`${spec.label} exited (${signal ?? `code ${code}`}) before responding${this.lastError()}`)));
    });
    const init = initError.then((e) => Promise.reject(new BenchError(`${spec.label} failed to start (${e.errorType}): ${errorMessage(e.body)}`)));
    this.failed = Promise.race([died, init]);
    this.failed.catch(() => {}); // observed through run()
  }

  private lastError(): string {
    const line = this.stderr.trim().split("\n").at(-1);
    return line ? `: ${line}` : "";
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  run(invocation: Promise<InvocationOutcome>, timeoutMs: number, label: string): Promise<InvocationOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BenchError(`${label} did not respond within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    return Promise.race([invocation, this.failed, timeout]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGKILL");
    await exited;
  }
}

function errorMessage(body: string): string {
  try {
    return (JSON.parse(body) as { errorMessage?: string }).errorMessage ?? body;
  } catch {
    return body;
  }
}

function checkOutcome(outcome: InvocationOutcome, label: string): InvocationOutcome {
  if (outcome.error) throw new BenchError(`${label}: the function failed (${outcome.error.errorType}): ${errorMessage(outcome.error.body)}`);
  return outcome;
}

/** Cold samples: a new process each; the last one stays up for the warm samples. */
async function measureSide(spec: RuntimeSpec, config: LocalBenchConfig): Promise<SideResult> {
  const timeoutMs = config.timeoutMs ?? 30_000;
  // Each process gets its own promise for an /init/error report; the emulator settles the current one.
  let reportInitError: (e: RuntimeError) => void = () => {};
  const emulator = new RuntimeApiEmulator({ functionName: "llrt-migrate-bench-local", onInitError: (e) => reportInitError(e) });
  const address = await emulator.start();
  const invoke = async (runtime: RuntimeProcess) => checkOutcome(await runtime.run(emulator.invoke(config.event), timeoutMs, spec.label), spec.label);
  const cold: number[] = [];
  const warm: number[] = [];
  const memory: number[] = [];
  // Warm samples need a process even when no cold samples are asked for.
  const processes = Math.max(1, config.cold);
  try {
    for (let i = 0; i < processes; i++) {
      const runtime = new RuntimeProcess(spec, address, new Promise<RuntimeError>((resolve) => (reportInitError = resolve)));
      try {
        const first = await invoke(runtime);
        if (config.cold > 0) cold.push(first.finishedAt - runtime.startedAt);
        const last = i === processes - 1;
        for (let w = 0; last && w < config.warm; w++) {
          const outcome = await invoke(runtime);
          warm.push(outcome.finishedAt - outcome.deliveredAt);
        }
        const rss = peakRssMb(runtime.pid);
        if (rss !== undefined) memory.push(rss);
      } finally {
        await runtime.stop();
        emulator.abandon();
      }
    }
  } finally {
    await emulator.close();
  }
  return { side: spec.side, runtime: spec.label, measured: true, cold: summarize(cold), warm: summarize(warm), memoryMb: summarize(memory) };
}

const unmeasured = (side: SideName, runtime: string, reason: string): SideResult => ({
  side,
  runtime,
  measured: false,
  unavailable: reason,
  cold: null,
  warm: null,
  memoryMb: null,
});

export async function runLocalBenchmark(target: BenchTarget, config: LocalBenchConfig): Promise<BenchmarkResult> {
  const startedAt = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), "llrt-migrate-bench-"));
  const handler = `index.${target.exportName}`;
  try {
    const nodeRoot = join(dir, "node");
    const llrtRoot = join(dir, "llrt");
    const [nodeCode, llrtCode] = await Promise.all([bundleFunction(target, "node"), bundleFunction(target, "llrt")]);
    mkdirSync(nodeRoot);
    mkdirSync(llrtRoot);
    writeFileSync(join(nodeRoot, "index.mjs"), nodeCode);
    writeFileSync(join(nodeRoot, nodeBootstrapFile), nodeBootstrapSource);
    writeFileSync(join(llrtRoot, "index.mjs"), llrtCode);
    const node = await measureSide(
      { side: "node", label: `node ${process.version}`, command: process.execPath, args: [join(nodeRoot, nodeBootstrapFile)], taskRoot: nodeRoot, handler },
      config,
    );
    const llrt = config.llrtBin
      ? await measureSide({ side: "llrt", label: `llrt (${config.llrtBin})`, command: config.llrtBin, args: [], taskRoot: llrtRoot, handler }, config)
      : unmeasured("llrt", "LLRT", noLlrtBinary);
    return {
      mode: "local",
      function: { name: target.fn.name, entry: target.fn.entry, handler: target.fn.handler },
      // Local mode runs on this machine, whatever --arch says.
      arch: hostArch(),
      startedAt,
      requested: { cold: config.cold, warm: config.warm },
      node,
      llrt,
      comparisons: compareSides(node, llrt),
      notes: [
        "Local: cold = runtime process start to its first response; warm = event handed out to response; memory = peak RSS (VmHWM) per process.",
        "Local figures compare runtimes on this machine; they are not Lambda's numbers (no sandbox, no code download, no Lambda CPU share).",
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
