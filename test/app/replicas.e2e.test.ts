// Two App server processes on one real redis-server (REDIS_URL), against the stand-in GitHub API:
// a replica killed with SIGKILL in the middle of a job leaves it to the other, which finishes it with
// exactly one PR on the dead replica's commit; pushes for several repositories delivered to both
// replicas, each twice, end with one PR per repository and one app commit each.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { AppProcess } from "./app-process";
import { loadFakeRepo, payload } from "./fake-repo";
import { FakeGitHub } from "./fake-github";
import { redisMissing, startRedis } from "./redis-server";
import type { RedisServer } from "./redis-server";

const branch = "llrt-migrate/runtime";
const secret = randomBytes(32).toString("hex");
const files = Object.fromEntries(loadFakeRepo().files.map((f) => [f.path, f.content]));
let redis: RedisServer;
let github: FakeGitHub;
const apps: AppProcess[] = [];

function pushBody(repo: string): string {
  const body = payload("push");
  body.repository = { ...body.repository, name: repo, full_name: `acme/${repo}` };
  return JSON.stringify(body);
}

/** A replica: short locks so a dead replica's job is taken over in seconds, not the default 30. */
async function replica(env: Record<string, string> = {}): Promise<AppProcess> {
  const app = await AppProcess.start(github.url, secret, { REDIS_URL: redis.url, LLRT_MIGRATE_QUEUE_LOCK_MS: "2000", ...env });
  apps.push(app);
  return app;
}

describe.skipIf(redisMissing)("replicas on one Redis", () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.stop()));
    await github.stop();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  test("a replica killed mid-job: the other finishes it, with one PR on the commit already made", async () => {
    github = new FakeGitHub();
    const repo = github.addRepo("acme", "lambdas", files);
    await github.start();
    const a = await replica();

    // A reads the repository; GitHub holds that answer until B is up, so B is running when A dies.
    let bUp!: () => void;
    const bStarted = new Promise<void>((resolve) => (bUp = resolve));
    let readSeen = false;
    github.hold = (req) => (req.method === "GET" && /\/git\/trees\//.test(req.path) && !readSeen ? ((readSeen = true), bStarted) : undefined);
    // A dies right after GitHub created the branch on its commit (and before it could open the PR).
    let killedAt: string | undefined;
    github.fault = (req) => {
      if (killedAt || req.method !== "POST" || !req.path.endsWith("/git/refs")) return undefined;
      killedAt = req.body.sha;
      a.child.kill("SIGKILL");
      return { status: 502, after: true };
    };

    expect((await a.deliver("push", pushBody("lambdas"), secret)).status).toBe(200);
    await a.waitFor("A to read the repository", () => (readSeen ? true : undefined));
    const b = await replica();
    bUp();
    await b.waitFor("B to finish the job", () => (b.output.includes('"outcome":"opened"') ? true : undefined));

    expect(a.child.signalCode).toBe("SIGKILL");
    expect(killedAt).toBeDefined();
    expect(repo.openPulls()).toHaveLength(1);
    expect(github.calls("POST", /\/pulls$/)).toHaveLength(1);
    // B recognised A's commit as the app's own: no second commit, no comment about someone else's work.
    expect(repo.refs.get(`heads/${branch}`)).toBe(killedAt);
    expect(github.calls("POST", /\/git\/commits$/)).toHaveLength(1);
    expect(repo.comments).toEqual([]);
    expect(repo.checkRuns).toHaveLength(1);
  });

  test("pushes for several repositories, delivered to both replicas and redelivered: one PR and one commit per repository", async () => {
    github = new FakeGitHub();
    const names = ["r1", "r2", "r3"];
    const repos = names.map((name) => github.addRepo("acme", name, files));
    await github.start();
    // One job at a time per replica: while one works on a repository, the other takes the next.
    const [a, b] = await Promise.all([replica({ LLRT_MIGRATE_QUEUE_CONCURRENCY: "1" }), replica({ LLRT_MIGRATE_QUEUE_CONCURRENCY: "1" })]);

    const deliveries = names.flatMap((name) => [0, 1].map(() => ({ name, id: randomUUID() })));
    const answers = await Promise.all(
      deliveries.flatMap(({ name, id }) => [a, b].map((app) => app.deliver("push", pushBody(name), secret, { delivery: id }))),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);

    const opened = () => (a.output + b.output).split('"outcome":"opened"').length - 1;
    await a.waitFor("a PR per repository", () => (opened() === names.length ? true : undefined), 120_000);
    // What is left (the merged second push per repository) settles.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const repo of repos) {
      expect(repo.pulls).toHaveLength(1);
      expect(repo.checkRuns).toHaveLength(1);
    }
    expect(github.calls("POST", /\/git\/commits$/)).toHaveLength(names.length);
    expect(opened()).toBe(names.length);
    // Both replicas did work (each logs the runs it finished).
    expect(a.output).toContain('"msg":"llrt-migrate run finished"');
    expect(b.output).toContain('"msg":"llrt-migrate run finished"');
  });
});
