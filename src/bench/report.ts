// The benchmark as Markdown: one table, Node.js original against the migrated function on LLRT. The
// CLI prints it and the GitHub App puts it in the pull request body, so it must read well alone.
import type { BenchmarkResult, Comparison, SideResult, Stats } from "./types";

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function statsCell(stats: Stats | null, unit: string): string {
  if (!stats) return "—";
  return `${fmt(stats.p50)} / ${fmt(stats.p90)} / ${fmt(stats.p99)} / ${fmt(stats.max)} ${unit} (n=${stats.n})`;
}

function costCell(side: SideResult): string {
  if (side.costPerMillionUsd === undefined) return "—";
  return `$${side.costPerMillionUsd.toFixed(2)}`;
}

const formatFactor = (factor: number | undefined) => (factor !== undefined && Number.isFinite(factor) ? `${factor.toFixed(2)}×` : "far");

function changeCell(comparison: Comparison | undefined, betterWord: string, worseWord: string): string {
  if (!comparison) return "—";
  switch (comparison.verdict) {
    case "better":
      return `${formatFactor(comparison.factor)} ${betterWord}`;
    case "worse":
      return `${formatFactor(comparison.factor)} ${worseWord}`;
    case "no significant change":
      return `no significant change (${comparison.reason})`;
    default:
      return "—";
  }
}

function sideHeader(side: SideResult, title: string): string {
  return `${title} (${side.runtime})`;
}

/** A side that was not measured gets its reason in every cell of its column: never another side's numbers. */
function cell(side: SideResult, value: string): string {
  return side.measured ? value : `not measured: ${side.unavailable ?? "unavailable"}`;
}

function context(result: BenchmarkResult): string {
  const where = result.mode === "aws" ? `AWS Lambda, ${result.region}` : "local Runtime API emulator";
  const memory = result.memoryMb ? `, ${result.memoryMb} MB` : "";
  return `${where}, ${result.arch}${memory}`;
}

export function renderBenchmarkTable(result: BenchmarkResult): string {
  const { node, llrt } = result;
  const byMetric = new Map(result.comparisons.map((c) => [c.metric, c]));
  const local = result.mode === "local";
  const rows: Array<[string, string, string, string]> = [
    [
      local ? "Cold start: process start to first response, p50 / p90 / p99 / max" : "Cold start: Init Duration + Duration, p50 / p90 / p99 / max",
      statsCell(node.cold, "ms"),
      statsCell(llrt.cold, "ms"),
      changeCell(byMetric.get("cold"), "faster", "slower"),
    ],
    [
      local ? "Warm invocation: event to response" : "Warm invocation: Duration",
      statsCell(node.warm, "ms"),
      statsCell(llrt.warm, "ms"),
      changeCell(byMetric.get("warm"), "faster", "slower"),
    ],
    [
      local ? "Peak memory (RSS)" : "Max Memory Used",
      statsCell(node.memoryMb, "MB"),
      statsCell(llrt.memoryMb, "MB"),
      changeCell(byMetric.get("memory"), "less", "more"),
    ],
  ];
  if (!local) {
    rows.push(["Cost per 1M warm invocations", costCell(node), costCell(llrt), changeCell(byMetric.get("cost"), "cheaper", "dearer")]);
  }

  const lines = [
    `#### Benchmark: ${result.function.name} (${context(result)})`,
    "",
    `| | ${sideHeader(node, "Node.js, original")} | ${sideHeader(llrt, "LLRT, migrated")} | LLRT vs Node.js |`,
    "|---|---|---|---|",
    ...rows.map(([label, a, b, change]) => `| ${label} | ${cell(node, a)} | ${cell(llrt, b)} | ${change} |`),
    "",
    `Samples asked per side: ${result.requested.cold} cold, ${result.requested.warm} warm. ` +
      "A change counts only when both sides have at least 5 samples and their p50-p90 ranges do not overlap.",
  ];
  if (result.pricing) {
    const p = result.pricing;
    lines.push(
      `Prices: ${p.region}, read ${p.date} (${p.source}): $${p.requestUsdPerMillion} per 1M requests, ` +
        `$${p.gbSecondUsd[result.arch]} per GB-second (${result.arch}).`,
    );
  }
  for (const note of result.notes) lines.push(`- ${note}`);
  return `${lines.join("\n")}\n`;
}
