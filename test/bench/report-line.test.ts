import { describe, expect, it } from "vitest";
import { parseReports, reportFromLogResult } from "../../src/bench/report-line";

// Real shapes: Lambda's text REPORT line is tab-separated with a trailing tab.
const cold =
  "REPORT RequestId: 3f4c1d2e-8a9b-4c5d-9e0f-112233445566\tDuration: 395.99 ms\tBilled Duration: 662 ms\tMemory Size: 512 MB\tMax Memory Used: 301 MB\tInit Duration: 265.72 ms\t";
const warm =
  "REPORT RequestId: 0a1b2c3d-4e5f-6789-abcd-ef0123456789\tDuration: 1.62 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t";
const snapStart =
  "REPORT RequestId: 11111111-2222-3333-4444-555555555555\tDuration: 20.01 ms\tBilled Duration: 138 ms\tMemory Size: 1024 MB\tMax Memory Used: 90 MB\tRestore Duration: 117.44 ms\tBilled Restore Duration: 117 ms\t";

describe("parseReports", () => {
  it("reads a cold start's text line with Init Duration", () => {
    expect(parseReports(cold)).toEqual([
      { requestId: "3f4c1d2e-8a9b-4c5d-9e0f-112233445566", durationMs: 395.99, billedDurationMs: 662, memorySizeMb: 512, maxMemoryUsedMb: 301, initDurationMs: 265.72 },
    ]);
  });

  it("reads a warm text line without Init Duration", () => {
    const [report] = parseReports(warm);
    expect(report).toEqual({ requestId: "0a1b2c3d-4e5f-6789-abcd-ef0123456789", durationMs: 1.62, billedDurationMs: 2, memorySizeMb: 128, maxMemoryUsedMb: 67 });
    expect("initDurationMs" in report).toBe(false);
  });

  it("keeps Duration and Restore Duration apart from their Billed twins", () => {
    expect(parseReports(snapStart)[0]).toMatchObject({ durationMs: 20.01, billedDurationMs: 138, restoreDurationMs: 117.44 });
  });

  it("finds the REPORT line in a whole log tail, with an XRAY line after it", () => {
    const tail = [
      "INIT_START Runtime Version: nodejs:22.v40\tRuntime Version ARN: arn:aws:lambda:eu-west-1::runtime:abc",
      "START RequestId: 0a1b2c3d-4e5f-6789-abcd-ef0123456789 Version: $LATEST",
      "2026-01-01T00:00:00.000Z\t0a1b2c3d-4e5f-6789-abcd-ef0123456789\tINFO\tDuration: 99 ms (a log message, not a report)",
      "END RequestId: 0a1b2c3d-4e5f-6789-abcd-ef0123456789",
      warm,
      "XRAY TraceId: 1-5e1b4151-5ac6c58f5b5daa6532e4f2e8\tSegmentId: 6b3f8f1c\tSampled: true\t",
      "",
    ].join("\n");
    expect(parseReports(tail).map((r) => r.durationMs)).toEqual([1.62]);
  });

  it("reads the JSON platform.report record, with and without initDurationMs", () => {
    const json = (metrics: object) =>
      JSON.stringify({ time: "2026-01-01T00:00:00.000Z", type: "platform.report", record: { requestId: "r-1", metrics, status: "success" } });
    const log = [
      JSON.stringify({ time: "2026-01-01T00:00:00.000Z", type: "platform.start", record: { requestId: "r-1", version: "$LATEST" } }),
      json({ durationMs: 12.34, billedDurationMs: 80, memorySizeMB: 128, maxMemoryUsedMB: 28, initDurationMs: 66.5 }),
      json({ durationMs: 1.5, billedDurationMs: 2, memorySizeMB: 128, maxMemoryUsedMB: 28 }),
    ].join("\n");
    expect(parseReports(log)).toEqual([
      { requestId: "r-1", durationMs: 12.34, billedDurationMs: 80, memorySizeMb: 128, maxMemoryUsedMb: 28, initDurationMs: 66.5 },
      { requestId: "r-1", durationMs: 1.5, billedDurationMs: 2, memorySizeMb: 128, maxMemoryUsedMb: 28 },
    ]);
  });

  it("ignores lines that only look like reports", () => {
    expect(parseReports("REPORT RequestId: x\tDuration: 1 ms\n{\"type\":\"platform.report\"}\nnot json {")).toEqual([]);
  });
});

describe("reportFromLogResult", () => {
  it("decodes the base64 LogResult and picks the invocation's own record", () => {
    const logResult = Buffer.from(`${cold}\n${warm}\n`).toString("base64");
    expect(reportFromLogResult(logResult, "3f4c1d2e-8a9b-4c5d-9e0f-112233445566")?.initDurationMs).toBe(265.72);
    expect(reportFromLogResult(logResult)?.durationMs).toBe(1.62);
    expect(reportFromLogResult(undefined)).toBeUndefined();
  });
});
