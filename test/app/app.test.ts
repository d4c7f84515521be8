// The app against a mocked GitHub API (Probot + nock, the recipe in the reference): every webhook is
// received, its queued job awaited, and the requests the app made are checked.
import nock from "nock";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseAppConfig } from "../../src/app/config";
import { createApp } from "../../src/app/index";
import type { AppOptions } from "../../src/app/index";
import type { RunState } from "../../src/app/markers";
import { tool } from "../../src/version";
import { payload, privateKey } from "./fake-repo";
import { APP_COMMIT, BASE, githubMock, markers, NEW_COMMIT, OLD_BASE, signer } from "./github-mock";
import { migrateInProcess } from "./in-process";

const { ignoredMarker, readIgnored, readState, stateMarker } = markers;

const defaultsHash = (parseAppConfig(null) as { hash: string }).hash;
let probot: Probot;
let app: ReturnType<typeof createApp>;
let jobs: Array<{ outcome?: string; error?: unknown }>;

/** A fresh Probot with a fresh app: each test sees only its own jobs and token requests. */
async function load(options: AppOptions = {}) {
  jobs = [];
  probot = new Probot({
    appId: 123,
    privateKey,
    logLevel: "fatal",
    // The function form: Probot's own defaults would otherwise switch throttling back on (writes 1 s apart).
    Octokit: ProbotOctokit.defaults((o: object) => ({ ...o, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  app = createApp({ signer, migrate: migrateInProcess, ...options, onJobDone: (_repo, result) => jobs.push(result) });
  await probot.load(app);
}

async function receive(name: string, body: any, id = String(Math.random())) {
  await probot.receive({ id, name: name as any, payload: body });
  await app.idle();
}

/** The state an earlier run left on its PR. */
function prBody(overrides: Partial<RunState> = {}): string {
  const state: RunState = { base: OLD_BASE, tool: tool.version, config: defaultsHash, commit: APP_COMMIT, changes: "ab12", ...overrides };
  return `## LLRT migration\n\nolder body\n\n${stateMarker(state)}`;
}

beforeEach(async () => {
  nock.disableNetConnect();
  await load();
});

afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe("opening and updating the pull request", () => {
  test("installation opens one PR with the migrated files in a single unsigned-author commit", async () => {
    const gh = githubMock().token().defaultBranch().base().config().openPr(null).closedPrs([]).readRepo().branch(null).commit(false).createPr().checkRun();
    await receive("installation", payload("installation.created"));

    expect(jobs).toEqual([{ outcome: "opened" }]);
    gh.done();
    const byPath = Object.fromEntries(gh.sent.tree.tree.map((e: any) => [e.path, e.content]));
    expect(Object.keys(byPath)).toEqual(expect.arrayContaining(["src/orders.mjs", "template.yaml"]));
    expect(Object.keys(byPath)).not.toContain("src/hello.mjs"); // already async: untouched
    expect(byPath["src/orders.mjs"]).toContain("export const handler = async function(event, context)");
    expect(byPath["src/orders.mjs"]).not.toContain("callback(");
    expect(byPath["template.yaml"]).toContain("Runtime: provided.al2023");
    expect(gh.sent.tree.base_tree).toBe(BASE);
    // No author or committer: GitHub signs the commit as the app.
    expect(gh.sent.commit.parents).toEqual([BASE]);
    expect(gh.sent.commit).not.toHaveProperty("author");
    expect(gh.sent.commit).not.toHaveProperty("committer");
    expect(gh.sent.ref).toEqual({ ref: "refs/heads/llrt-migrate/runtime", sha: NEW_COMMIT });
    expect(gh.sent.pull).toMatchObject({ head: "llrt-migrate/runtime", base: "main", draft: false });
    expect(gh.sent.pull.body).toMatch(/^## LLRT migration\n\n\*\*\d+ ready, \d+ need attention, \d+ blocked\*\* \(2 function\(s\)/);
    expect(readState(gh.sent.pull.body)).toMatchObject({ base: BASE, tool: tool.version, config: defaultsHash, commit: NEW_COMMIT });
    // Workflow files and files the engine cannot use are never fetched.
    expect(gh.sent.blobsRead.sort()).toEqual(["package.json", "src/hello.mjs", "src/lib/response.mjs", "src/orders.mjs", "template.yaml"]);
    expect(gh.sent.checkRuns[0]).toMatchObject({ name: "llrt-migrate", head_sha: NEW_COMMIT, conclusion: "neutral" });
    // Advice names the config file's settings, not the CLI's flags.
    const layerAdvice = "or set `llrtLayerArn: <arn>` in .github/llrt-migrate.yml.";
    expect(gh.sent.pull.body).toContain(layerAdvice);
    expect(gh.sent.checkRuns[0].output.annotations.find((a: any) => a.annotation_level === "warning").message).toContain(layerAdvice);
    expect(gh.sent.pull.body + JSON.stringify(gh.sent.checkRuns)).not.toContain("--llrt-layer-arn");
  });

  test("repositories added to an installation get their first run", async () => {
    const gh = githubMock().token().defaultBranch().base().config().openPr(null).closedPrs([]).readRepo().branch(null).commit(false).createPr().checkRun();
    const added = { ...payload("installation.created"), action: "added", repository_selection: "selected", repositories_added: payload("installation.created").repositories, repositories_removed: [] };
    await receive("installation_repositories", added);
    expect(jobs).toEqual([{ outcome: "opened" }]);
    gh.done();
  });

  test("a push updates the existing PR in place instead of opening another", async () => {
    const gh = githubMock().token().base().config().openPr({ number: 7, body: prBody() }).readRepo().branch(APP_COMMIT).commit(true).updatePr().checkRun();
    await receive("push", payload("push"));

    expect(jobs).toEqual([{ outcome: "updated" }]);
    gh.done();
    expect(gh.sent.pull).toBeUndefined();
    // Compare-and-swap: the new commit descends from the app's head, and the branch moves by fast-forward only.
    expect(gh.sent.commit.parents).toEqual([APP_COMMIT, BASE]);
    expect(gh.sent.ref).toEqual({ sha: NEW_COMMIT, force: false });
    expect(readState(gh.sent.pullUpdates[0].body)).toMatchObject({ base: BASE, commit: NEW_COMMIT });
  });

  test("same base, tool and config: nothing is read or written", async () => {
    const gh = githubMock().token().base().config().openPr({ number: 7, body: prBody({ base: BASE }) });
    await receive("push", payload("push"));

    expect(jobs).toEqual([{ outcome: "unchanged" }]);
    gh.done();
  });

  test("a push to another branch, or one touching no relevant file, is ignored without any request", async () => {
    githubMock(); // no interceptors: any request would fail the job
    const other = { ...payload("push"), ref: "refs/heads/feature" };
    const docsOnly = { ...payload("push"), commits: [{ id: "1", message: "docs", added: ["README.md"], removed: [], modified: [] }] };
    await receive("push", other);
    await receive("push", docsOnly);
    expect(jobs).toEqual([]);
  });

  test("never overwrites a human's commit on the branch: comments once instead", async () => {
    const human = "d".repeat(40);
    // The branch is checked before the repository is read: nothing is fetched for a blocked run.
    const gh = githubMock().token().base().config().openPr({ number: 7, body: prBody() }).branch(human).comment().updatePr();
    await receive("push", payload("push"));

    expect(jobs).toEqual([{ outcome: "human-commit" }]);
    gh.done();
    expect(gh.sent.tree).toBeUndefined();
    expect(gh.sent.blobsRead).toEqual([]);
    expect(gh.sent.comments[0].body).toContain("/llrt-migrate recreate");
    expect(readState(gh.sent.pullUpdates[0].body)?.blockedBy).toBe(human);

    // The next push finds the same foreign head: no second comment. (The installation token is cached.)
    const again = githubMock().base().config().openPr({ number: 7, body: gh.sent.pullUpdates[0].body }).branch(human);
    await receive("push", payload("push"));
    expect(jobs[1]).toEqual({ outcome: "human-commit" });
    again.done();
    expect(again.sent.comments).toEqual([]);
  });

  test("closes its PR when the migration no longer changes anything", async () => {
    const gh = githubMock().token().base().config("exclude: ['**']\n").openPr({ number: 7, body: prBody() }).branch(APP_COMMIT).comment().updatePr().deleteBranch();
    gh.scope.get("/repos/acme/lambdas/git/trees/" + BASE).query(true).reply(200, gh.repo.tree(BASE));
    await receive("push", payload("push"));

    expect(jobs).toEqual([{ outcome: "no-changes" }]);
    gh.done();
    expect(gh.sent.pullUpdates).toEqual([{ state: "closed" }]);
    expect(gh.sent.deletedRef).toBe(true);
  });
});

describe("limits", () => {
  test("more files than the limit: one check-run message, nothing fetched or written", async () => {
    await load({ limits: { maxFiles: 3, maxFileBytes: 1024 * 1024 } });
    const gh = githubMock().token().base().config().openPr(null).closedPrs([]).branch(null).checkRun();
    gh.scope.get("/repos/acme/lambdas/git/trees/" + BASE).query(true).reply(200, gh.repo.tree(BASE));
    await receive("push", payload("push"));

    expect(jobs).toEqual([{ outcome: "too-large" }]);
    gh.done();
    expect(gh.sent.blobsRead).toEqual([]);
    expect(gh.sent.checkRuns[0].output).toMatchObject({ title: "Repository too large: nothing was migrated", summary: expect.stringContaining("5 files") });
  });
});

describe("closed-PR memory", () => {
  test("closing without merging records the ignored version on the PR and deletes the branch", async () => {
    const closed = payload("pull_request.closed");
    closed.pull_request.body = prBody({ base: BASE, config: "cfg1" });
    const gh = githubMock().token().updatePr().deleteBranch();
    await receive("pull_request", closed);

    expect(jobs).toEqual([{ outcome: "pr-ignored" }]);
    gh.done();
    expect(readIgnored(gh.sent.pullUpdates[0].body)).toEqual({ tool: tool.version, config: "cfg1" });
    expect(readState(gh.sent.pullUpdates[0].body)).toBeUndefined();
    expect(gh.sent.pullUpdates[0]).not.toHaveProperty("state");
    expect(gh.sent.deletedRef).toBe(true);
  });

  test("an ignored version is not opened again; a new config version is, with a note", async () => {
    const ignored = (config: string) => `closed\n${ignoredMarker({ tool: tool.version, config })}`;
    const gh = githubMock().token().base().config().openPr(null).closedPrs([{ number: 7, body: ignored(defaultsHash), merged_at: null }]);
    await receive("push", payload("push"));
    expect(jobs).toEqual([{ outcome: "ignored" }]);
    gh.done();

    const next = githubMock().base().config().openPr(null).closedPrs([{ number: 7, body: ignored("older"), merged_at: null }])
      .readRepo().branch(null).commit(false).createPr().checkRun();
    await receive("push", payload("push"));
    expect(jobs[1]).toEqual({ outcome: "opened" });
    next.done();
    expect(next.sent.pull.body).toContain("closed without merging; this one is back");
  });

  test("a PR the app closed itself is not recorded as ignored", async () => {
    githubMock();
    const closed = payload("pull_request.closed");
    closed.pull_request.body = prBody();
    closed.sender = { login: "llrt-migrate[bot]", id: 99, type: "Bot" };
    await receive("pull_request", closed);
    expect(jobs).toEqual([]);
  });
});

describe("configuration", () => {
  test("an invalid config gets one check-run message and nothing else happens", async () => {
    const gh = githubMock().token().base().config("variant: turbo\n").checkRun();
    await receive("push", payload("push"));

    expect(jobs).toEqual([{ outcome: "invalid-config" }]);
    gh.done();
    expect(gh.sent.checkRuns).toHaveLength(1);
    expect(gh.sent.checkRuns[0]).toMatchObject({ head_sha: BASE, conclusion: "neutral" });
    expect(gh.sent.checkRuns[0].output.summary).toMatch(/^\.github\/llrt-migrate\.yml: variant: /);
  });

  test("enabled: false stops after reading the config", async () => {
    const gh = githubMock().token().base().config("enabled: false\n");
    await receive("push", payload("push"));
    expect(jobs).toEqual([{ outcome: "disabled" }]);
    gh.done();
  });

  test("labels, reviewers and draft apply to a new PR", async () => {
    const gh = githubMock().token().defaultBranch().base().config("labels: [llrt]\nreviewers: [octocat]\ndraft: true\n")
      .openPr(null).closedPrs([]).readRepo().branch(null).commit(false).createPr().checkRun();
    gh.scope.post("/repos/acme/lambdas/issues/7/labels", { labels: ["llrt"] }).reply(200, []);
    gh.scope.post("/repos/acme/lambdas/pulls/7/requested_reviewers", { reviewers: ["octocat"] }).reply(201, {});
    await receive("installation", payload("installation.created"));
    expect(jobs).toEqual([{ outcome: "opened" }]);
    gh.done();
    expect(gh.sent.pull.draft).toBe(true);
  });
});

describe("comment commands", () => {
  const commentPayload = (body: string, association = "MEMBER") => {
    const p = payload("issue_comment.created");
    p.issue.body = prBody({ base: BASE });
    p.comment.body = body;
    p.comment.author_association = association;
    return p;
  };

  test("rebase recomputes even when the state is unchanged", async () => {
    const gh = githubMock().token().base().config().openPr({ number: 7, body: prBody({ base: BASE }) }).readRepo().branch(APP_COMMIT).commit(true).updatePr().checkRun();
    await receive("issue_comment", commentPayload("/llrt-migrate rebase"));
    expect(jobs).toEqual([{ outcome: "updated" }]);
    gh.done();
  });

  test("recreate overwrites a branch whose head is not the app's", async () => {
    const gh = githubMock().token().base().config().openPr({ number: 7, body: prBody() }).readRepo().branch("d".repeat(40)).commit(true).updatePr().checkRun();
    await receive("issue_comment", commentPayload("please\n/llrt-migrate recreate"));
    expect(jobs).toEqual([{ outcome: "updated" }]);
    gh.done();
    expect(gh.sent.ref).toEqual({ sha: NEW_COMMIT, force: true });
  });

  test("recreate on a closed, ignored PR opens a new one", async () => {
    const p = commentPayload("/llrt-migrate recreate");
    p.issue.state = "closed";
    p.issue.body = `closed\n${ignoredMarker({ tool: tool.version, config: defaultsHash })}`;
    const gh = githubMock().token().base().config().openPr(null).readRepo().branch(null).commit(false).createPr().checkRun();
    await receive("issue_comment", p);
    expect(jobs).toEqual([{ outcome: "opened" }]);
    gh.done();
  });

  test("ignore closes the PR, records the version and deletes the branch", async () => {
    const gh = githubMock().token().updatePr().deleteBranch();
    await receive("issue_comment", commentPayload("/llrt-migrate ignore"));
    expect(jobs).toEqual([{ outcome: "pr-ignored" }]);
    gh.done();
    expect(gh.sent.pullUpdates[0].state).toBe("closed");
    expect(readIgnored(gh.sent.pullUpdates[0].body)).toEqual({ tool: tool.version, config: defaultsHash });
  });

  test("benchmark runs the injected runner with an assumed role and puts its table in the body", async () => {
    const roles: string[] = [];
    await load({
      assumeRole: async (arn) => (roles.push(arn), { accessKeyId: "AKIA", secretAccessKey: "s" }),
      benchmarkRunner: { run: async (req) => `| functions | before | after |\n|---|---|---|\n| ${req.functions.map((f) => f.name).join(", ")} | 300 ms | 40 ms |` },
    });
    const yaml = "benchmark:\n  enabled: true\n  region: eu-west-1\n  roleArn: arn:aws:iam::123456789012:role/bench\n";
    const hash = (parseAppConfig({ benchmark: { enabled: true, region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/bench" } }) as { hash: string }).hash;
    const body = prBody({ base: BASE, config: hash });
    const gh = githubMock().token().base().config(yaml).openPr({ number: 7, body }).readRepo().branch(APP_COMMIT).commit(true).updatePr().checkRun();
    const p = commentPayload("/llrt-migrate benchmark");
    p.issue.body = body;
    await receive("issue_comment", p);

    expect(jobs).toEqual([{ outcome: "updated" }]);
    gh.done();
    expect(roles).toEqual(["arn:aws:iam::123456789012:role/bench"]);
    expect(gh.sent.pullUpdates[0].body).toContain("| HelloFunction, OrdersFunction | 300 ms | 40 ms |");
  });

  test("commands from outsiders, unknown commands and comments on other PRs do nothing", async () => {
    githubMock();
    await receive("issue_comment", commentPayload("/llrt-migrate rebase", "NONE"));
    await receive("issue_comment", commentPayload("/llrt-migrate merge"));
    const other = commentPayload("/llrt-migrate rebase");
    other.issue.body = "a human's PR";
    await receive("issue_comment", other);
    expect(jobs).toEqual([]);
  });

  test("check_run.rerequested recomputes, and leaves the branch alone when the changes are the same", async () => {
    const first = githubMock().token().base().config().openPr({ number: 7, body: prBody() }).readRepo().branch(APP_COMMIT).commit(true).updatePr().checkRun();
    await receive("push", payload("push"));
    first.done();
    const body = first.sent.pullUpdates[0].body;

    const changes = /changes=([0-9a-f]+)/.exec(first.sent.commit.message)![1];
    const again = githubMock().base().config().openPr({ number: 7, body }).branch(NEW_COMMIT, { parents: [APP_COMMIT, BASE], base: BASE, changes }).updatePr().checkRun();
    again.scope.get("/repos/acme/lambdas/git/trees/" + BASE).query(true).reply(200, again.repo.tree(BASE));
    await receive("check_run", payload("check_run.rerequested"));
    expect(jobs).toEqual([{ outcome: "updated" }, { outcome: "updated" }]);
    again.done();
    expect(again.sent.tree).toBeUndefined(); // no new commit, no force-push, no CI run
    expect(again.sent.checkRuns[0].head_sha).toBe(NEW_COMMIT);
  });
});

describe("delivery handling", () => {
  test("a second run reads only blobs it has not seen (blobs are cached by sha)", async () => {
    const first = githubMock().token().base().config().openPr({ number: 7, body: prBody() }).readRepo().branch(APP_COMMIT).commit(true).updatePr().checkRun();
    await receive("push", payload("push"));
    first.done();
    const second = githubMock().base("9".repeat(40)).config().openPr({ number: 7, body: prBody() }).branch(APP_COMMIT).commit(true).updatePr().checkRun();
    second.scope.get("/repos/acme/lambdas/git/trees/" + "9".repeat(40)).query(true).reply(200, second.repo.tree("9".repeat(40)));
    await receive("push", payload("push"));
    expect(jobs).toEqual([{ outcome: "updated" }, { outcome: "updated" }]);
    second.done();
    expect(first.sent.blobsRead).toHaveLength(5);
    expect(second.sent.blobsRead).toEqual([]);
  });

  test("a redelivered webhook (same delivery id) runs once", async () => {
    const gh = githubMock().token().base().config().openPr({ number: 7, body: prBody({ base: BASE }) });
    await receive("push", payload("push"), "delivery-1");
    await receive("push", payload("push"), "delivery-1"); // after the first finished: not merged, refused
    expect(jobs).toEqual([{ outcome: "unchanged" }]);
    gh.done();
  });
});
