// End to end: the real server process (`src/app/server.ts`, what `npm start` runs from dist) receives
// signed webhooks over HTTP and talks to a small GitHub API served by this test on 127.0.0.1
// (GHE_HOST/GHE_PROTOCOL point Probot at it). The PR it creates must carry the migrated files.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, expect, test } from "vitest";
import { AppProcess } from "./app-process";
import { loadFakeRepo, payload, privateKey } from "./fake-repo";
import { FakeGitHub } from "./fake-github";

const root = join(import.meta.dirname, "../..");
const secret = randomBytes(32).toString("hex");
const github = new FakeGitHub();
const repo = github.addRepo("acme", "lambdas", Object.fromEntries(loadFakeRepo().files.map((f) => [f.path, f.content])));
const received = github.requests;

let app: AppProcess;

beforeAll(async () => {
  app = await AppProcess.start(await github.start(), secret);
});

afterAll(async () => {
  await app?.stop();
  await github.stop();
});

const deliver = (body: string, signature: string) => app.deliver("push", body, secret, { signature });

test("a signed push opens a PR with the migrated files; a badly signed one is refused", async () => {
  const body = JSON.stringify(payload("push"));

  const forged = await deliver(body, await sign("not-the-secret", body));
  expect(forged.status).toBe(400);
  // One clear line says why, without a stack trace or the (untrusted) payload.
  const refused = await app.waitFor("the refusal in the log", () => {
    const lines = app.output.split("\n").filter((line) => line.includes("signature does not match"));
    return lines.length ? lines : undefined;
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(app.output.split("\n").filter((line) => line.includes("signature does not match"))).toEqual(refused);
  expect(refused).toHaveLength(1);
  expect(refused[0]).toContain("WEBHOOK_SECRET");
  expect(app.output).not.toContain('"stack"');
  expect(app.output).not.toContain('"payload"');

  // The webhook is answered before the job's work runs (GitHub gives up after 10 s): GitHub's API
  // answers nothing until the webhook response has arrived, so a handler that did the work inline
  // would never answer.
  let answered!: () => void;
  const webhookAnswered = new Promise<void>((resolve) => (answered = resolve));
  const heldBeforeAnswer: string[] = [];
  let responded = false;
  github.hold = (req) => {
    if (!responded) heldBeforeAnswer.push(`${req.method} ${req.path}`);
    return webhookAnswered;
  };
  const real = await deliver(body, await sign(secret, body));
  responded = true;
  answered();
  expect(real.status).toBe(200);
  // At most the job's first request (its installation token) was waiting, unanswered.
  expect(heldBeforeAnswer.length).toBeLessThanOrEqual(1);
  github.hold = () => undefined;

  const pull = await app.waitFor("the pull request", () => received.find((r) => r.method === "POST" && r.path.endsWith("/pulls")));
  await app.waitFor("the check run", () => received.find((r) => r.path.endsWith("/check-runs")));
  await app.waitFor("the job to finish", () => (app.output.includes('"outcome":"opened"') ? true : undefined));

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
  expect(app.output).toMatch(/GitHub request: POST \S+\/repos\/acme\/lambdas\/git\/trees - 201/);
  expect(app.output).not.toContain("item: order.item");
  for (const secretText of [secret, "ghs_fake", privateKey.split("\n")[1]]) expect(app.output).not.toContain(secretText);
  expect(app.output).not.toContain('"stack"');
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
