// A Lambda Runtime API emulator on 127.0.0.1: the endpoints and headers a custom runtime (LLRT's
// `bootstrap`, or our Node.js loop) talks to on Lambda. `invoke(event)` queues an event and resolves
// when the runtime posts the response or error, with timestamps for the benchmark.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

const prefix = "/2018-06-01/runtime";

export interface RuntimeError {
  errorType: string;
  body: string;
}

export interface InvocationOutcome {
  requestId: string;
  /** performance.now() when the runtime received the event from /invocation/next. */
  deliveredAt: number;
  /** performance.now() when the runtime posted the response or error. */
  finishedAt: number;
  /** The response body, when the function succeeded. */
  response?: string;
  error?: RuntimeError;
}

interface Pending {
  requestId: string;
  event: string;
  deadlineMs: number;
  deliveredAt?: number;
  resolve(outcome: InvocationOutcome): void;
}

export interface EmulatorOptions {
  functionName: string;
  /** Function timeout, for the Lambda-Runtime-Deadline-Ms header. */
  timeoutMs?: number;
  /** Called when a runtime reports /init/error. */
  onInitError?(error: RuntimeError): void;
  /** Called on every GET /invocation/next, with performance.now(). */
  onNext?(at: number): void;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

const send = (res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};

const traceId = () => `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, "").slice(0, 24)};Parent=${randomUUID().replace(/-/g, "").slice(0, 16)};Sampled=0`;

export class RuntimeApiEmulator {
  private readonly server: Server = createServer((req, res) => void this.route(req, res));
  /** Events not yet handed out, in order. */
  private readonly queue: Pending[] = [];
  /** Handed out, waiting for /response or /error. */
  private readonly inFlight = new Map<string, Pending>();
  /** GET /invocation/next requests waiting for an event (never timed out, as on Lambda). */
  private readonly waiting: ServerResponse[] = [];

  constructor(private readonly options: EmulatorOptions) {}

  /** Starts listening; returns the `host:port` for AWS_LAMBDA_RUNTIME_API. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.waiting.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  invoke(event: unknown): Promise<InvocationOutcome> {
    return new Promise((resolve) => {
      const pending: Pending = {
        requestId: randomUUID(),
        event: JSON.stringify(event),
        deadlineMs: Date.now() + (this.options.timeoutMs ?? 30_000),
        resolve,
      };
      this.queue.push(pending);
      this.dispatch();
    });
  }

  /** Forgets undelivered and unanswered invocations (after their runtime process died). */
  abandon(): void {
    this.queue.splice(0);
    this.inFlight.clear();
  }

  private dispatch(): void {
    while (this.queue.length && this.waiting.length) {
      const res = this.waiting.shift()!;
      if (res.destroyed || res.writableEnded) continue;
      const pending = this.queue.shift()!;
      pending.deliveredAt = performance.now();
      this.inFlight.set(pending.requestId, pending);
      res.writeHead(200, {
        "content-type": "application/json",
        "Lambda-Runtime-Aws-Request-Id": pending.requestId,
        "Lambda-Runtime-Deadline-Ms": String(pending.deadlineMs),
        "Lambda-Runtime-Invoked-Function-Arn": `arn:aws:lambda:us-east-1:000000000000:function:${this.options.functionName}`,
        "Lambda-Runtime-Trace-Id": traceId(),
      });
      res.end(pending.event);
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now();
    const path = (req.url ?? "").split("?")[0];
    if (req.method === "GET" && path === `${prefix}/invocation/next`) {
      this.options.onNext?.(arrivedAt);
      this.waiting.push(res);
      // A runtime killed while waiting leaves a closed socket: never hand an event to it.
      res.on("close", () => {
        const i = this.waiting.indexOf(res);
        if (i >= 0) this.waiting.splice(i, 1);
      });
      this.dispatch();
      return;
    }
    if (req.method !== "POST") return send(res, 405, { errorType: "MethodNotAllowed", errorMessage: `${req.method} ${path}` });
    const body = await readBody(req);
    if (path === `${prefix}/init/error`) {
      this.options.onInitError?.({ errorType: String(req.headers["lambda-runtime-function-error-type"] ?? "Runtime.Unknown"), body });
      return send(res, 202, { status: "OK" });
    }
    const match = new RegExp(`^${prefix}/invocation/([^/]+)/(response|error)$`).exec(path);
    if (!match) return send(res, 404, { errorType: "NotFound", errorMessage: `unknown path ${path}` });
    const pending = this.inFlight.get(match[1]);
    if (!pending) return send(res, 400, { errorType: "InvalidRequestID", errorMessage: `unknown request id ${match[1]}` });
    this.inFlight.delete(match[1]);
    const outcome: InvocationOutcome = { requestId: pending.requestId, deliveredAt: pending.deliveredAt!, finishedAt: arrivedAt };
    if (match[2] === "response") outcome.response = body;
    else outcome.error = { errorType: String(req.headers["lambda-runtime-function-error-type"] ?? "Runtime.Unknown"), body };
    send(res, 202, { status: "OK" });
    pending.resolve(outcome);
  }
}
