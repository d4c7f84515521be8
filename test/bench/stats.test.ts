import { describe, expect, it } from "vitest";
import { compareCost, compareStats, summarize } from "../../src/bench/stats";
import type { SideResult } from "../../src/bench/types";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("summarize", () => {
  it("gives nearest-rank percentiles and the maximum", () => {
    expect(summarize(range(1, 100))).toEqual({ n: 100, p50: 50, p90: 90, p99: 99, max: 100 });
  });

  it("does not depend on the order of the samples", () => {
    expect(summarize([30, 10, 20])).toEqual({ n: 3, p50: 20, p90: 30, p99: 30, max: 30 });
  });

  it("has nothing to say about no samples", () => {
    expect(summarize([])).toBeNull();
  });
});

describe("compareStats", () => {
  const node = summarize([200, 210, 220, 230, 240, 250])!;

  it("calls a clear gap a win with the p50 ratio", () => {
    const llrt = summarize([50, 52, 54, 56, 58, 60])!;
    expect(compareStats("cold", node, llrt)).toEqual({ metric: "cold", verdict: "better", ratio: 4.07, factor: 4.07 }); // p50s 220 and 54
  });

  it("calls a clear gap the other way worse", () => {
    const llrt = summarize([400, 410, 420, 430, 440, 450])!;
    expect(compareStats("warm", node, llrt)).toMatchObject({ verdict: "worse", ratio: 0.52, factor: 1.91 });
  });

  it("states a large gap from unrounded values (30x, not 1/0.03 = 33.33x)", () => {
    const fast = summarize([1, 1, 1, 1, 1, 1])!;
    const slow = summarize([30, 30, 30, 30, 30, 30])!;
    expect(compareStats("warm", fast, slow)).toMatchObject({ verdict: "worse", factor: 30 });
  });

  it("reports overlapping p50-p90 ranges as no significant change, even with a lower p50", () => {
    const llrt = summarize([190, 200, 215, 225, 235, 260])!;
    expect(llrt.p50).toBeLessThan(node.p50);
    expect(compareStats("warm", node, llrt)).toEqual({ metric: "warm", verdict: "no significant change", reason: "p50-p90 ranges overlap" });
  });

  it("refuses to judge on too few samples", () => {
    const llrt = summarize([1, 2])!;
    expect(compareStats("cold", node, llrt)).toMatchObject({ verdict: "no significant change", reason: expect.stringContaining("n too small") });
  });

  it("does not compare with a side that was not measured", () => {
    expect(compareStats("cold", node, null)).toEqual({ metric: "cold", verdict: "not compared", reason: "LLRT not measured" });
  });
});

describe("compareCost", () => {
  const side = (billed: number[], cost: number): SideResult => ({
    side: "node",
    runtime: "x",
    measured: true,
    cold: null,
    warm: null,
    memoryMb: null,
    billedMs: summarize(billed)!,
    costPerMillionUsd: cost,
  });

  it("follows billed duration and gives the cost ratio", () => {
    expect(compareCost(side([30, 31, 32, 33, 34], 0.26), side([3, 3, 4, 4, 5], 0.21))).toEqual({ metric: "cost", verdict: "better", ratio: 1.24, factor: 1.24 });
  });

  it("is no significant change when billed durations overlap", () => {
    expect(compareCost(side([3, 3, 4, 4, 5], 0.21), side([3, 4, 4, 5, 5], 0.22)).verdict).toBe("no significant change");
  });
});
