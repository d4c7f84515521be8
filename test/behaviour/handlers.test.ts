// Callback handlers on SDK v2, run before and after the migration: fixtures/behaviour/<case>.input.js
// (CommonJS, SDK v2) must migrate to <case>.output.js (ESM, SDK v3), and both must give the same
// outcome for every event of <case>.events.json: the original invoked as Node's runtime does
// (with a callback and context.succeed/fail/done), the migrated one as LLRT does (event, context).
// AWS is a local endpoint on 127.0.0.1 (./local-aws.ts) that both SDKs talk to.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import { fixturePath, repoRoot } from "../helpers";
import { startLocalAws } from "./local-aws";

const run = promisify(execFile);
const dir = fixturePath("behaviour");
const cases = readdirSync(dir).flatMap((f) => /^(.*)\.input\.js$/.exec(f)?.[1] ?? []);
// Inside the repository so that both versions resolve `aws-sdk` and `@aws-sdk/*` from its node_modules.
const workDir = join(repoRoot, "node_modules", ".cache", "llrt-migrate-behaviour");

interface Invocation {
  export: string;
  event: unknown;
}

let aws: { endpoint: string; server: Server };
beforeAll(async () => {
  aws = await startLocalAws();
  mkdirSync(workDir, { recursive: true });
});
afterAll(() => {
  aws.server.close();
  rmSync(workDir, { recursive: true, force: true });
});

async function invoke(mode: "node" | "llrt", file: string, { export: name, event }: Invocation): Promise<unknown> {
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDLOCAL",
    AWS_SECRET_ACCESS_KEY: "local-secret",
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
  };
  const { stdout } = await run(process.execPath, [join(import.meta.dirname, "invoke.mjs"), mode, file, name, JSON.stringify(event)], { env, timeout: 20_000 });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "null");
}

describe.each(cases)("callback handler %s", (name) => {
  const input = readFileSync(join(dir, `${name}.input.js`), "utf8");
  const expected = readFileSync(join(dir, `${name}.output.js`), "utf8");
  const invocations = JSON.parse(readFileSync(join(dir, `${name}.events.json`), "utf8")) as Invocation[];

  it("migrates to the expected ESM + SDK v3 handler, and a second run changes nothing", async () => {
    const result = await migrateProject(new Project([["handler.js", input]]));
    const migrated = result.changes.find((c) => c.path === "handler.js")?.after;
    expect(migrated).toBe(expected);
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    const again = await migrateProject(new Project([["handler.js", expected]]));
    expect(again.changes).toEqual([]);
  });

  it.each(invocations.map((inv, i) => [i, inv] as const))("event %i: the migrated handler on LLRT's contract answers as the original did on Node's", async (i, invocation) => {
    const original = join(workDir, `${name}.cjs`);
    const migrated = join(workDir, `${name}.mjs`);
    writeFileSync(original, input);
    writeFileSync(migrated, expected);
    const before = await invoke("node", original, invocation);
    const after = await invoke("llrt", migrated, invocation);
    expect(before).not.toHaveProperty("timeout");
    expect(after).toEqual(before);
  });
});
