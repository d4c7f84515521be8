// The whole AWS path through the real SDK clients; nock plays Lambda and STS, nothing leaves the machine.
import { unzipSync } from "fflate";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AwsBenchConfig } from "../../src/bench/aws";
import { awsClients, cleanupLeftovers, runAwsBenchmark } from "../../src/bench/aws";
import { defaultEvent } from "../../src/bench/event";
import { defaultPricing } from "../../src/bench/pricing";
import { loadTarget } from "../../src/bench/target";
import type { BenchTarget } from "../../src/bench/target";
import { account, fakeAwsEnvironment, fakeLambda, lambdaHost, region, stsIdentity } from "./fake-aws";

const savedEnv = { ...process.env };

beforeAll(() => {
  // Fake credentials from the environment: the SDK never looks for real ones (files, SSO, IMDS).
  fakeAwsEnvironment();
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  process.env = savedEnv;
  nock.enableNetConnect();
});

let target: BenchTarget;
beforeAll(async () => {
  target = await loadTarget("fixtures/projects/sam-app", "HelloFunction");
});

const config = (over: Partial<AwsBenchConfig> = {}): AwsBenchConfig => ({
  region,
  roleArn: `arn:aws:iam::${account}:role/bench-role`,
  allowAccounts: [account],
  arch: "arm64",
  memoryMb: 128,
  nodeRuntime: "nodejs22.x",
  llrt: { bootstrap: new TextEncoder().encode("#!/bin/sh\necho fake llrt\n") },
  event: defaultEvent,
  cold: 5,
  warm: 6,
  pricing: defaultPricing,
  ...over,
});

const created = (log: string[]) => log.filter((l) => l.startsWith("create ")).map((l) => l.slice(7));
const deleted = (log: string[]) => log.filter((l) => l.startsWith("delete ")).map((l) => l.slice(7));

describe("runAwsBenchmark", () => {
  it("deploys both functions, forces cold starts, invokes with Tail logs, reports and deletes both", async () => {
    stsIdentity();
    const lambda = fakeLambda();
    const creates: Record<string, any>[] = [];
    lambda.scope.on("request", (_req, _interceptor, body) => {
      if (body && body.includes('"FunctionName"') && body.includes('"Code"')) creates.push(JSON.parse(body));
    });
    const progress: number[] = [];
    const result = await runAwsBenchmark(target, config(), { ...awsClients(region), onProgress: (done) => progress.push(done) });

    const names = created(lambda.log);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^llrt-migrate-bench-HelloFunction-[0-9a-f]{8}-node$/);
    expect(names[1]).toBe(names[0].replace(/-node$/, "-llrt"));
    expect(deleted(lambda.log).sort()).toEqual([...names].sort());
    expect(lambda.functions.size).toBe(0);

    // What was created: runtimes, handler, architecture, tag, and the zips' contents.
    const [node, llrt] = creates;
    expect(node).toMatchObject({ Runtime: "nodejs22.x", Handler: "index.handler", Architectures: ["arm64"], MemorySize: 128, Tags: { "llrt-migrate-bench": "true" } });
    expect(llrt).toMatchObject({ Runtime: "provided.al2023", Handler: "index.handler", Architectures: ["arm64"], Tags: { "llrt-migrate-bench": "true" } });
    const nodeZip = unzipSync(Buffer.from(node.Code.ZipFile, "base64"));
    const llrtZip = unzipSync(Buffer.from(llrt.Code.ZipFile, "base64"));
    expect(Object.keys(nodeZip)).toEqual(["index.mjs"]);
    expect(Object.keys(llrtZip).sort()).toEqual(["bootstrap", "index.mjs"]);
    expect(new TextDecoder().decode(llrtZip.bootstrap)).toContain("fake llrt");
    expect(new TextDecoder().decode(llrtZip["index.mjs"])).toMatch(/export\s*\{[^}]*handler/);

    // 4 forced cold starts per side (the first invoke after creation is cold by itself), 11 invokes each, all with Tail logs.
    expect(lambda.log.filter((l) => l.startsWith(`update ${names[0]}`))).toHaveLength(4);
    expect(lambda.log.filter((l) => l.startsWith(`invoke ${names[1]}`))).toHaveLength(11);
    expect(lambda.log.filter((l) => l.startsWith("invoke")).every((l) => l.endsWith(" Tail"))).toBe(true);
    expect(progress).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));

    expect(result.mode).toBe("aws");
    expect(result.node.cold?.n).toBe(5);
    expect(result.node.warm?.n).toBe(6);
    expect(result.node.cold!.p50).toBeGreaterThan(140);
    expect(result.llrt.cold!.max).toBeLessThan(80);
    expect(result.llrt.memoryMb!.max).toBeLessThanOrEqual(30);
    expect(result.comparisons.find((c) => c.metric === "cold")).toMatchObject({ verdict: "better" });
    expect(result.comparisons.find((c) => c.metric === "memory")).toMatchObject({ verdict: "better" });
    expect(result.node.costPerMillionUsd).toBeGreaterThan(0.2);
  });

  it("deletes both functions when an invoke fails halfway, and says why in one line", async () => {
    stsIdentity();
    const lambda = fakeLambda((op, name, fn) =>
      op === "invoke" && name.endsWith("-llrt") && fn!.invokes === 2 ? [403, "AccessDeniedException", { message: "User is not authorized to perform: lambda:InvokeFunction" }] : undefined,
    );
    const run = runAwsBenchmark(target, config(), awsClients(region));
    await expect(run).rejects.toThrow(/^AWS refused invoking llrt-migrate-bench-HelloFunction-[0-9a-f]{8}-llrt \(AccessDeniedException\): User is not authorized/);
    const names = created(lambda.log);
    expect(names).toHaveLength(2);
    expect(deleted(lambda.log).sort()).toEqual([...names].sort());
    expect(lambda.functions.size).toBe(0);
  });

  it("deletes both functions on Ctrl-C and exits with 130", async () => {
    stsIdentity();
    const before = process.listeners("SIGINT");
    const pressCtrlC = () => {
      for (const listener of process.listeners("SIGINT").filter((l) => !before.includes(l))) (listener as () => void)();
    };
    const lambda = fakeLambda((op, name, fn) => {
      if (op === "invoke" && name.endsWith("-node") && fn!.invokes === 1) pressCtrlC();
      return undefined;
    });
    let exitCode: number | undefined;
    const exited = new Promise<void>((resolve) => {
      const run = runAwsBenchmark(target, config(), { ...awsClients(region), handleSigint: true, exit: (code) => { exitCode = code; resolve(); } });
      run.catch(() => {});
    });
    await exited;
    expect(exitCode).toBe(130);
    const names = created(lambda.log);
    expect(names).toHaveLength(2);
    expect(deleted(lambda.log).sort()).toEqual([...names].sort());
    // No invoke started after the interrupt, and the handler is gone afterwards.
    expect(lambda.log.filter((l) => l.startsWith("invoke"))).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(process.listeners("SIGINT")).toEqual(before);
  });

  it("retries a throttled call and carries on", async () => {
    stsIdentity();
    let throttled = 0;
    const lambda = fakeLambda((op) => (op === "create" && throttled++ === 0 ? [429, "TooManyRequestsException", { message: "Rate exceeded", Type: "User" }] : undefined));
    const result = await runAwsBenchmark(target, config({ cold: 1, warm: 1 }), awsClients(region));
    expect(lambda.log.filter((l) => l.startsWith("create"))).toHaveLength(3);
    expect(result.llrt.cold?.n).toBe(1);
    expect(lambda.functions.size).toBe(0);
  });

  it("does not delete a function that already existed, but deletes its own", async () => {
    stsIdentity();
    const lambda = fakeLambda((op, name) =>
      op === "create" && name.endsWith("-llrt") ? [409, "ResourceConflictException", { message: `Function already exist: ${name}` }] : undefined,
    );
    await expect(runAwsBenchmark(target, config(), awsClients(region))).rejects.toThrow(/^creating function llrt-migrate-bench-.*-llrt: Function already exist: .* \(ResourceConflictException\)$/);
    expect(deleted(lambda.log)).toEqual([created(lambda.log)[0]]);
  });

  it("refuses a role in an account that is not allowed, before any Lambda call", async () => {
    const lambda = fakeLambda();
    await expect(runAwsBenchmark(target, config({ roleArn: "arn:aws:iam::999999999999:role/x" }), awsClients(region))).rejects.toThrow(
      "refusing to deploy: the role's account 999999999999 is not in --allow-account (123456789012)",
    );
    expect(lambda.log).toEqual([]);
  });

  it("refuses credentials of an account that is not allowed", async () => {
    stsIdentity("999999999999");
    const lambda = fakeLambda();
    await expect(runAwsBenchmark(target, config(), awsClients(region))).rejects.toThrow(
      "refusing to deploy: the credentials belong to account 999999999999, not in --allow-account (123456789012)",
    );
    expect(lambda.log).toEqual([]);
  });
});

describe("cleanupLeftovers", () => {
  it("deletes only functions with our prefix and our tag", async () => {
    const tags: Record<string, Record<string, string>> = {
      "llrt-migrate-bench-Hello-1a2b3c4d-node": { "llrt-migrate-bench": "true" },
      "llrt-migrate-bench-lookalike": { team: "x" },
    };
    const deletedNames: string[] = [];
    nock(lambdaHost)
      .get("/2015-03-31/functions")
      .query(true)
      .reply(200, { Functions: [{ FunctionName: "orders-prod" }, { FunctionName: "llrt-migrate-bench-lookalike" }], NextMarker: "page2" })
      .get("/2015-03-31/functions")
      .query({ Marker: "page2" })
      .reply(200, { Functions: [{ FunctionName: "llrt-migrate-bench-Hello-1a2b3c4d-node" }] })
      .get(/\/2015-03-31\/functions\/llrt-migrate-bench-[^/]+$/)
      .times(2)
      .reply((uri) => [200, { Configuration: {}, Tags: tags[uri.split("/").pop()!] }])
      .delete(/\/2015-03-31\/functions\/[^/]+$/)
      .reply((uri) => {
        deletedNames.push(uri.split("/").pop()!);
        return [204, ""];
      });
    expect(await cleanupLeftovers(awsClients(region).lambda)).toEqual(["llrt-migrate-bench-Hello-1a2b3c4d-node"]);
    expect(deletedNames).toEqual(["llrt-migrate-bench-Hello-1a2b3c4d-node"]);
  });
});
