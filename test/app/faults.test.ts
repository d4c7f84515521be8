// The app against the stateful stand-in GitHub API (fake-github.ts) with injected faults: a person
// pushing mid-run, writes that took effect but answered 5xx, a run that stopped halfway, copied
// markers in the repository's code. Each test looks at what the repository holds afterwards.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { parseAppConfig } from "../../src/app/config";
import type { AppOptions } from "../../src/app/index";
import { loadApp } from "./fake-app";
import type { JobResult } from "./fake-app";
import { loadFakeRepo, payload } from "./fake-repo";
import { FakeGitHub } from "./fake-github";
import type { ApiRequest, FakeRepository, Fault } from "./fake-github";
import { markers } from "./github-mock";

const branch = "llrt-migrate/runtime";
let github: FakeGitHub;
let repo: FakeRepository;
let app: Awaited<ReturnType<typeof loadApp>>;
let jobs: JobResult[];

async function load(options: AppOptions = {}) {
  app = await loadApp(github, options);
  jobs = app.jobs;
}

let deliveries = 0;
async function push() {
  const body = payload("push");
  body.after = repo.refs.get("heads/main");
  await app.receive("push", body, `d${++deliveries}`);
}

/** A new commit on main that changes what the migration produces. */
function changeMain(n: number) {
  // HelloFunction's handler (a file the template names), so that the migration has something new to do.
  repo.push("main", { "src/hello.mjs": `export const handler = (event, context, callback) => callback(null, ${n});\n` }, `change ${n}`);
}

/** Injects `fault` on the first `times` requests matching method and path. */
function failOn(method: string, path: RegExp, fault: Fault | ((req: ApiRequest) => Fault | undefined), times = 1) {
  let left = times;
  github.fault = (req) => {
    if (left <= 0 || req.method !== method || !path.test(req.path)) return undefined;
    const f = typeof fault === "function" ? fault(req) : fault;
    if (f) left--;
    return f;
  };
}

beforeEach(async () => {
  github = new FakeGitHub();
  const files = Object.fromEntries(loadFakeRepo().files.map((f) => [f.path, f.content]));
  repo = github.addRepo("acme", "lambdas", files);
  await github.start();
  await load();
});

afterEach(async () => {
  await github.stop();
});

describe("the branch moves by compare-and-swap", () => {
  test("a person's commit pushed while the app migrates is kept, and reported once", async () => {
    await push();
    expect(jobs).toEqual([{ outcome: "opened" }]);
    changeMain(1);
    let human = "";
    // The person pushes after the app checked the branch head and before it moves the branch.
    failOn("POST", /\/git\/commits$/, () => ((human = repo.push(branch, { "NOTES.md": "my work\n" })), undefined));
    await push();

    expect(jobs[1]).toEqual({ outcome: "human-commit" });
    expect(repo.refs.get(`heads/${branch}`)).toBe(human);
    expect(repo.comments.filter((c) => c.body.includes("did not make"))).toHaveLength(1);
    // Later pushes leave it alone and do not comment again.
    changeMain(2);
    await push();
    expect(jobs[2]).toEqual({ outcome: "human-commit" });
    expect(repo.refs.get(`heads/${branch}`)).toBe(human);
    expect(repo.comments.filter((c) => c.body.includes("did not make"))).toHaveLength(1);
  });

  test("a run that stopped after moving the branch is completed by the next one, not taken for a person's work", async () => {
    // The first run dies before it opens the PR (the check run cannot be created).
    failOn("POST", /\/check-runs$/, { status: 400, body: { message: "stopped" } });
    await push();
    expect(jobs[0].error).toBeDefined();
    const head = repo.refs.get(`heads/${branch}`);
    expect(head).toBeDefined();
    expect(repo.pulls).toHaveLength(0);

    await push();
    expect(jobs[1]).toEqual({ outcome: "opened" });
    expect(repo.openPulls()).toHaveLength(1);
    expect(repo.refs.get(`heads/${branch}`)).toBe(head); // same changes: its own commit is reused
    expect(repo.checkRuns.filter((r) => r.head_sha === head)).toHaveLength(1);
    expect(repo.comments).toEqual([]);
  });

  test("a run that stopped after opening the PR but before recording its state resumes without a comment", async () => {
    await push();
    changeMain(1);
    // The PR update (which carries the new state) fails after the branch moved.
    failOn("PATCH", /\/pulls\/\d+$/, { status: 400, body: { message: "stopped" } });
    await push();
    expect(jobs[1].error).toBeDefined();
    const moved = repo.refs.get(`heads/${branch}`)!;

    await push();
    expect(jobs[2]).toEqual({ outcome: "updated" });
    expect(repo.refs.get(`heads/${branch}`)).toBe(moved);
    expect(markers.readState(repo.pulls[0].body)?.commit).toBe(moved);
    expect(repo.comments).toEqual([]);
  });
});

describe("writes that took effect but answered with an error are not repeated", () => {
  test("a 502 after the PR was created: one PR, with its check run", async () => {
    failOn("POST", /\/pulls$/, { status: 502, after: true });
    await push();
    expect(jobs).toEqual([{ outcome: "opened" }]);
    expect(repo.pulls).toHaveLength(1);
    expect(markers.readState(repo.pulls[0].body)).toBeDefined();
    expect(repo.checkRuns).toHaveLength(1);
  });

  test("a 502 after the check run was created: one check run", async () => {
    failOn("POST", /\/check-runs$/, { status: 502, after: true });
    await push();
    expect(jobs).toEqual([{ outcome: "opened" }]);
    expect(repo.checkRuns).toHaveLength(1);
    expect(repo.pulls).toHaveLength(1);
  });

  test("a 502 after the branch was moved: the move is recognised, not reported as someone else's", async () => {
    await push();
    changeMain(1);
    failOn("PATCH", /\/git\/refs\//, { status: 502, after: true });
    await push();
    expect(jobs[1]).toEqual({ outcome: "updated" });
    expect(markers.readState(repo.pulls[0].body)?.commit).toBe(repo.refs.get(`heads/${branch}`));
    expect(repo.comments).toEqual([]);
  });

  test("a 502 after a comment was posted: one comment", async () => {
    await push();
    repo.push(branch, { "NOTES.md": "mine\n" });
    changeMain(1);
    failOn("POST", /\/issues\/\d+\/comments$/, { status: 502, after: true });
    await push();
    expect(jobs[1]).toEqual({ outcome: "human-commit" });
    expect(repo.comments).toHaveLength(1);
  });
});

describe("no orders from repository content", () => {
  test("a state marker copied into the code (and so into an excerpt) is ignored", async () => {
    await push();
    const real = repo.pulls[0].body;
    // Someone pastes the app's marker, even a validly signed one, into a handler's comment.
    const copied = real.split("\n").pop()!.replace(/"base":"[0-9a-f]+"/, `"base":"${"9".repeat(40)}"`);
    const validCopy = markers.stateMarker({ ...markers.readState(real)!, commit: "d".repeat(40) });
    repo.push("main", {
      "src/orders.mjs": `${repo.files("main")["src/orders.mjs"]}\n// ${copied}\n// ${validCopy}\nrequire('vm'); // ${validCopy}\n`,
    });
    await push();
    expect(jobs[1]).toEqual({ outcome: "updated" });
    const body = repo.pulls[0].body;
    expect(body.match(/llrt-migrate:state/g)!.length).toBeGreaterThan(1); // the copies are quoted in an excerpt
    expect(markers.readState(body)?.commit).toBe(repo.refs.get(`heads/${branch}`));
    expect(body.trimEnd().split("\n").pop()).toMatch(/^<!-- llrt-migrate:state /);
    // A third push with the same inputs is recognised as unchanged, not frozen on the copied commit.
    await push();
    expect(jobs[2]).toEqual({ outcome: "unchanged" });
    expect(repo.comments).toEqual([]);
  });
});

describe("rate limits and budgets", () => {
  test.each([
    ["403 secondary rate limit", 403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."],
    ["429 too many requests", 429, "Too many requests"],
  ])("a %s with retry-after: the job runs again later and completes", async (_name, status, message) => {
    failOn("POST", /\/pulls$/, { status, body: { message }, headers: { "retry-after": "1" } });
    await push();
    expect(jobs).toEqual([{ outcome: "opened" }]);
    expect(repo.openPulls()).toHaveLength(1);
    expect(repo.checkRuns).toHaveLength(1);
    expect(github.calls("POST", /\/pulls$/)).toHaveLength(2);
  });

  test("a migration over its time budget (run in the worker thread) ends with a neutral check run saying what to narrow", async () => {
    await load({ migrate: undefined, budget: { timeoutMs: 1, maxMemoryMb: 256 } });
    await push();
    expect(jobs).toEqual([{ outcome: "over-budget" }]);
    expect(repo.checkRuns).toHaveLength(1);
    expect(repo.checkRuns[0]).toMatchObject({ head_sha: repo.refs.get("heads/main"), conclusion: "neutral" });
    expect(repo.checkRuns[0].output.title).toBe("Migration over its time budget: nothing was migrated");
    expect(repo.checkRuns[0].output.summary).toMatch(/Narrow `paths` or add `exclude`/);
    expect(repo.refs.has(`heads/${branch}`)).toBe(false);
  });

  test("a migration over its memory budget ends the same way, and the app goes on", async () => {
    // Enough source that the engine's ASTs outgrow a 16 MB heap.
    const big = Array.from({ length: 4000 }, (_, i) => `export const f${i} = (event, context, callback) => { callback(null, { i: ${i}, s: "${"x".repeat(40)}" }); };`).join("\n");
    for (let i = 0; i < 8; i++) repo.push("main", { [`src/big${i}.mjs`]: big });
    await load({ migrate: undefined, budget: { timeoutMs: 120_000, maxMemoryMb: 16 } });
    await push();
    expect(jobs).toEqual([{ outcome: "over-budget" }]);
    expect(repo.checkRuns[0].output.title).toBe("Migration over its memory budget: nothing was migrated");
  }, 120_000);
});

describe("bytes and limits", () => {
  test("a config key __proto__ (or constructor, prototype) is an error, not silently dropped", async () => {
    repo.config = "__proto__:\n  enabled: false\n";
    await push();
    repo.config = "benchmark:\n  constructor:\n    enabled: false\n";
    changeMain(1);
    await push();
    expect(jobs).toEqual([{ outcome: "invalid-config" }, { outcome: "invalid-config" }]);
    for (const run of repo.checkRuns) expect(run.output.summary).toMatch(/^\.github\/llrt-migrate\.yml: .*(__proto__|constructor|not an object)/);
    // Parsed some other way (JSON keeps `__proto__` as an own key), the validation names the key.
    expect(parseAppConfig(JSON.parse('{"__proto__": {"enabled": false}}'))).toEqual({ ok: false, error: ".github/llrt-migrate.yml: __proto__: this key is not allowed" });
    expect(parseAppConfig(JSON.parse('{"benchmark": {"prototype": {}}}'))).toEqual({ ok: false, error: ".github/llrt-migrate.yml: benchmark.prototype: this key is not allowed" });
    expect(repo.pulls).toEqual([]);
  });

  test("a tree path with `..` or a leading `/` is refused: nothing is read or written", async () => {
    const main = repo.commits.get(repo.refs.get("heads/main")!)!;
    const entries = repo.trees.get(main.tree)!;
    entries.push({ ...entries[0], path: "src/../../etc/handler.mjs" });
    await push();
    expect(jobs).toEqual([{ outcome: "too-large" }]);
    expect(repo.checkRuns[0].output.summary).toContain('"src/../../etc/handler.mjs"');
    expect(github.calls("GET", /\/git\/blobs\//)).toEqual([]);
    expect(repo.refs.has(`heads/${branch}`)).toBe(false);
  });

  test("a tree entry without a size is not downloaded", async () => {
    const main = repo.commits.get(repo.refs.get("heads/main")!)!;
    const orders = repo.trees.get(main.tree)!.find((e) => e.path === "src/orders.mjs")!;
    delete (orders as { size?: number }).size;
    await push();
    expect(jobs).toEqual([{ outcome: "opened" }]);
    expect(github.calls("GET", new RegExp(`/git/blobs/${orders.sha}$`))).toEqual([]);
  });

  test("files not read (too large, binary, no size, a link) are listed in the check run, and the body says so", async () => {
    repo.push("main", {
      "src/huge.mjs": `export const data = "${"x".repeat(4096)}";\n`,
      "src/blob.js": "\u0000\u0001binary",
      "src/@octocat`<b>.js": "\u0000",
    });
    const main = repo.commits.get(repo.refs.get("heads/main")!)!;
    const entries = repo.trees.get(main.tree)!;
    delete (entries.find((e) => e.path === "src/orders.mjs") as { size?: number }).size;
    entries.push({ ...entries.find((e) => e.path === "src/hello.mjs")!, path: "src/link.mjs", mode: "120000" });
    await load({ limits: { maxFiles: 1000, maxFileBytes: 4000 } });
    await push();
    expect(jobs).toEqual([{ outcome: "opened" }]);
    const summary: string = repo.checkRuns[0].output.summary;
    expect(summary).toContain("**5 file(s) not read**, so nothing in them was checked or changed:");
    expect(summary).toContain("- `src/huge.mjs`: 4120 bytes, over the 4000-byte limit per file");
    expect(summary).toContain("- `src/blob.js`: binary content (a NUL byte) despite its name");
    expect(summary).toContain("- ``src/@octocat`<b>.js``: binary content");
    expect(summary).toContain("- `src/orders.mjs`: GitHub gave no size, so it was not downloaded");
    expect(summary).toContain("- `src/link.mjs`: a symbolic link (not followed)");
    expect(repo.pulls[0].body).toContain("5 file(s) were not read (too large, binary or a link), so nothing in them was checked or changed: the check run lists them.");
  });
});
