// The queue shared by App replicas (REDIS_URL set): BullMQ on Redis. Every delivery becomes one
// BullMQ job (its id from the delivery id and the repository, so a redelivery adds nothing), and its
// request is appended to the repository's pending list. A job runs only while it holds the
// repository's lock; it takes the whole pending list (merging what can be merged) and runs it. A
// job that finds the lock taken waits (delayed), one that finds the list already taken by an earlier
// job ends at once: that is how waiting runs merge.
//
// Surviving a replica killed mid-job: the taken list is kept under `running` until its runs are done,
// the lock expires when its holder stops renewing it, and BullMQ moves the dead replica's job back
// to the waiting list (its stalled-job check), so another replica takes the lock and reruns the list.
// Reruns are safe because every step of a run looks at GitHub before it writes.
import { createHash, randomUUID } from "node:crypto";
import { DelayedError, Queue, Worker } from "bullmq";
import type { Job as BullJob } from "bullmq";
import { Redis } from "ioredis";
import type { QueueLogger, WorkQueue } from "./queue";

export interface RedisQueueOptions<T> {
  url: string;
  /** BullMQ queue name, also the prefix of the app's own keys (tests use one per run). */
  name?: string;
  /** Runs one request; an error fails the BullMQ job, which is retried with backoff. */
  work(request: T): Promise<void>;
  merge(waiting: T, incoming: T): T | undefined;
  log: QueueLogger;
  /**
   * How long a job and a repository lock outlive a replica that stopped renewing them (SIGKILL,
   * lost network) before another replica takes over: LLRT_MIGRATE_QUEUE_LOCK_MS, default 30 s.
   */
  lockMs?: number;
  /** Jobs one replica runs at the same time (different repositories): LLRT_MIGRATE_QUEUE_CONCURRENCY, default 4. */
  concurrency?: number;
  /** Attempts per job before it fails for good, with exponential backoff from `backoffMs`. */
  attempts?: number;
  backoffMs?: number;
}

/** LLRT_MIGRATE_QUEUE_LOCK_MS and LLRT_MIGRATE_QUEUE_CONCURRENCY, when set to positive numbers. */
export function redisQueueFromEnv(env: NodeJS.ProcessEnv): Pick<RedisQueueOptions<unknown>, "lockMs" | "concurrency"> {
  const number = (value: string | undefined) => (value && Number(value) > 0 ? Number(value) : undefined);
  return { lockMs: number(env.LLRT_MIGRATE_QUEUE_LOCK_MS), concurrency: number(env.LLRT_MIGRATE_QUEUE_CONCURRENCY) };
}

interface QueuedJob {
  key: string;
}

/** How long delivery ids are remembered (GitHub lets users redeliver for 3 days). */
const deliveryTtlSeconds = 3 * 24 * 3600;

// Moves the pending list to `running` unless a run list is already there (left by a replica that
// died): atomic, so a request appended meanwhile lands in a new pending list for a later job.
const takeScript = `
if redis.call("EXISTS", KEYS[2]) == 0 then
  if redis.call("EXISTS", KEYS[1]) == 0 then return nil end
  redis.call("RENAME", KEYS[1], KEYS[2])
end
return redis.call("LRANGE", KEYS[2], 0, -1)`;

// Renews or releases the lock only while this job still holds it.
const renewScript = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) end return 0`;
const releaseScript = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;

const hashed = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);

export class RedisRepositoryQueue<T> implements WorkQueue<T> {
  private readonly redis: Redis;
  private readonly queue: Queue<QueuedJob>;
  private readonly worker: Worker<QueuedJob>;
  private readonly name: string;
  private readonly lockMs: number;
  private readonly attempts: number;

  constructor(private readonly options: RedisQueueOptions<T>) {
    this.name = options.name ?? "llrt-migrate";
    this.lockMs = options.lockMs ?? 30_000;
    this.attempts = options.attempts ?? 5;
    // BullMQ's blocking worker connection needs maxRetriesPerRequest: null.
    const connection = () => new Redis(options.url, { maxRetriesPerRequest: null });
    this.redis = connection();
    this.queue = new Queue(this.name, { connection: connection() });
    this.worker = new Worker<QueuedJob>(this.name, (job, token) => this.process(job, token), {
      connection: connection(),
      concurrency: options.concurrency ?? 4,
      lockDuration: this.lockMs,
      stalledInterval: Math.max(1000, Math.round(this.lockMs / 2)),
      // A job whose replica died twice is still rerun: the run list stays until a job finishes it.
      maxStalledCount: 3,
    });
    this.worker.on("failed", (job, error) => options.log.error({ err: error, repository: job?.data.key, attempt: job?.attemptsMade }, "llrt-migrate job failed"));
    const redisError = (error: unknown) => options.log.error({ err: error }, "llrt-migrate queue: Redis error");
    this.redis.on("error", redisError);
    this.queue.on("error", redisError);
    this.worker.on("error", redisError);
  }

  private keys(key: string) {
    const base = `${this.name}:repo:${key}`;
    return { pending: `${base}:pending`, running: `${base}:running`, lock: `${base}:lock` };
  }

  async enqueue(key: string, deliveryId: string, request: T): Promise<boolean> {
    const fresh = await this.redis.set(`${this.name}:delivery:${hashed(deliveryId, key)}`, "1", "EX", deliveryTtlSeconds, "NX");
    if (fresh === null) return false;
    // The request first, then its job: a job never starts before the request it is for is there.
    await this.redis.rpush(this.keys(key).pending, JSON.stringify(request));
    await this.queue.add("run", { key }, {
      jobId: hashed(deliveryId, key),
      attempts: this.attempts,
      backoff: { type: "exponential", delay: this.options.backoffMs ?? 10_000 },
      removeOnComplete: { age: deliveryTtlSeconds, count: 10_000 },
      removeOnFail: { age: deliveryTtlSeconds },
    });
    return true;
  }

  private async process(job: BullJob<QueuedJob>, token: string | undefined): Promise<void> {
    const keys = this.keys(job.data.key);
    const holder = randomUUID();
    const locked = await this.redis.set(keys.lock, holder, "PX", this.lockMs, "NX");
    if (locked === null) {
      // Another replica (or job) is working on this repository: try again shortly.
      await job.moveToDelayed(Date.now() + Math.min(2000, this.lockMs / 4), token);
      throw new DelayedError();
    }
    const renew = setInterval(() => void this.redis.eval(renewScript, 1, keys.lock, holder, this.lockMs).catch(() => undefined), this.lockMs / 3);
    try {
      const taken = (await this.redis.eval(takeScript, 2, keys.pending, keys.running)) as string[] | null;
      if (!taken) return; // merged into a job that ran before this one
      const requests = mergeAll(taken.map((text) => JSON.parse(text) as T), this.options.merge);
      try {
        for (const request of requests) await this.options.work(request);
      } catch (error) {
        // The last attempt drops the run list, so a request that always fails does not block the repository.
        if (job.attemptsMade + 1 >= this.attempts) await this.redis.del(keys.running);
        throw error;
      }
      await this.redis.del(keys.running);
    } finally {
      clearInterval(renew);
      await this.redis.eval(releaseScript, 1, keys.lock, holder);
    }
  }

  /** Resolves when no job is waiting, delayed or running in the shared queue (tests). */
  async idle(): Promise<void> {
    for (;;) {
      const counts = await this.queue.getJobCounts("waiting", "delayed", "active", "prioritized");
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Finishes the running jobs, then disconnects. */
  async close(): Promise<void> {
    await this.worker.close();
    await this.queue.close();
    this.redis.disconnect();
  }
}

/** Adjacent requests merged where `merge` allows, in their order. */
function mergeAll<T>(requests: T[], merge: (waiting: T, incoming: T) => T | undefined): T[] {
  const merged: T[] = [];
  for (const request of requests) {
    const last = merged.at(-1);
    const combined = last === undefined ? undefined : merge(last, request);
    if (combined === undefined) merged.push(request);
    else merged[merged.length - 1] = combined;
  }
  return merged;
}
