// Work that outlives the webhook response. Jobs run one at a time per repository (two deliveries
// never race on the same branch), a delivery id is accepted once, and a job still waiting for its
// turn absorbs later requests for the same repository instead of queuing a duplicate run.

export interface QueueLogger {
  error(obj: object, msg: string): void;
}

/** What the app needs from a queue: this in-process one, or the Redis one replicas share (redis-queue.ts). */
export interface WorkQueue<T> {
  /** False when the delivery was seen before for this key. */
  enqueue(key: string, deliveryId: string, request: T): boolean | Promise<boolean>;
  /** Resolves when no job is left (tests, graceful shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface Pending<T> {
  request: T;
}

export class RepositoryQueue<T> implements WorkQueue<T> {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, Pending<T>>();
  private readonly seen = new Set<string>();
  private readonly running = new Set<Promise<void>>();

  /**
   * @param work runs one request; errors are logged, never thrown at the webhook
   * @param merge combines a waiting request with a new one for the same repository, or returns
   *   undefined when they cannot be combined (the new one then waits behind it)
   * @param maxDeliveries how many delivery ids to remember for de-duplication
   */
  constructor(
    private readonly work: (request: T) => Promise<void>,
    private readonly merge: (waiting: T, incoming: T) => T | undefined,
    private readonly log: QueueLogger,
    private readonly maxDeliveries = 5000,
  ) {}

  /** Returns false when the delivery was seen before (GitHub redelivers; users click "Redeliver"). */
  enqueue(key: string, deliveryId: string, request: T): boolean {
    const deliveryKey = `${deliveryId}:${key}`;
    if (this.seen.has(deliveryKey)) return false;
    this.remember(deliveryKey);

    const waiting = this.waiting.get(key);
    const merged = waiting && this.merge(waiting.request, request);
    if (waiting && merged) {
      waiting.request = merged;
      return true;
    }
    const pending: Pending<T> = { request };
    this.waiting.set(key, pending);
    const previous = this.tails.get(key) ?? Promise.resolve();
    const job = previous.then(async () => {
      if (this.waiting.get(key) === pending) this.waiting.delete(key);
      try {
        await this.work(pending.request);
      } catch (error) {
        this.log.error({ err: error, repository: key }, "llrt-migrate job failed");
      }
    });
    this.tails.set(key, job);
    this.running.add(job);
    void job.finally(() => {
      this.running.delete(job);
      if (this.tails.get(key) === job) this.tails.delete(key);
    });
    return true;
  }

  /** Resolves when every queued job has finished (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  async close(): Promise<void> {
    await this.idle();
  }

  private remember(deliveryKey: string): void {
    this.seen.add(deliveryKey);
    // Sets iterate in insertion order: drop the oldest.
    if (this.seen.size > this.maxDeliveries) this.seen.delete(this.seen.values().next().value!);
  }
}
