// The benchmark's figures as the Action publishes them and the App reads them back: a hidden line
// `<!-- llrt-migrate:benchmark-data {...} -->` in the text of the `llrt-migrate benchmark` check run.
// The App takes nothing from that check run but these figures, validated here; the repository's
// workflow wrote them, so every string in them is untrusted text when the App renders it.
import { z } from "zod";
import type { BenchmarkResult } from "./types";

const marker = "llrt-migrate:benchmark-data";
/** The data line stays well under a check run text's 65,535 characters. */
const maxDataLength = 50_000;
const maxResults = 10;

const text = (max: number) => z.string().max(max);
const figure = z.number().finite().nonnegative().max(1e9);
const stats = z.object({ n: z.number().int().nonnegative().max(1e6), p50: figure, p90: figure, p99: figure, max: figure });
const side = z.object({
  side: z.enum(["node", "llrt"]),
  runtime: text(100),
  measured: z.boolean(),
  unavailable: text(300).optional(),
  cold: stats.nullable(),
  warm: stats.nullable(),
  memoryMb: stats.nullable(),
  billedMs: stats.optional(),
  costPerMillionUsd: figure.optional(),
});

export const benchmarkResultSchema = z.object({
  mode: z.enum(["aws", "local"]),
  function: z.object({ name: text(200), entry: text(300), handler: text(300) }),
  arch: z.enum(["arm64", "x86_64"]),
  memoryMb: z.number().int().positive().max(10_240).optional(),
  region: text(40).optional(),
  startedAt: text(40),
  requested: z.object({ cold: z.number().int().nonnegative().max(1e6), warm: z.number().int().nonnegative().max(1e6) }),
  node: side,
  llrt: side,
  comparisons: z
    .array(
      z.object({
        metric: z.enum(["cold", "warm", "memory", "cost"]),
        verdict: z.enum(["better", "worse", "no significant change", "not compared"]),
        ratio: figure.optional(),
        factor: figure.optional(),
        reason: text(200).optional(),
      }),
    )
    .max(10),
  pricing: z
    .object({
      region: text(40),
      date: text(20),
      source: text(300),
      requestUsdPerMillion: figure,
      gbSecondUsd: z.object({ arm64: figure, x86_64: figure }),
    })
    .optional(),
  notes: z.array(text(300)).max(10),
}) satisfies z.ZodType<BenchmarkResult>;

const dataSchema = z.object({ version: z.literal(1), results: z.array(benchmarkResultSchema).max(maxResults) });

/** The hidden line carrying `results`; `<` and `>` are JSON-escaped so no string can end the comment. */
export function benchmarkDataLine(results: BenchmarkResult[]): string {
  const json = JSON.stringify({ version: 1, results: results.slice(0, maxResults) }).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- ${marker} ${json} -->`;
}

export type PublishedBenchmark = { ok: true; results: BenchmarkResult[] } | { ok: false; error: string };

/** The figures in a check run's text, or why there are none that can be used. */
export function readBenchmarkData(checkRunText: string | null | undefined): PublishedBenchmark {
  const start = checkRunText?.lastIndexOf(`<!-- ${marker} `) ?? -1;
  if (!checkRunText || start < 0) return { ok: false, error: "it carries no benchmark data" };
  const end = checkRunText.indexOf(" -->", start);
  const json = checkRunText.slice(start + marker.length + 6, end < 0 ? undefined : end);
  if (end < 0 || json.length > maxDataLength) return { ok: false, error: "its benchmark data is cut or too long" };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, error: "its benchmark data is not JSON" };
  }
  const parsed = dataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `its benchmark data is not valid (${issue.path.join(".") || "data"}: ${issue.message})` };
  }
  return { ok: true, results: parsed.data.results };
}
