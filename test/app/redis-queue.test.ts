// The queue App replicas share, against a real redis-server: two queue instances on one Redis play
// two replicas. One job at a time per repository across both, waiting runs merged, a delivery
// accepted once, repositories in parallel, a failed run retried with its request kept.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { RedisRepositoryQueue } from "../../src/app/redis-queue";
import type { RedisQueueOptions } from "../../src/app/redis-queue";
import { redisMissing, startRedis } from "./redis-server";
import type { RedisServer } from "./redis-server";

interface Request {
  repo: string;
  n: number[];
}

let redis: RedisServer;
const open: Array<RedisRepositoryQueue<Request>> = [];

function replica(name: string, work: (r: Request) => Promise<void>, extra: Partial<RedisQueueOptions<Request>> = {}) {
  const queue = new RedisRepositoryQueue<Request>({
    url: redis.url,
    name,
    work,
    merge: (waiting, incoming) => ({ repo: waiting.repo, n: [...waiting.n, ...incoming.n] }),
    log: { error: () => undefined },
    lockMs: 2000,
    ...extra,
  });
  open.push(queue);
  return queue;
}

const until = async (what: string, check: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe.skipIf(redisMissing)("the Redis queue", () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  test("two replicas: one run at a time per repository, waiting runs merged, a delivery once, repositories in parallel", async () => {
    const name = `t${randomUUID()}`;
    const ran: Request[] = [];
    const active = new Map<string, number>();
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const work = async (r: Request) => {
      const now = (active.get(r.repo) ?? 0) + 1;
      active.set(r.repo, now);
      most = Math.max(most, now);
      if (r.n[0] === 1) await gate; // the first run of acme/a holds its repository
      ran.push(r);
      active.set(r.repo, active.get(r.repo)! - 1);
    };
    const a = replica(name, work);
    const b = replica(name, work);

    expect(await a.enqueue("acme/a", "d1", { repo: "acme/a", n: [1] })).toBe(true);
    await until("the first run to start", () => active.get("acme/a") === 1);
    expect(await a.enqueue("acme/a", "d2", { repo: "acme/a", n: [2] })).toBe(true);
    expect(await b.enqueue("acme/a", "d3", { repo: "acme/a", n: [3] })).toBe(true);
    // A redelivery, to the other replica: accepted once across both.
    expect(await b.enqueue("acme/a", "d1", { repo: "acme/a", n: [1] })).toBe(false);
    expect(await b.enqueue("acme/b", "d4", { repo: "acme/b", n: [4] })).toBe(true);
    // acme/b does not wait for acme/a.
    await until("acme/b to run", () => ran.some((r) => r.repo === "acme/b"));
    expect(ran.some((r) => r.repo === "acme/a")).toBe(false);

    release();
    await until("every run", () => ran.length === 3);
    await a.idle();
    expect(ran).toEqual([
      { repo: "acme/b", n: [4] },
      { repo: "acme/a", n: [1] },
      // The two runs that waited became one.
      { repo: "acme/a", n: [2, 3] },
    ]);
    expect(most).toBe(1);
  });

  test("a run that fails is retried with backoff, its request kept", async () => {
    const name = `t${randomUUID()}`;
    const attempts: Request[] = [];
    const a = replica(name, async (r) => {
      attempts.push(r);
      if (attempts.length === 1) throw new Error("GitHub answered 502");
    }, { backoffMs: 50, attempts: 3 });
    await a.enqueue("acme/a", "d1", { repo: "acme/a", n: [1] });
    await until("the retry", () => attempts.length === 2);
    await a.idle();
    expect(attempts).toEqual([{ repo: "acme/a", n: [1] }, { repo: "acme/a", n: [1] }]);
  });

  test("a run that always fails is dropped after its last attempt and does not block the repository", async () => {
    const name = `t${randomUUID()}`;
    const ran: Request[] = [];
    const a = replica(name, async (r) => {
      ran.push(r);
      if (r.n.includes(1)) throw new Error("always");
    }, { backoffMs: 20, attempts: 2 });
    await a.enqueue("acme/a", "d1", { repo: "acme/a", n: [1] });
    await until("both attempts", () => ran.length === 2);
    await a.idle();
    await a.enqueue("acme/a", "d2", { repo: "acme/a", n: [2] });
    await until("the next run", () => ran.length === 3);
    expect(ran.at(-1)).toEqual({ repo: "acme/a", n: [2] });
  });
});
