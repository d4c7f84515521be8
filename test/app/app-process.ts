// Test support: the App's real server (`src/app/server.ts`, what `npm start` runs from dist) as a child
// process, pointed at a stand-in GitHub API (GHE_HOST), and signed webhook deliveries to it over HTTP.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { privateKey } from "./fake-repo";
import { freePort } from "./redis-server";

const root = join(import.meta.dirname, "../..");

export class AppProcess {
  output = "";
  readonly url: string;
  private constructor(
    readonly child: ChildProcess,
    port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    child.stdout!.on("data", (d) => (this.output += d));
    child.stderr!.on("data", (d) => (this.output += d));
  }

  /**
   * Starts the server (from source, or `args` such as `["dist/app.js"]`) with Probot's environment for
   * `apiUrl` plus `env`, and waits until it answers.
   */
  static async start(apiUrl: string, secret: string, env: Record<string, string> = {}, args = ["--import", "tsx", "src/app/server.ts"]): Promise<AppProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        APP_ID: "123",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: secret,
        GHE_HOST: new URL(apiUrl).host,
        GHE_PROTOCOL: "http",
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_LEVEL: "debug",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const app = new AppProcess(child, port);
    await app.waitFor("the app to listen", async () => {
      try {
        return (await fetch(`${app.url}/ping`)).ok || undefined;
      } catch {
        return undefined;
      }
    });
    return app;
  }

  // Generous: from source, the migration worker thread loads the engine through tsx (seconds on loaded cores).
  async waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
    const until = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > until || this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`timed out waiting for ${what}; app output:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Posts a webhook signed with `secret` (or a given signature); the delivery id is new unless given. */
  async deliver(event: string, body: string, secret: string, options: { signature?: string; delivery?: string } = {}) {
    const started = Date.now();
    const res = await fetch(`${this.url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": options.delivery ?? randomUUID(),
        "x-hub-signature-256": options.signature ?? (await sign(secret, body)),
      },
      body,
    });
    return { status: res.status, ms: Date.now() - started };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
