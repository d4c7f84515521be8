import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { costPerInvocationUsd, defaultPricing, loadPricing } from "../../src/bench/pricing";

describe("costPerInvocationUsd", () => {
  it("matches the published per-ms figures at 128 MB", () => {
    // 1 ms at 128 MB is about $2.08e-9 on x86_64 and $1.67e-9 on arm64 (pricing page), plus $0.2e-6 per request.
    expect(costPerInvocationUsd(defaultPricing, "x86_64", 1, 128) - 0.2e-6).toBeCloseTo(2.08e-9, 11);
    expect(costPerInvocationUsd(defaultPricing, "arm64", 1, 128) - 0.2e-6).toBeCloseTo(1.67e-9, 11);
  });

  it("scales with billed duration and memory", () => {
    const one = costPerInvocationUsd(defaultPricing, "arm64", 100, 1024) - 0.2e-6;
    expect(one).toBeCloseTo(0.1 * 0.0000133334, 12);
    expect(costPerInvocationUsd(defaultPricing, "arm64", 200, 1024) - 0.2e-6).toBeCloseTo(2 * one, 12);
  });
});

describe("loadPricing", () => {
  const dir = mkdtempSync(join(tmpdir(), "prices-"));

  it("reads a valid override", () => {
    const file = join(dir, "ok.json");
    writeFileSync(file, JSON.stringify({ region: "eu-west-1", date: "2026-01-15", requestUsdPerMillion: 0.2, gbSecondUsd: { x86_64: 0.00002, arm64: 0.000015 } }));
    expect(loadPricing(file)).toEqual({ region: "eu-west-1", date: "2026-01-15", source: "user-supplied prices", requestUsdPerMillion: 0.2, gbSecondUsd: { x86_64: 0.00002, arm64: 0.000015 } });
  });

  it("names the bad field in one line", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ region: "eu-west-1", date: "yesterday", requestUsdPerMillion: 0.2, gbSecondUsd: { x86_64: 1, arm64: 1 } }));
    expect(() => loadPricing(file)).toThrow(`--prices ${file}: date: date must be YYYY-MM-DD`);
  });
});
