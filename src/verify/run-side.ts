// Runs one version of a function on the events, through the bench's Runtime API emulator, and
// records what it did: its response or error per event, and the AWS calls it made before and after
// the response (the local endpoint timestamps each request; the emulator each response).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RuntimeProcess } from "../bench/local";
import { nodeBootstrapFile, runtimeLoopSource } from "../bench/node-bootstrap";
import type { InvocationOutcome, RuntimeError } from "../bench/runtime-api";
import { RuntimeApiEmulator } from "../bench/runtime-api";
import { describeError } from "../engine/errors";
import type { AwsCall } from "./aws-request";
import type { LocalAwsEndpoint, RecordedCall } from "./aws-endpoint";
import type { LlrtShape } from "./llrt-shape";
import { hooksFile, hooksSource, preloadConfigVariable, preloadFile, preloadSource } from "./runtime-preload";

/** Where a version runs: Node.js (the original), Node.js shaped like LLRT, or a real LLRT binary. */
export type SideRuntime = { kind: "node" } | { kind: "llrt-shaped"; shape: LlrtShape } | { kind: "llrt"; bin: string };

export type Outcome = { result: unknown } | { error: { type: string; message: string } } | { timeout: true };

export interface InvocationRecord {
  outcome: Outcome;
  /** AWS calls between the event's delivery and the response. */
  calls: AwsCall[];
  /** AWS calls after the response was posted (before the next event). */
  callsAfterResponse: AwsCall[];
}

export interface SideRun {
  runtime: string;
  /** Why the version could not load (init error, crash before the first response); absent when it loaded. */
  loadError?: string;
  /** AWS calls made while loading (module scope). */
  initCalls: AwsCall[];
  invocations: InvocationRecord[];
}

export interface SideConfig {
  /** The bundled `index.mjs`. */
  code: string;
  exportName: string;
  runtime: SideRuntime;
  events: unknown[];
  aws: LocalAwsEndpoint;
  awsUrl: string;
  /** Folders bare packages left external resolve from when the bundle's folder has none. */
  fallbackRoots: string[];
  timeoutMs: number;
  /** How long to keep listening for AWS calls after each response. */
  graceMs: number;
}

export const runtimeLabel = (runtime: SideRuntime): string =>
  runtime.kind === "llrt" ? `LLRT (${runtime.bin})` : runtime.kind === "llrt-shaped" ? `Node.js ${process.version}, LLRT-shaped (no LLRT binary given)` : `Node.js ${process.version}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const strip = ({ at: _at, ...call }: RecordedCall): AwsCall => call;

function parseBody(body: string | undefined): unknown {
  if (body === undefined || body === "") return null;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function outcomeOf(invocation: InvocationOutcome): Outcome {
  if (!invocation.error) return { result: parseBody(invocation.response) };
  const body = parseBody(invocation.error.body) as { errorType?: string; errorMessage?: string } | string | null;
  if (body && typeof body === "object") return { error: { type: String(body.errorType ?? invocation.error.errorType), message: String(body.errorMessage ?? "") } };
  return { error: { type: invocation.error.errorType, message: String(body ?? "") } };
}

function writeTaskRoot(config: SideConfig): string {
  const root = mkdtempSync(join(tmpdir(), "llrt-migrate-verify-"));
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "index.mjs"), config.code);
  if (config.runtime.kind !== "llrt") {
    writeFileSync(join(root, nodeBootstrapFile), runtimeLoopSource(config.runtime.kind === "node" ? "node" : "llrt"));
    writeFileSync(join(root, preloadFile), preloadSource);
    writeFileSync(join(root, hooksFile), hooksSource);
  }
  return root;
}

export async function runSide(config: SideConfig): Promise<SideRun> {
  const label = runtimeLabel(config.runtime);
  const root = writeTaskRoot(config);
  let reportInitError: (e: RuntimeError) => void = () => {};
  const initError = new Promise<RuntimeError>((resolve) => (reportInitError = resolve));
  const emulator = new RuntimeApiEmulator({ functionName: "llrt-migrate-verify", timeoutMs: config.timeoutMs, onInitError: (e) => reportInitError(e) });
  const address = await emulator.start();
  const preloadConfig = { endpoint: config.awsUrl, fallbackRoots: config.fallbackRoots, shape: config.runtime.kind === "llrt-shaped" ? config.runtime.shape : undefined };
  const runtime = new RuntimeProcess(
    {
      side: config.runtime.kind === "node" ? "node" : "llrt",
      label,
      command: config.runtime.kind === "llrt" ? config.runtime.bin : process.execPath,
      args: config.runtime.kind === "llrt" ? [] : ["--no-warnings", "--import", join(root, preloadFile), join(root, nodeBootstrapFile)],
      taskRoot: root,
      handler: `index.${config.exportName}`,
      env: {
        AWS_ACCESS_KEY_ID: "AKIDLLRTMIGRATEVERIFY",
        AWS_SECRET_ACCESS_KEY: "llrt-migrate-verify",
        AWS_SESSION_TOKEN: "llrt-migrate-verify",
        // LLRT's SDK has no preload: the standard endpoint variable points it at the local endpoint.
        AWS_ENDPOINT_URL: config.awsUrl,
        AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
        [preloadConfigVariable]: JSON.stringify(preloadConfig),
      },
    },
    address,
    initError,
  );
  const run: SideRun = { runtime: label, initCalls: [], invocations: [] };
  try {
    for (const [i, event] of config.events.entries()) {
      let invocation: InvocationOutcome;
      try {
        invocation = await runtime.run(emulator.invoke(event), config.timeoutMs, label);
      } catch (error) {
        const message = describeError(error);
        if (i === 0 && !/did not respond/.test(message)) run.loadError = message;
        else run.invocations.push({ outcome: /did not respond/.test(message) ? { timeout: true } : { error: { type: "Runtime.Crash", message } }, calls: [], callsAfterResponse: [] });
        break;
      }
      await sleep(config.graceMs);
      const calls = config.aws.take();
      if (i === 0) run.initCalls = calls.filter((c) => c.at < invocation.deliveredAt).map(strip);
      const during = calls.filter((c) => c.at >= invocation.deliveredAt || i > 0);
      run.invocations.push({
        outcome: outcomeOf(invocation),
        calls: during.filter((c) => c.at <= invocation.finishedAt).map(strip),
        callsAfterResponse: during.filter((c) => c.at > invocation.finishedAt).map(strip),
      });
    }
  } finally {
    await runtime.stop();
    emulator.abandon();
    await emulator.close();
    config.aws.take();
    rmSync(root, { recursive: true, force: true });
  }
  return run;
}
