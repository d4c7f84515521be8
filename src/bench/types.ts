// The benchmark's result: what `llrt-migrate bench` prints as JSON and what renderBenchmarkTable (the
// CLI and the GitHub App's PR body) turns into Markdown. Stable contract: add fields, never rename.
import type { Arch } from "../engine/types";

/** Order statistics of one metric over n samples (nearest-rank percentiles). */
export interface Stats {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export type SideName = "node" | "llrt";

/** One column of the table: the original under Node.js, or the migrated function under LLRT. */
export interface SideResult {
  side: SideName;
  /** What ran: a Lambda runtime id (`nodejs22.x`, `provided.al2023`) or the local runtime (`node v20.20.2`, `llrt <path>`). */
  runtime: string;
  /** False when this side was not measured; `unavailable` then says why in one sentence. */
  measured: boolean;
  unavailable?: string;
  /**
   * Cold start in ms. AWS: Init Duration + Duration of invocations that had an Init Duration.
   * Local: runtime process start to its first response.
   */
  cold: Stats | null;
  /** Warm invocation time in ms. AWS: Duration; local: event handed out (`/next`) to `/response`. */
  warm: Stats | null;
  /** Memory in MB. AWS: Max Memory Used; local: peak resident set size (VmHWM) of the runtime process. */
  memoryMb: Stats | null;
  /** AWS only: Billed Duration of warm invocations, ms. */
  billedMs?: Stats;
  /** AWS only: USD per million warm invocations (requests + duration), from `pricing`. */
  costPerMillionUsd?: number;
}

export type ChangeVerdict = "better" | "worse" | "no significant change" | "not compared";

/** LLRT against Node for one metric (lower is better for all of them). */
export interface Comparison {
  metric: "cold" | "warm" | "memory" | "cost";
  verdict: ChangeVerdict;
  /** Node p50 / LLRT p50 (> 1: LLRT lower), only for "better" and "worse". */
  ratio?: number;
  /** How many times lower ("better") or higher ("worse") LLRT is: always >= 1, from unrounded values. */
  factor?: number;
  /** Why: "n too small", "p50-p90 ranges overlap", "LLRT not measured". */
  reason?: string;
}

/** Lambda prices the cost model used: data with its date and region (overridable with --prices). */
export interface Pricing {
  region: string;
  /** When these prices were read (YYYY-MM-DD). */
  date: string;
  source: string;
  requestUsdPerMillion: number;
  gbSecondUsd: Record<Arch, number>;
}

export interface BenchmarkResult {
  mode: "aws" | "local";
  /** The function measured, as the engine found it. */
  function: { name: string; entry: string; handler: string };
  arch: Arch;
  /** Memory size configured on both test functions (AWS mode). */
  memoryMb?: number;
  region?: string;
  /** ISO timestamp of the start of the run. */
  startedAt: string;
  /** How many cold and warm samples were asked for per side. */
  requested: { cold: number; warm: number };
  node: SideResult;
  llrt: SideResult;
  comparisons: Comparison[];
  /** AWS mode: the prices behind costPerMillionUsd. */
  pricing?: Pricing;
  /** Anything a reader should know about how the numbers were taken. */
  notes: string[];
}
