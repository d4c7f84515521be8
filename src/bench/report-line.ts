// Lambda's per-invocation REPORT record, in both log formats: the tab-separated text line
// ("REPORT RequestId: ...\tDuration: 3.21 ms\t...") and the JSON `platform.report` record. Invoke with
// LogType "Tail" returns the last 4 KB of the invocation's log, where this record is the last entry.
import { z } from "zod";

export interface InvocationReport {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Only on cold starts. */
  initDurationMs?: number;
  /** Only with SnapStart. */
  restoreDurationMs?: number;
}

const textField = (line: string, name: string): number | undefined => {
  const match = new RegExp(`(?:^|\\t)${name}: ([0-9.]+) (?:ms|MB)`).exec(line);
  return match ? Number(match[1]) : undefined;
};

function parseTextLine(line: string): InvocationReport | undefined {
  const requestId = /^REPORT RequestId: (\S+)/.exec(line)?.[1];
  if (!requestId) return undefined;
  const durationMs = textField(line, "Duration");
  const billedDurationMs = textField(line, "Billed Duration");
  const memorySizeMb = textField(line, "Memory Size");
  const maxMemoryUsedMb = textField(line, "Max Memory Used");
  if (durationMs === undefined || billedDurationMs === undefined || memorySizeMb === undefined || maxMemoryUsedMb === undefined) {
    return undefined;
  }
  const report: InvocationReport = { requestId, durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb };
  const init = textField(line, "Init Duration");
  const restore = textField(line, "Restore Duration");
  if (init !== undefined) report.initDurationMs = init;
  if (restore !== undefined) report.restoreDurationMs = restore;
  return report;
}

const platformReport = z.object({
  type: z.literal("platform.report"),
  record: z.object({
    requestId: z.string(),
    metrics: z.object({
      durationMs: z.number(),
      billedDurationMs: z.number(),
      memorySizeMB: z.number(),
      maxMemoryUsedMB: z.number(),
      initDurationMs: z.number().optional(),
      restoreDurationMs: z.number().optional(),
    }),
  }),
});

function parseJsonLine(line: string): InvocationReport | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = platformReport.safeParse(value);
  if (!parsed.success) return undefined;
  const { requestId, metrics: m } = parsed.data.record;
  const report: InvocationReport = {
    requestId,
    durationMs: m.durationMs,
    billedDurationMs: m.billedDurationMs,
    memorySizeMb: m.memorySizeMB,
    maxMemoryUsedMb: m.maxMemoryUsedMB,
  };
  if (m.initDurationMs !== undefined) report.initDurationMs = m.initDurationMs;
  if (m.restoreDurationMs !== undefined) report.restoreDurationMs = m.restoreDurationMs;
  return report;
}

/** Every REPORT record in a log excerpt, text or JSON, in order. */
export function parseReports(log: string): InvocationReport[] {
  const reports: InvocationReport[] = [];
  for (const raw of log.split(/\r?\n/)) {
    const line = raw.trim();
    const report = line.startsWith("{") ? parseJsonLine(line) : parseTextLine(line);
    if (report) reports.push(report);
  }
  return reports;
}

/** The REPORT record of one invocation from its base64 `LogResult`, if the tail still holds it. */
export function reportFromLogResult(logResult: string | undefined, requestId?: string): InvocationReport | undefined {
  if (!logResult) return undefined;
  const reports = parseReports(Buffer.from(logResult, "base64").toString("utf8"));
  return requestId ? reports.find((r) => r.requestId === requestId) ?? reports.at(-1) : reports.at(-1);
}
