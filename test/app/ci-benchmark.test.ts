// The App shows the benchmark the repository's CI measured: the Action's `llrt-migrate benchmark`
// check run on the PR head. Against the stand-in GitHub API: the body first says how to add the
// workflow; once the check run is there (its completion is a webhook), the body carries its figures,
// rendered by the app with every string escaped, and links to it. Invalid data is refused by name.
import { afterEach, beforeEach, expect, test } from "vitest";
import { benchmarkCheckRunName } from "../../src/action/benchmark-names";
import { benchmarkDataLine } from "../../src/bench/published";
import type { BenchmarkResult } from "../../src/bench/types";
import { loadApp } from "./fake-app";
import { loadFakeRepo, payload } from "./fake-repo";
import { FakeGitHub } from "./fake-github";
import type { FakeRepository } from "./fake-github";

const branch = "llrt-migrate/runtime";
let github: FakeGitHub;
let repo: FakeRepository;
let app: Awaited<ReturnType<typeof loadApp>>;

const stats = (p50: number) => ({ n: 10, p50, p90: p50 * 1.1, p99: p50 * 1.2, max: p50 * 1.3 });
/** What the Action measured, with the kind of text a hostile workflow could put in it. */
const measured: BenchmarkResult = {
  mode: "aws",
  function: { name: "Orders @octocat <img src=x onerror=alert(1)> | [x](https://evil.example)", entry: "src/orders.mjs", handler: "handler" },
  arch: "arm64",
  memoryMb: 128,
  region: "eu-west-1",
  startedAt: "2026-12-01T10:00:00.000Z",
  requested: { cold: 10, warm: 20 },
  node: { side: "node", runtime: "nodejs22.x", measured: true, cold: stats(412.5), warm: stats(3.2), memoryMb: stats(71), costPerMillionUsd: 0.41 },
  llrt: { side: "llrt", runtime: "provided.al2023", measured: true, cold: stats(58.25), warm: stats(1.5), memoryMb: stats(24), costPerMillionUsd: 0.22 },
  comparisons: [
    { metric: "cold", verdict: "better", ratio: 7.08, factor: 7.08 },
    { metric: "warm", verdict: "better", ratio: 2.13, factor: 2.13 },
    { metric: "memory", verdict: "better", ratio: 2.96, factor: 2.96 },
    { metric: "cost", verdict: "no significant change", reason: "</details><!-- x -->" },
  ],
  notes: ["# not a heading"],
};

/** The Action's check run on the app's branch head, as `llrt-migrate action` (benchmark mode) publishes it. */
function publishFromCi(text: string) {
  const head = repo.refs.get(`heads/${branch}`)!;
  repo.checkRuns.push({
    id: 9001, head_sha: head, name: benchmarkCheckRunName, status: "completed", conclusion: "success",
    html_url: "https://github.com/acme/lambdas/runs/9001", completed_at: new Date().toISOString(),
    output: { title: "1 of 1 function(s) measured", summary: "## table (not used by the app)", text },
  });
  const event = payload("check_run.rerequested");
  event.action = "completed";
  event.check_run = { id: 9001, name: benchmarkCheckRunName, head_sha: head, status: "completed", check_suite: { head_branch: branch }, app: { id: 15368 } };
  return app.receive("check_run", event, `ci-${text.length}`);
}

beforeEach(async () => {
  github = new FakeGitHub();
  repo = github.addRepo("acme", "lambdas", Object.fromEntries(loadFakeRepo().files.map((f) => [f.path, f.content])));
  await github.start();
  app = await loadApp(github);
  await app.receive("push", payload("push"), "push-1");
  expect(app.jobs).toEqual([{ outcome: "opened" }]);
});

afterEach(async () => {
  await github.stop();
});

test("without the Action's check run the body says in one line how to add it, with the workflow", () => {
  const body = repo.pulls[0].body;
  expect(body).toContain("### Benchmark\n\nNo benchmark from CI yet: add the llrt-migrate Action's benchmark job");
  expect(body).toContain("mode: benchmark");
  expect(body).toContain("aws-actions/configure-aws-credentials");
});

test("the Action's check run on the PR head puts its figures in the body, escaped, with a link to it", async () => {
  const commits = github.calls("POST", /\/git\/commits$/).length;
  await publishFromCi(benchmarkDataLine([measured]));
  expect(app.jobs[1]).toEqual({ outcome: "updated" });
  const body = repo.pulls[0].body;
  expect(body).toContain("Measured by your CI ([`llrt-migrate benchmark`](https://github.com/acme/lambdas/runs/9001) check run");
  // The figures, through the same table the CLI prints.
  expect(body).toContain("| 413 / 454 / 495 / 536 ms (n=10) | 58.3 / 64.1 / 69.9 / 75.7 ms (n=10) | 7.08× faster |");
  expect(body).toContain("| $0.41 | $0.22 |");
  // Nothing the workflow wrote becomes markup: no tag, mention, link, extra column, comment or heading.
  expect(body).not.toContain("<img");
  expect(body).not.toContain("@octocat");
  expect(body).not.toContain("](https://evil.example)");
  expect(body).toContain("&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[x\\]");
  expect(body).not.toMatch(/<\/details><!--/);
  expect(body).not.toMatch(/^# not a heading/m);
  expect(body).toContain("- \\# not a heading");
  expect(body.split("<details>").length).toBe(body.split("</details>").length);
  // The branch was left alone: only the body changed.
  expect(github.calls("POST", /\/git\/commits$/)).toHaveLength(commits);
  expect(repo.openPulls()).toHaveLength(1);
});

test("data that fails validation is not shown; the body says why", async () => {
  const bad = { ...measured, node: { ...measured.node, cold: { ...stats(1), p50: -5 } } };
  await publishFromCi(benchmarkDataLine([bad as BenchmarkResult]));
  const body = repo.pulls[0].body;
  expect(body).toContain("check run on ");
  expect(body).toContain("cannot be shown here: its benchmark data is not valid (results.0.node.cold.p50:");
  expect(body).not.toContain("Measured by your CI");
});

test("another check run name, or one on another branch, does not trigger a run", async () => {
  const event = payload("check_run.rerequested");
  event.action = "completed";
  event.check_run = { id: 1, name: "build", head_sha: "3".repeat(40), status: "completed", check_suite: { head_branch: branch } };
  await app.receive("check_run", event, "other-1");
  event.check_run = { ...event.check_run, name: benchmarkCheckRunName, check_suite: { head_branch: "feature" } };
  await app.receive("check_run", event, "other-2");
  expect(app.jobs).toHaveLength(1);
});
