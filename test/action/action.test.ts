// The Action's entry as GitHub runs it: INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and an
// event payload file; GitHub's API and AWS are nock stand-ins, nothing leaves the machine.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateAction } from "@action-validator/core";
import Ajv from "ajv-draft-04";
import sarifSchema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
import nock from "nock";
import { parse } from "yaml";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { actionInputsSchema, runAction } from "../../src/action/run-action";
import { benchmarkCheckRunName, benchmarkCommentMarker } from "../../src/action/benchmark-names";
import { readBenchmarkData } from "../../src/bench/published";
import { account, fakeAwsEnvironment, fakeLambda, region, stsIdentity } from "../bench/fake-aws";
import { fixturePath, repoRoot } from "../helpers";

let workspace: string;
let env: NodeJS.ProcessEnv;
const savedEnv = { ...process.env };

/** Step outputs as GitHub reads them back from the heredoc form. */
function outputs(): Record<string, string> {
  const text = readFileSync(env.GITHUB_OUTPUT!, "utf8");
  return Object.fromEntries([...text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)].map((m) => [m[1], m[3]]));
}

function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) env[`INPUT_${name.toUpperCase()}`] = value;
}

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), "llrt-migrate-action-"));
  env = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(workspace, "..", `${workspace.split("/").pop()}.output`),
    GITHUB_STEP_SUMMARY: join(workspace, "..", `${workspace.split("/").pop()}.summary`),
    GITHUB_REPOSITORY: "octo/shop",
    GITHUB_API_URL: "https://api.github.test",
  };
  writeFileSync(env.GITHUB_OUTPUT!, "");
  writeFileSync(env.GITHUB_STEP_SUMMARY!, "");
});

afterEach(() => {
  for (const file of [env.GITHUB_OUTPUT!, env.GITHUB_STEP_SUMMARY!]) rmSync(file, { force: true });
  rmSync(workspace, { recursive: true, force: true });
  nock.cleanAll();
});

/** SARIF 2.1.0's published schema (draft-04; its patterns predate the `u` flag). */
const validSarif = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false }).compile(sarifSchema);

describe("action.yml", () => {
  const text = readFileSync(join(repoRoot, "action.yml"), "utf8");
  const action = parse(text) as { inputs: Record<string, unknown>; runs: { steps: Array<{ env: Record<string, string> }> } };

  it("validates against the Action metadata schema", () => {
    expect(validateAction(text).errors).toEqual([]);
    expect(validateAction(text.replace("using: composite", "using: compose")).errors).not.toEqual([]);
  });

  it("passes every input it declares to the entry, and the entry reads no input it does not declare", () => {
    const declared = Object.keys(action.inputs).filter((name) => name !== "version");
    const passed = Object.keys(action.runs.steps[0].env).filter((k) => k.startsWith("INPUT_")).map((k) => k.slice(6).toLowerCase());
    expect(passed.sort()).toEqual(declared.sort());
    const read = Object.keys(actionInputsSchema.shape).map((key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    expect(read.sort()).toEqual(declared.sort());
  });
});

describe("check and report modes", () => {
  it("check fails on a blocked function with fail-on: error, and writes the summary, outputs and SARIF", async () => {
    cpSync(fixturePath("projects", "compat-app"), join(workspace, "svc"), { recursive: true });
    inputs({ path: "svc", mode: "check", "fail-on": "error" });
    expect(await runAction(env)).toBe(1);
    const out = outputs();
    // A blocked function keeps its runtime and its code: nothing is pending, the errors fail the check.
    expect(out).toMatchObject({ ready: "0", blocked: "1", "changes-pending": "false" });
    expect(readFileSync(env.GITHUB_STEP_SUMMARY!, "utf8")).toMatch(/^# LLRT migration report/);
    const sarif = JSON.parse(readFileSync(out["sarif-file"], "utf8"));
    expect(out["sarif-file"]).toBe(join(workspace, "llrt-migrate.sarif"));
    expect(validSarif(sarif), JSON.stringify(validSarif.errors)).toBe(true);
    expect(sarif.runs[0].results.some((r: { level: string }) => r.level === "error")).toBe(true);
  });

  it("report never fails; check with fail-on: never does not either", async () => {
    cpSync(fixturePath("projects", "compat-app"), workspace, { recursive: true });
    inputs({ mode: "report", "fail-on": "error", sarif: "false" });
    expect(await runAction(env)).toBe(0);
    expect(outputs()["sarif-file"]).toBeUndefined();
    inputs({ mode: "check", "fail-on": "never" });
    expect(await runAction(env)).toBe(0);
  });

  it("check passes on a project whose functions are ready, and fail-on: warning fails on warnings", async () => {
    cpSync(fixturePath("projects", "sam-app"), workspace, { recursive: true });
    inputs({ mode: "check" });
    expect(await runAction(env)).toBe(0);
    expect(outputs()).toMatchObject({ ready: "2", blocked: "0" });
    inputs({ "fail-on": "warning" });
    expect(await runAction(env)).toBe(1);
  });

  it("reads the config input, a settings file with the App's schema, and the inputs override it", async () => {
    cpSync(fixturePath("projects", "compat-app"), workspace, { recursive: true });
    writeFileSync(join(workspace, "llrt.yml"), "exclude: [src/app.mjs]\n");
    inputs({ mode: "check", config: "llrt.yml" });
    await runAction(env);
    // Without the file the function is blocked (first test); excluded by it, it is skipped and left alone.
    expect(outputs()).toMatchObject({ blocked: "0", "changes-pending": "false" });
    writeFileSync(join(workspace, "llrt.yml"), "variant: huge\n");
    await expect(runAction(env)).rejects.toThrow(/variant/);
  });

  it("refuses a bad input with one clear message", async () => {
    inputs({ mode: "deploy" });
    await expect(runAction(env)).rejects.toThrow("mode must be check, report, benchmark or verify");
  });
});

describe("benchmark mode", () => {
  const headSha = "a".repeat(40);
  const api = () => nock("https://api.github.test");

  beforeAll(() => {
    fakeAwsEnvironment();
    nock.disableNetConnect();
  });
  afterAll(() => {
    process.env = savedEnv;
    nock.enableNetConnect();
  });

  function benchmarkInputs(): void {
    cpSync(fixturePath("projects", "sam-app"), workspace, { recursive: true });
    writeFileSync(join(workspace, "..", "event.json"), JSON.stringify({ pull_request: { number: 7, head: { sha: headSha } } }));
    env.GITHUB_EVENT_PATH = join(workspace, "..", "event.json");
    inputs({
      mode: "benchmark",
      "github-token": "ghs_test",
      "aws-region": region,
      "execution-role-arn": `arn:aws:iam::${account}:role/bench`,
      "allow-account": account,
      "llrt-layer-arn": `arn:aws:lambda:${region}:${account}:layer:llrt:3`,
      cold: "2",
      warm: "2",
    });
  }

  it("measures the changed function with the environment's AWS credentials, comments once and publishes the check run", async () => {
    benchmarkInputs();
    stsIdentity();
    const lambda = fakeLambda();
    const posted: Array<{ path: string; body: Record<string, unknown> }> = [];
    const github = api()
      .get("/repos/octo/shop/pulls/7/files")
      .query(true)
      .reply(200, [{ filename: "src/hello.mjs" }])
      .get("/repos/octo/shop/issues/7/comments")
      .query(true)
      .reply(200, [{ id: 1, body: "LGTM" }])
      .post("/repos/octo/shop/issues/7/comments", (body) => (posted.push({ path: "comment", body }), true))
      .reply(201, { id: 2 })
      .post("/repos/octo/shop/check-runs", (body) => (posted.push({ path: "check", body }), true))
      .reply(201, { id: 3, html_url: "https://github.test/octo/shop/runs/3" });

    const code = await runAction(env, () => {});
    expect(posted.find((p) => p.path === "comment")?.body.body).not.toContain("Not measured");
    expect(code).toBe(0);
    expect(github.isDone()).toBe(true);
    // Only the function whose code changed was deployed, on both runtimes, and deleted again.
    expect(lambda.log.filter((l) => l.startsWith("create ")).map((l) => l.replace(/-[0-9a-f]{8}-/, "-x-"))).toEqual([
      "create llrt-migrate-bench-HelloFunction-x-node",
      "create llrt-migrate-bench-HelloFunction-x-llrt",
    ]);
    expect(lambda.functions.size).toBe(0);
    const comment = posted.find((p) => p.path === "comment")!.body.body as string;
    expect(comment.startsWith(`${benchmarkCommentMarker}\n## LLRT benchmark`)).toBe(true);
    expect(comment).toContain("### `HelloFunction`");
    expect(comment).toMatch(/Cold start/);
    const check = posted.find((p) => p.path === "check")!.body;
    expect(check).toMatchObject({ name: benchmarkCheckRunName, head_sha: headSha, status: "completed", conclusion: "success" });
    expect((check.output as { summary: string }).summary).toBe(comment.slice(benchmarkCommentMarker.length + 1));
    // The figures as data for the GitHub App, which validates them and renders them itself.
    const data = readBenchmarkData((check.output as { text: string }).text);
    expect(data.ok && data.results.map((r) => [r.function.name, r.node.cold?.n, r.llrt.cold?.n])).toEqual([["HelloFunction", 2, 2]]);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY!, "utf8")).toContain("### `HelloFunction`");
  });

  it("updates its own comment on the next run instead of adding one, and measures nothing when no function changed", async () => {
    benchmarkInputs();
    let patched = "";
    const github = api()
      .get("/repos/octo/shop/pulls/7/files")
      .query(true)
      .reply(200, [{ filename: "README.md" }])
      .get("/repos/octo/shop/issues/7/comments")
      .query(true)
      .reply(200, [{ id: 41, body: `${benchmarkCommentMarker}\nold table` }])
      .patch("/repos/octo/shop/issues/comments/41", (body: { body: string }) => ((patched = body.body), true))
      .reply(200, { id: 41 })
      .post("/repos/octo/shop/check-runs")
      .reply(201, { id: 4 });
    expect(await runAction(env, () => {})).toBe(0);
    expect(github.isDone()).toBe(true);
    expect(patched).toContain("This pull request changes no Node.js function: nothing was measured.");
  });

  it("says in one line what it needs outside a pull request", async () => {
    benchmarkInputs();
    writeFileSync(env.GITHUB_EVENT_PATH!, JSON.stringify({ ref: "refs/heads/main" }));
    await expect(runAction(env)).rejects.toThrow("mode benchmark runs on pull_request events");
  });
});
