// The default benchmark runner: the repository goes to a temporary directory, each changed function
// becomes a bench target with its migrated files, the sandbox role's account is the only one allowed.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { awsBenchmarkRunner, maxBenchmarkedFunctions } from "../../src/app/aws-benchmark";
import type { BenchmarkRequest } from "../../src/app/benchmark";
import type { AwsBenchConfig } from "../../src/bench/aws";
import type { BenchTarget } from "../../src/bench/target";
import type { BenchmarkResult } from "../../src/bench/types";
import { Project } from "../../src/engine/project";
import { defaultOptions } from "../../src/engine/types";
import type { LambdaFunction } from "../../src/engine/types";

const fn = (name: string, runtime: string): LambdaFunction => ({
  name, source: "sam", file: "template.yaml", handler: `${name}.handler`, entry: `src/${name}.mjs`, runtime: { before: runtime, after: "provided.al2023" }, verdict: "ready",
});

function request(functions: LambdaFunction[], layer = "arn:aws:lambda:eu-west-1:123456789012:layer:llrt:3"): BenchmarkRequest {
  const before = new Project([["src/a.mjs", "export const handler = (e, c, cb) => cb(null, 1);\n"], ["template.yaml", "Runtime: nodejs18.x\n"]]);
  const after = before.clone();
  after.write("src/a.mjs", "export const handler = async () => 1;\n");
  return {
    repo: { owner: "acme", repo: "lambdas" }, before, after, functions,
    options: { ...defaultOptions, llrtLayerArn: layer },
    settings: { enabled: true, region: "eu-west-1", roleArn: "arn:aws:iam::123456789012:role/bench", coldStarts: 4, warmInvokes: 6 },
    credentials: { accessKeyId: "AKIA", secretAccessKey: "s", sessionToken: "t" },
  };
}

test("each changed function is benchmarked from a temporary copy with its migrated files, at most three", async () => {
  const calls: Array<{ target: BenchTarget; config: AwsBenchConfig; onDisk: string; migrated: string | undefined }> = [];
  const runner = awsBenchmarkRunner(async (target, config) => {
    calls.push({ target, config, onDisk: readFileSync(join(target.root, "src/a.mjs"), "utf8"), migrated: target.migrated.get(join(target.root, "src/a.mjs")) });
    const side = (name: "node" | "llrt") => ({ side: name, runtime: name, measured: true, cold: null, warm: null, memoryMb: null });
    const result: BenchmarkResult = {
      mode: "aws", function: { name: target.fn.name, entry: target.fn.entry, handler: target.fn.handler }, arch: config.arch, region: config.region,
      startedAt: "2026-01-01T00:00:00Z", requested: { cold: config.cold, warm: config.warm }, node: side("node"), llrt: side("llrt"), comparisons: [], notes: [],
    };
    return result;
  });
  const fns = ["a", "b", "c", "d"].map((n, i) => fn(n, i === 0 ? "nodejs20.x" : "nodejs18.x"));
  const out = await runner.run(request(fns));

  expect(calls.map((c) => c.target.fn.name)).toEqual(["a", "b", "c"].slice(0, maxBenchmarkedFunctions));
  expect(calls[0].onDisk).toContain("cb(null, 1)"); // the original on disk...
  expect(calls[0].migrated).toBe("export const handler = async () => 1;\n"); // ...the migrated text from memory
  expect(calls[0].config).toMatchObject({ region: "eu-west-1", allowAccounts: ["123456789012"], nodeRuntime: "nodejs20.x", cold: 4, warm: 6, llrt: { layerArn: "arn:aws:lambda:eu-west-1:123456789012:layer:llrt:3" } });
  expect(calls[1].config.nodeRuntime).toBe("nodejs22.x"); // nodejs18.x can no longer be created
  expect(out).toContain("#### Benchmark: a (AWS Lambda, eu-west-1, arm64)"); // the bench module's table
  expect(out).toContain("Not benchmarked (at most 3 functions per run): d.");
  expect(existsSync(calls[0].target.root)).toBe(false); // temporary copy removed
});

test("without an LLRT layer ARN it refuses with a clear reason", async () => {
  const runner = awsBenchmarkRunner(async () => { throw new Error("must not deploy"); });
  await expect(runner.run(request([fn("a", "nodejs20.x")], ""))).rejects.toThrow(/needs `llrtLayerArn`/);
});
