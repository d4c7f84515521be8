// Order statistics and the "is this a real difference?" rule. Benchmarks on shared machines and on
// Lambda are noisy: a change only counts when the two p50-p90 ranges do not overlap and both sides
// have enough samples; anything else is "no significant change", never a win.
import type { Comparison, SideResult, Stats } from "./types";

/** Fewer samples than this per side cannot support a claim either way. */
export const minSamplesForComparison = 5;

/** Nearest-rank percentile of sorted values (p in 0..100). */
function percentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function summarize(values: number[]): Stats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round2(percentile(sorted, 50)),
    p90: round2(percentile(sorted, 90)),
    p99: round2(percentile(sorted, 99)),
    max: round2(sorted[sorted.length - 1]),
  };
}

/** The larger of two values over the smaller, rounded only at the end (a 30x gap must read 30.00, not 33.33). */
function timesApart(a: number, b: number): number {
  const low = Math.min(a, b);
  return low === 0 ? Number.POSITIVE_INFINITY : round2(Math.max(a, b) / low);
}

/** LLRT against Node for one lower-is-better metric. */
export function compareStats(metric: Comparison["metric"], node: Stats | null, llrt: Stats | null): Comparison {
  if (!node || !llrt) return { metric, verdict: "not compared", reason: !llrt ? "LLRT not measured" : "Node.js not measured" };
  if (node.n < minSamplesForComparison || llrt.n < minSamplesForComparison) {
    return { metric, verdict: "no significant change", reason: `n too small (need ${minSamplesForComparison} per side)` };
  }
  const overlap = node.p50 <= llrt.p90 && llrt.p50 <= node.p90;
  if (overlap) return { metric, verdict: "no significant change", reason: "p50-p90 ranges overlap" };
  const ratio = llrt.p50 === 0 ? Number.POSITIVE_INFINITY : round2(node.p50 / llrt.p50);
  return { metric, verdict: llrt.p50 < node.p50 ? "better" : "worse", ratio, factor: timesApart(node.p50, llrt.p50) };
}

/**
 * Both test functions get the same memory and architecture, so cost per invocation rises with
 * billed duration alone: the verdict is the billed-duration comparison, the ratio that of the costs.
 */
export function compareCost(node: SideResult, llrt: SideResult): Comparison {
  const a = node.costPerMillionUsd;
  const b = llrt.costPerMillionUsd;
  if (a === undefined || b === undefined) return { metric: "cost", verdict: "not compared", reason: "cost not measured" };
  const billed = compareStats("cost", node.billedMs ?? null, llrt.billedMs ?? null);
  return billed.verdict === "better" || billed.verdict === "worse" ? { ...billed, ratio: round2(a / b), factor: timesApart(a, b) } : billed;
}

export function compareSides(node: SideResult, llrt: SideResult): Comparison[] {
  return [
    compareStats("cold", node.cold, llrt.cold),
    compareStats("warm", node.warm, llrt.warm),
    compareStats("memory", node.memoryMb, llrt.memoryMb),
    compareCost(node, llrt),
  ];
}
