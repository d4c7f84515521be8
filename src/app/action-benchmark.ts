// The benchmark the repository's own CI measured: the `llrt-migrate benchmark` check run the Action
// publishes on the PR head commit. Its figures (validated, never its Markdown) go into the PR body,
// rendered here with every string escaped, and the body links to the check run. Without one, the
// body says in one line how to get it, with the workflow snippet. The app never writes workflows.
import { z } from "zod";
import { benchmarkCheckRunName } from "../action/benchmark-names";
import { readBenchmarkData } from "../bench/published";
import { renderBenchmarkTable } from "../bench/report";
import type { BenchmarkResult, SideResult } from "../bench/types";
import { describeError } from "../engine/errors";
import { codeSpan, inlineText } from "../report/markdown-text";
import type { Octokit, RepoRef } from "./github";
import { retryAfterMs } from "./rate-limit";

export type CiBenchmark = { found: true; section: string } | { found: false; line: string };

/** The Action's workflow, for a repository that has none yet (the README has the commented version). */
export const workflowSnippet = [
  "```yaml",
  "name: LLRT benchmark",
  "on: pull_request",
  "permissions: { id-token: write, contents: read, pull-requests: write, checks: write }",
  "jobs:",
  "  bench:",
  "    if: startsWith(github.head_ref, 'llrt-migrate/')",
  "    runs-on: ubuntu-latest",
  "    steps:",
  "      - uses: actions/checkout@v4",
  "      - run: npm ci && npm i --no-save esbuild",
  "      - uses: aws-actions/configure-aws-credentials@v4",
  "        with: { role-to-assume: <deployer role ARN>, aws-region: <region> }",
  "      - uses: <owner>/llrt-migrate@v0",
  "        with: { mode: benchmark, aws-region: <region>, execution-role-arn: <role ARN>, allow-account: '<account>', llrt-layer-arn: <layer ARN> }",
  "```",
].join("\n");

const howToAdd =
  `No benchmark from CI yet: add the llrt-migrate Action's benchmark job to a workflow and it measures this PR's functions where their dependencies are installed (its \`${benchmarkCheckRunName}\` check run then shows here).`;

const checkRunSchema = z.object({
  status: z.string(),
  head_sha: z.string(),
  html_url: z.string().url().nullish(),
  completed_at: z.string().nullish(),
  output: z.object({ text: z.string().nullish() }).nullish(),
});

/** A link target GitHub gave, kept only if it is a plain http(s) URL, with the characters that end a Markdown link encoded. */
function safeLink(url: string | null | undefined): string | undefined {
  if (!url || !/^https?:\/\//.test(url)) return undefined;
  return url.replace(/[()<>\s\]]/g, (c) => encodeURIComponent(c));
}

const escapeSide = (side: SideResult): SideResult => ({
  ...side,
  runtime: inlineText(side.runtime),
  unavailable: side.unavailable === undefined ? undefined : inlineText(side.unavailable),
});

/** Every string the workflow wrote, as text that cannot become markup in a table cell or heading. */
function escapeResult(result: BenchmarkResult): BenchmarkResult {
  return {
    ...result,
    function: { name: inlineText(result.function.name), entry: inlineText(result.function.entry), handler: inlineText(result.function.handler) },
    region: result.region === undefined ? undefined : inlineText(result.region),
    node: escapeSide(result.node),
    llrt: escapeSide(result.llrt),
    comparisons: result.comparisons.map((c) => ({ ...c, reason: c.reason === undefined ? undefined : inlineText(c.reason) })),
    pricing: result.pricing && { ...result.pricing, region: inlineText(result.pricing.region), date: inlineText(result.pricing.date), source: inlineText(result.pricing.source) },
    notes: result.notes.map((note) => inlineText(note)),
  };
}

/** The Action's benchmark on `headSha`, as a body section, or one line saying how to get one. */
export async function ciBenchmark(octokit: Octokit, repo: RepoRef, headSha: string): Promise<CiBenchmark> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, check_name: benchmarkCheckRunName, filter: "latest", per_page: 20 });
  const runs = data.check_runs.map((r) => checkRunSchema.safeParse(r)).flatMap((r) => (r.success && r.data.status === "completed" ? [r.data] : []));
  const run = runs.sort((a, b) => String(b.completed_at ?? "").localeCompare(String(a.completed_at ?? "")))[0];
  if (!run) return { found: false, line: `${howToAdd}\n\n<details><summary>Workflow</summary>\n\n${workflowSnippet}\n</details>` };
  const link = safeLink(run.html_url);
  const name = link ? `[${codeSpan(benchmarkCheckRunName)}](${link})` : codeSpan(benchmarkCheckRunName);
  const published = readBenchmarkData(run.output?.text);
  if (!published.ok) return { found: false, line: `The ${name} check run on ${headSha.slice(0, 7)} cannot be shown here: ${published.error}.` };
  const intro = published.results.length
    ? `Measured by your CI (${name} check run, commit ${headSha.slice(0, 7)}): Node.js before, LLRT after.`
    : `Your CI's ${name} check run on ${headSha.slice(0, 7)} measured no function (this PR changes none it could deploy).`;
  return { found: true, section: [intro, "", ...published.results.map((r) => renderBenchmarkTable(escapeResult(r)))].join("\n") };
}

/** A failed look-up of the check run is one line in the body, never a failed run. */
export async function ciBenchmarkOrReason(octokit: Octokit, repo: RepoRef, headSha: string): Promise<CiBenchmark> {
  try {
    return await ciBenchmark(octokit, repo, headSha);
  } catch (error) {
    if (retryAfterMs(error) !== undefined) throw error; // the job waits for GitHub and runs again
    return { found: false, line: `The CI benchmark could not be read: ${inlineText(describeError(error))}` };
  }
}
