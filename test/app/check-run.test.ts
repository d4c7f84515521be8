// Check-run annotations: one per finding, in batches of 50 (GitHub's per-request maximum).
import nock from "nock";
import { ProbotOctokit } from "probot";
import { afterEach, expect, test } from "vitest";
import { conclusionOf, publishCheckRun } from "../../src/app/check-run";
import type { Finding, MigrationResult } from "../../src/engine/types";

afterEach(() => nock.cleanAll());

const octokit = new ProbotOctokit({ auth: { token: "t" }, retry: { enabled: false }, throttle: { enabled: false } });
const severities: Finding["severity"][] = ["error", "warning", "info"];

function result(findingCount: number, blocked: boolean): MigrationResult {
  const findings: Finding[] = Array.from({ length: findingCount }, (_, i) => ({
    rule: `rule-${i}`, severity: severities[i % 3], file: `src/f${i}.mjs`, line: i + 1, column: 1, message: `finding ${i}`, fix: i === 0 ? "do this" : undefined,
  }));
  return {
    tool: { name: "llrt-migrate", version: "0.1.0" },
    llrt: { version: "v0.8.1-beta", variant: "std" },
    summary: { filesScanned: 1, filesChanged: 1, errors: 0, warnings: 0, infos: 0 },
    functions: [{ name: "A", source: "sam", file: "t.yaml", handler: "a.handler", entry: "a.mjs", runtime: { before: null, after: null }, verdict: blocked ? "blocked" : "ready" }],
    files: [],
    findings,
    changes: [],
  };
}

test("120 findings: created with the first 50 annotations, then two updates of 50 and 20", async () => {
  const created: any[] = [];
  const updates: any[] = [];
  nock("https://api.github.com")
    .get("/repos/acme/lambdas/commits/" + "c".repeat(40) + "/check-runs").query(true).reply(200, { total_count: 0, check_runs: [] })
    .post("/repos/acme/lambdas/check-runs").reply(201, (_u, b) => (created.push(b), { id: 9 }))
    .patch("/repos/acme/lambdas/check-runs/9").times(2).reply(200, (_u, b) => (updates.push(b), { id: 9 }));

  await publishCheckRun(octokit, { owner: "acme", repo: "lambdas" }, "c".repeat(40), result(120, false), false, "run-1");

  expect(created[0]).toMatchObject({ name: "llrt-migrate", head_sha: "c".repeat(40), status: "completed", conclusion: "neutral" });
  const batches = [created[0], ...updates].map((b) => b.output.annotations);
  expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
  const all = batches.flat();
  expect(all.map((a: any) => a.path)).toEqual(Array.from({ length: 120 }, (_, i) => `src/f${i}.mjs`));
  expect(all.slice(0, 3)).toEqual([
    { path: "src/f0.mjs", start_line: 1, end_line: 1, annotation_level: "failure", title: "rule-0", message: "finding 0\ndo this" },
    { path: "src/f1.mjs", start_line: 2, end_line: 2, annotation_level: "warning", title: "rule-1", message: "finding 1" },
    { path: "src/f2.mjs", start_line: 3, end_line: 3, annotation_level: "notice", title: "rule-2", message: "finding 2" },
  ]);
});

test("the conclusion is neutral unless the config asks to fail on blocked functions", () => {
  expect(conclusionOf(result(1, true), false)).toBe("neutral");
  expect(conclusionOf(result(1, true), true)).toBe("failure");
  expect(conclusionOf(result(1, false), true)).toBe("neutral");
});

test("a finding without a file (a failing project rule) goes to the summary, not to an annotation GitHub would reject", async () => {
  const created: any[] = [];
  nock("https://api.github.com")
    .get("/repos/acme/lambdas/commits/" + "c".repeat(40) + "/check-runs").query(true).reply(200, { total_count: 0, check_runs: [] })
    .post("/repos/acme/lambdas/check-runs").reply(201, (_u, b) => (created.push(b), { id: 9 }));
  const r = result(1, false);
  r.findings.push({ rule: "sdk-package-json", severity: "error", file: "", line: 1, column: 1, message: "rule sdk-package-json failed: boom; its changes were dropped." });

  await publishCheckRun(octokit, { owner: "acme", repo: "lambdas" }, "c".repeat(40), r, false, "run-1");

  expect(created[0].output.annotations.map((a: any) => a.path)).toEqual(["src/f0.mjs"]);
  expect(created[0].output.summary).toContain("rule sdk-package-json failed: boom; its changes were dropped.");
});
