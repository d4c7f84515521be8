// The small pure pieces of the app: config validation, commands, push relevance, startup refusal, the queue.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runBenchmark } from "../../src/app/benchmark";
import { mayCommand, parseCommand } from "../../src/app/commands";
import { inConfigTerms, parseAppConfig, toMigrationOptions } from "../../src/app/config";
import { pushIsRelevant } from "../../src/app/index";
import { RepositoryQueue } from "../../src/app/queue";
import { startupEnv, startupProblem } from "../../src/app/startup";
import { Project } from "../../src/engine/project";
import { defaultOptions } from "../../src/engine/types";

describe("config", () => {
  test("advice naming CLI flags is reworded with the config file's settings; esbuild flags are left alone", () => {
    expect(inConfigTerms("Download it, or rerun with --llrt-layer-arn <arn>.")).toBe("Download it, or set `llrtLayerArn: <arn>` in .github/llrt-migrate.yml.");
    expect(inConfigTerms("Set it or rerun with --llrt-layer-arn.")).toBe("Set it or set `llrtLayerArn: <arn>` in .github/llrt-migrate.yml.");
    expect(inConfigTerms("To move it anyway, rerun with --migrate-unchecked and bundle it.")).toBe("To move it anyway, set `migrateUnchecked: true` in .github/llrt-migrate.yml and bundle it.");
    expect(inConfigTerms("Choose `--variant full-sdk` (it embeds this client), or bundle it (esbuild --platform=browser, keep it out of --external)"))
      .toBe("Choose `variant: full-sdk` in .github/llrt-migrate.yml (it embeds this client), or bundle it (esbuild --platform=browser, keep it out of --external)");
    expect(inConfigTerms("Put the LLRT bootstrap in the package instead (--llrt-delivery bootstrap).")).toBe("Put the LLRT bootstrap in the package instead (`llrtDelivery: bootstrap` in .github/llrt-migrate.yml).");
    expect(inConfigTerms("Memory size chosen with --memory.")).toBe("Memory size chosen with `memory` in .github/llrt-migrate.yml.");
  });

  test("no file means the defaults, mapped onto MigrationOptions", () => {
    const parsed = parseAppConfig(null);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.config).toMatchObject({ enabled: true, draft: false, benchmark: { enabled: false, coldStarts: 10, warmInvokes: 20 } });
    expect(toMigrationOptions(parsed.config)).toEqual({ arch: "arm64", variant: "std", llrtDelivery: "layer", llrtLayerArn: undefined, memory: undefined, exclude: [], rules: [], skipRules: [], migrateUnchecked: false });
  });

  test("rules and skipRules select rules by name; an unknown name is one line naming the key", () => {
    const parsed = parseAppConfig({ skipRules: ["module-format"] });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(toMigrationOptions(parsed.config)).toMatchObject({ rules: [], skipRules: ["module-format"] });
    expect(parseAppConfig({ rules: ["handler-asink"] })).toEqual({ ok: false, error: ".github/llrt-migrate.yml: rules: unknown rule(s) handler-asink (llrt-migrate --list-rules lists them)" });
    expect(toMigrationOptions({ ...parsed.config, migrateUnchecked: true }).migrateUnchecked).toBe(true);
  });

  test("invalid values and unknown keys give one line naming the key", () => {
    expect(parseAppConfig({ variant: "turbo" })).toEqual({ ok: false, error: expect.stringMatching(/^\.github\/llrt-migrate\.yml: variant: /) });
    expect(parseAppConfig({ benchmark: { coldStarts: 0 } })).toEqual({ ok: false, error: expect.stringMatching(/^\.github\/llrt-migrate\.yml: benchmark\.coldStarts: /) });
    expect(parseAppConfig({ enabeld: false })).toEqual({ ok: false, error: expect.stringContaining('"enabeld"') });
  });

  test("the hash changes with the effective config, not with key order or _extends", () => {
    const hash = (raw: unknown) => (parseAppConfig(raw) as { hash: string }).hash;
    expect(hash({ arch: "x86_64", draft: true })).toBe(hash({ draft: true, arch: "x86_64", _extends: ".github" }));
    expect(hash({ arch: "x86_64" })).not.toBe(hash({ arch: "arm64" }));
    expect(hash({})).toBe(hash(null));
  });
});

describe("commands", () => {
  test("the first /llrt-migrate line names the command; other words are not commands", () => {
    expect(parseCommand("/llrt-migrate rebase")).toBe("rebase");
    expect(parseCommand("thanks!\n  /llrt-migrate Recreate please")).toBe("recreate");
    expect(parseCommand("/llrt-migrate merge")).toBeUndefined();
    expect(parseCommand("please run /llrt-migrate rebase")).toBeUndefined();
  });

  test("only members, owners and collaborators may command", () => {
    expect(["OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR", "NONE"].map(mayCommand)).toEqual([true, true, true, false, false]);
  });
});

test("a push matters when it touches code, templates, manifests or the config, not docs or workflows", () => {
  const push = (...modified: string[]) => [{ added: [], removed: [], modified }];
  expect(pushIsRelevant(push("src/orders.mjs"))).toBe(true);
  expect(pushIsRelevant(push(".github/llrt-migrate.yml"))).toBe(true);
  expect(pushIsRelevant(push("README.md", "docs/a.png"))).toBe(false);
  expect(pushIsRelevant(push(".github/workflows/ci.yml"))).toBe(false);
  expect(pushIsRelevant(Array.from({ length: 20 }, () => push("README.md")[0]))).toBe(true);
});

test("startup refuses a missing, default or short secret outside development", () => {
  const base = { APP_ID: "1", PRIVATE_KEY: "k" };
  expect(startupProblem({ ...base })).toMatch(/WEBHOOK_SECRET is not set/);
  expect(startupProblem({ ...base, WEBHOOK_SECRET: "development" })).toMatch(/WEBHOOK_SECRET is not set/);
  expect(startupProblem({ ...base, WEBHOOK_SECRET: "short" })).toMatch(/shorter than 16/);
  expect(startupProblem({ WEBHOOK_SECRET: "x".repeat(32) })).toMatch(/APP_ID and PRIVATE_KEY/);
  expect(startupProblem({ ...base, WEBHOOK_SECRET: "x".repeat(32) })).toBeUndefined();
  expect(startupProblem({ NODE_ENV: "development" })).toBeUndefined();
});

test("startup checks the environment Probot runs with: the .env file it loads wins over the process's", () => {
  const dir = mkdtempSync(join(tmpdir(), "llrt-migrate-env-"));
  try {
    expect(startupProblem(startupEnv({ NODE_ENV: "production" }, dir))).toMatch(/WEBHOOK_SECRET is not set/);
    // What Probot's setup page writes when the app is registered.
    writeFileSync(join(dir, ".env"), `APP_ID=1\nPRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\\nk\\n-----END RSA PRIVATE KEY-----\\n"\nWEBHOOK_SECRET=${"x".repeat(32)}\n`);
    const env = startupEnv({ NODE_ENV: "production", WEBHOOK_SECRET: "development" }, dir);
    expect(env.WEBHOOK_SECRET).toBe("x".repeat(32));
    expect(startupProblem(env)).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("RepositoryQueue", () => {
  const silent = { error: () => {} };

  test("runs jobs of one repository one at a time, other repositories in parallel, and merges waiting jobs", async () => {
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const queue = new RepositoryQueue<{ repo: string; n: number[] }>(
      async (job) => {
        log.push(`start ${job.repo} ${job.n.join("+")}`);
        if (job.n[0] === 1) await gate;
        log.push(`end ${job.repo} ${job.n.join("+")}`);
      },
      (a, b) => ({ repo: a.repo, n: [...a.n, ...b.n] }),
      silent,
    );
    const tick = () => new Promise((r) => setTimeout(r, 10));
    queue.enqueue("acme/a", "d1", { repo: "a", n: [1] });
    queue.enqueue("acme/b", "d4", { repo: "b", n: [4] });
    await tick();
    // Job 1 is running (held by the gate): 2 and 3 wait behind it and become one run.
    queue.enqueue("acme/a", "d2", { repo: "a", n: [2] });
    queue.enqueue("acme/a", "d3", { repo: "a", n: [3] });
    await tick();
    expect(log).toEqual(["start a 1", "start b 4", "end b 4"]);
    release();
    await queue.idle();
    expect(log).toEqual(["start a 1", "start b 4", "end b 4", "end a 1", "start a 2+3", "end a 2+3"]);
  });

  test("a delivery id is accepted once per repository, and a failing job does not stop the next", async () => {
    const ran: string[] = [];
    const errors: string[] = [];
    const queue = new RepositoryQueue<string>(
      async (job) => {
        if (job === "boom") throw new Error("boom");
        ran.push(job);
      },
      () => undefined,
      { error: (_o, msg) => errors.push(msg) },
    );
    expect(queue.enqueue("acme/a", "d1", "boom")).toBe(true);
    expect(queue.enqueue("acme/a", "d1", "again")).toBe(false);
    expect(queue.enqueue("acme/a", "d2", "ok")).toBe(true);
    await queue.idle();
    expect(ran).toEqual(["ok"]);
    expect(errors).toEqual(["llrt-migrate job failed"]);
  });
});

describe("benchmark decision", () => {
  const input = { repo: { owner: "acme", repo: "lambdas" }, before: new Project(), after: new Project(), functions: [] as any[], options: defaultOptions };
  const settings = { enabled: true, region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/bench", coldStarts: 3, warmInvokes: 3 };
  const fnList = [{ name: "A" }] as any[];

  test("says why it did not run", async () => {
    const assumeRole = async () => ({ accessKeyId: "a", secretAccessKey: "b" });
    const runner = { run: async () => "table" };
    expect(await runBenchmark({ ...settings, enabled: false }, input, { runner, assumeRole })).toMatchObject({ ran: false, reason: expect.stringMatching(/^Benchmark not run: add `benchmark:/) });
    expect(await runBenchmark({ ...settings, roleArn: undefined }, input, { runner, assumeRole })).toMatchObject({ ran: false, reason: expect.stringContaining("roleArn") });
    expect(await runBenchmark(settings, { ...input, functions: fnList }, { assumeRole })).toMatchObject({ ran: false, reason: expect.stringContaining("no benchmark runner") });
    const denied = async () => { throw new Error("AccessDenied"); };
    expect(await runBenchmark(settings, { ...input, functions: fnList }, { runner, assumeRole: denied })).toEqual({
      ran: false, reason: "Benchmark not run: could not assume `arn:aws:iam::123456789012:role/bench` (AccessDenied).",
    });
    expect(await runBenchmark(settings, { ...input, functions: fnList }, { runner, assumeRole })).toEqual({ ran: true, table: "table" });
  });
});
