// LLRT-shaped mode: the migrated code on Node.js with what LLRT lacks made to fail, from the
// compatibility tables. Each handler uses one missing API at run time; the run must fail naming it,
// while what LLRT has (crypto.createHash, process.env) keeps working.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalAwsEndpoint } from "../../src/verify/aws-endpoint";
import { buildLlrtShape } from "../../src/verify/llrt-shape";
import type { SideRuntime } from "../../src/verify/run-side";
import { runSide } from "../../src/verify/run-side";
import { repoRoot } from "../helpers";

let aws: LocalAwsEndpoint;
let awsUrl: string;
beforeAll(async () => {
  aws = new LocalAwsEndpoint();
  awsUrl = await aws.start();
});
afterAll(() => aws.close());

const shaped: SideRuntime = { kind: "llrt-shaped", shape: buildLlrtShape() };
const run = (code: string, runtime: SideRuntime = shaped) =>
  runSide({ code, exportName: "handler", runtime, events: [{}], aws, awsUrl, fallbackRoots: [repoRoot], timeoutMs: 20_000, graceMs: 0 });

describe("LLRT-shaped mode", () => {
  it.each([
    ["crypto.createCipheriv", `import crypto from "node:crypto";\nexport const handler = async () => crypto.createCipheriv("aes-256-cbc", Buffer.alloc(32), Buffer.alloc(16)).final("hex");`],
    ["crypto.createCipheriv", `import { createCipheriv } from "crypto";\nexport const handler = async () => createCipheriv("aes-256-cbc", Buffer.alloc(32), Buffer.alloc(16)).final("hex");`],
    ["process.memoryUsage", `export const handler = async () => process.memoryUsage().heapUsed;`],
    ["the module 'http'", `export const handler = async () => (await import("node:http")).createServer().listening;`],
  ])("a handler using %s at run time fails, naming it", async (api, code) => {
    const [shapedRun, nodeRun] = await Promise.all([run(code), run(code, { kind: "node" })]);
    expect(nodeRun.invocations[0].outcome).toHaveProperty("result");
    const outcome = shapedRun.invocations[0].outcome;
    expect(outcome).toMatchObject({ error: { type: "LlrtUnsupportedError" } });
    expect("error" in outcome && outcome.error.message).toContain(`${api} is not available in LLRT v0.8.1-beta`);
  }, 60_000);

  it("a static import of a module LLRT lacks fails to load; what LLRT has keeps working", async () => {
    const [http, fine] = await Promise.all([
      run(`import { createServer } from "node:http";\nexport const handler = async () => typeof createServer;`),
      run(`import { createHash } from "node:crypto";\nexport const handler = async () => [createHash("sha256").update("x").digest("hex").length, typeof process.env.AWS_REGION];`),
    ]);
    expect(http.loadError).toMatch(/the module 'http' is not available in LLRT v0\.8\.1-beta: LLRT has no http module/);
    expect(fine.invocations[0].outcome).toEqual({ result: [64, "string"] });
  }, 60_000);
});
