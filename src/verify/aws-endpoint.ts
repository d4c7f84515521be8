// One local AWS endpoint on 127.0.0.1 for both versions of a function: it records every request
// (service, operation, decoded parameters, when it arrived) and answers it (./aws-responses).
// Each runtime process is pointed at it (./runtime-preload redirects *.amazonaws.com there), so
// nothing leaves the machine and both versions see the same answers.
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { AwsCall } from "./aws-request";
import { decodeAwsRequest } from "./aws-request";
import type { AwsResponses } from "./aws-responses";
import { answerFor } from "./aws-responses";

export interface RecordedCall extends AwsCall {
  /** performance.now() when the request arrived. */
  at: number;
}

export class LocalAwsEndpoint {
  private readonly server: Server;
  private calls: RecordedCall[] = [];

  constructor(private readonly responses: AwsResponses = {}) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const call = decodeAwsRequest({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks) });
        this.calls.push({ ...call, at: performance.now() });
        const answer = answerFor(call, this.responses);
        res.writeHead(answer.status, { ...answer.headers, "content-length": String(Buffer.byteLength(answer.body)) });
        res.end(answer.body);
      });
    });
  }

  /** Starts listening; returns the endpoint URL (`http://127.0.0.1:<port>`). */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The calls recorded since the last take, in arrival order. */
  take(): RecordedCall[] {
    const taken = this.calls;
    this.calls = [];
    return taken;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
