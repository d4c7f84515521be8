// End to end: the real server process (`src/app/server.ts`, what `npm start` runs from dist) receives
// signed webhooks over HTTP and talks to a small GitHub API served by this test on 127.0.0.1
// (GHE_HOST/GHE_PROTOCOL point Probot at it). The PR it creates must carry the migrated files.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadFakeRepo, payload, privateKey } from "./fake-repo";
import { FakeGitHub } from "./fake-github";

const root = join(import.meta.dirname, "../..");
const secret = randomBytes(32).toString("hex");
const github = new FakeGitHub();
const repo = github.addRepo("acme", "lambdas", Object.fromEntries(loadFakeRepo().files.map((f) => [f.path, f.content])));
const received = github.requests;

let app: ChildProcess;
let appUrl: string;
let appOutput = "";

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// Generous: from source, the migration worker thread loads the engine through tsx (seconds on loaded cores).
async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until || app.exitCode !== null) throw new Error(`timed out waiting for ${what}; app output:\n${appOutput}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startApp(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/app/server.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (appOutput += d));
  child.stderr!.on("data", (d) => (appOutput += d));
  return child;
}

beforeAll(async () => {
  const apiPort = new URL(await github.start()).port;
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  app = startApp({
    NODE_ENV: "production",
    APP_ID: "123",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    GHE_HOST: `127.0.0.1:${apiPort}`,
    GHE_PROTOCOL: "http",
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "debug",
  });
  await waitFor("the app to listen", async () => {
    try {
      return (await fetch(`${appUrl}/ping`)).ok || undefined;
    } catch {
      return undefined;
    }
  });
});

afterAll(async () => {
  app?.kill("SIGTERM");
  await github.stop();
});

async function deliver(body: string, signature: string) {
  const started = Date.now();
  const res = await fetch(`${appUrl}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "push",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": signature,
    },
    body,
  });
  return { status: res.status, ms: Date.now() - started };
}

test("a signed push opens a PR with the migrated files; a badly signed one is refused", async () => {
  const body = JSON.stringify(payload("push"));

  const forged = await deliver(body, await sign("not-the-secret", body));
  expect(forged.status).toBe(400);
  // One clear line says why, without a stack trace or the (untrusted) payload.
  const refused = await waitFor("the refusal in the log", () => {
    const lines = appOutput.split("\n").filter((line) => line.includes("signature does not match"));
    return lines.length ? lines : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(appOutput.split("\n").filter((line) => line.includes("signature does not match"))).toEqual(refused);
  expect(refused).toHaveLength(1);
  expect(refused[0]).toContain("WEBHOOK_SECRET");
  expect(appOutput).not.toContain('"stack"');
  expect(appOutput).not.toContain('"payload"');

  const real = await deliver(body, await sign(secret, body));
  expect(real.status).toBe(200);
  // The webhook is answered before the migration runs (GitHub wants an answer within 10 s).
  expect(real.ms).toBeLessThan(5_000);

  const pull = await waitFor("the pull request", () => received.find((r) => r.method === "POST" && r.path.endsWith("/pulls")));
  await waitFor("the check run", () => received.find((r) => r.path.endsWith("/check-runs")));
  await waitFor("the job to finish", () => (appOutput.includes('"outcome":"opened"') ? true : undefined));

  expect(pull.body).toMatchObject({ head: "llrt-migrate/runtime", base: "main" });
  const tree = received.find((r) => r.method === "POST" && r.path.endsWith("/git/trees"))!.body;
  const files = Object.fromEntries(tree.tree.map((e: any) => [e.path, e.content]));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(["src/orders.mjs", "template.yaml"]));
  expect(Object.keys(files).some((p) => p.startsWith(".github/workflows/"))).toBe(false);
  expect(files["src/orders.mjs"]).toContain("return json(201, { id, item: order.item });");
  expect(files["template.yaml"]).toContain("Runtime: provided.al2023");
  const commit = received.find((r) => r.method === "POST" && r.path.endsWith("/git/commits"))!.body;
  expect(commit.parents).toEqual([repo.refs.get("heads/main")]);
  expect(commit.author).toBeUndefined();

  // Only one delivery did work: the forged one never reached a handler.
  expect(received.filter((r) => r.method === "POST" && r.path.endsWith("/pulls"))).toHaveLength(1);
  expect(repo.openPulls()).toHaveLength(1);
  expect(repo.checkRuns).toHaveLength(1);
  // Nothing secret in the logs, even at debug level.
  // Request bodies (the repository's files) are not logged either.
  expect(appOutput).toMatch(/GitHub request: POST \S+\/repos\/acme\/lambdas\/git\/trees - 201/);
  expect(appOutput).not.toContain("item: order.item");
  for (const secretText of [secret, "ghs_fake", privateKey.split("\n")[1]]) expect(appOutput).not.toContain(secretText);
  expect(appOutput).not.toContain('"stack"');
});

test("refuses to start in production without a real WEBHOOK_SECRET", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/app/server.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", APP_ID: "123", PRIVATE_KEY: privateKey },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(1);
  expect(stderr.trim()).toBe("llrt-migrate app: WEBHOOK_SECRET is not set; refusing to start (set NODE_ENV=development to run locally without one).");
});
