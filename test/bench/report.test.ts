import { describe, expect, it } from "vitest";
import { renderBenchmarkTable } from "../../src/bench/report";
import { compareSides } from "../../src/bench/stats";
import type { BenchmarkResult, SideResult } from "../../src/bench/types";

const stats = (p50: number, n = 10) => ({ n, p50, p90: p50 * 1.1, p99: p50 * 1.2, max: p50 * 1.3 });

const node: SideResult = { side: "node", runtime: "nodejs22.x", measured: true, cold: stats(250), warm: stats(12), memoryMb: stats(70), billedMs: stats(13), costPerMillionUsd: 0.23 };
const llrt: SideResult = { side: "llrt", runtime: "provided.al2023", measured: true, cold: stats(60), warm: stats(12.5), memoryMb: stats(25), billedMs: stats(13), costPerMillionUsd: 0.23 };

function result(over: Partial<BenchmarkResult> = {}): BenchmarkResult {
  const base: BenchmarkResult = {
    mode: "aws",
    function: { name: "HelloFunction", entry: "src/hello.mjs", handler: "hello.handler" },
    arch: "arm64",
    memoryMb: 128,
    region: "eu-west-1",
    startedAt: "2026-01-01T00:00:00.000Z",
    requested: { cold: 10, warm: 10 },
    node,
    llrt,
    comparisons: compareSides(node, llrt),
    pricing: { region: "us-east-1", date: "2025-08-01", source: "test", requestUsdPerMillion: 0.2, gbSecondUsd: { arm64: 0.0000133334, x86_64: 0.0000166667 } },
    notes: ["a note"],
  };
  return { ...base, ...over };
}

describe("renderBenchmarkTable", () => {
  it("renders both columns, the verdicts and the price source", () => {
    const md = renderBenchmarkTable(result());
    expect(md).toContain("#### Benchmark: HelloFunction (AWS Lambda, eu-west-1, arm64, 128 MB)");
    expect(md).toContain("| Node.js, original (nodejs22.x) | LLRT, migrated (provided.al2023) |");
    expect(md).toContain("| Cold start: Init Duration + Duration, p50 / p90 / p99 / max | 250 / 275 / 300 / 325 ms (n=10) | 60.0 / 66.0 / 72.0 / 78.0 ms (n=10) | 4.17× faster |");
    expect(md).toMatch(/\| Warm invocation: Duration \|.*\| no significant change \(p50-p90 ranges overlap\) \|/);
    expect(md).toContain("| Max Memory Used | 70.0 / 77.0 / 84.0 / 91.0 MB (n=10) | 25.0 / 27.5 / 30.0 / 32.5 MB (n=10) | 2.80× less |");
    expect(md).toContain("| Cost per 1M warm invocations | $0.23 | $0.23 | no significant change (p50-p90 ranges overlap) |");
    expect(md).toContain("Prices: us-east-1, read 2025-08-01 (test)");
    expect(md).toContain("- a note");
  });

  it("says plainly that LLRT was not measured and never shows Node's numbers there", () => {
    const missing: SideResult = { side: "llrt", runtime: "LLRT", measured: false, unavailable: "no LLRT binary (pass --llrt-bin or set LLRT_BIN)", cold: null, warm: null, memoryMb: null };
    const md = renderBenchmarkTable(result({ mode: "local", llrt: missing, comparisons: compareSides(node, missing), pricing: undefined, memoryMb: undefined }));
    const coldRow = md.split("\n").find((l) => l.startsWith("| Cold start"))!;
    expect(coldRow).toBe(
      "| Cold start: process start to first response, p50 / p90 / p99 / max | 250 / 275 / 300 / 325 ms (n=10) | not measured: no LLRT binary (pass --llrt-bin or set LLRT_BIN) | — |",
    );
    expect(md).not.toContain("Cost per 1M");
    expect(md).toContain("local Runtime API emulator, arm64)");
  });
});
