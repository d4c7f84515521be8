// Local mode for real: runtime processes, the emulator on 127.0.0.1, the sample's handler under Node.js.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultEvent } from "../../src/bench/event";
import { noLlrtBinary, runLocalBenchmark } from "../../src/bench/local";
import { nodeBootstrapFile, nodeBootstrapSource } from "../../src/bench/node-bootstrap";
import type { BenchTarget } from "../../src/bench/target";
import { loadTarget } from "../../src/bench/target";

const scratch = mkdtempSync(join(tmpdir(), "bench-local-test-"));

/** A one-file project with its own handler, for the failure paths. */
function tinyTarget(code: string): BenchTarget {
  const root = mkdtempSync(join(scratch, "project-"));
  writeFileSync(join(root, "app.mjs"), code);
  return {
    root,
    fn: { name: "Tiny", source: "heuristic", file: "app.mjs", handler: "app.handler", entry: "app.mjs", runtime: { before: null, after: null }, verdict: "ready" },
    exportName: "handler",
    migrated: new Map(),
  };
}

describe("runLocalBenchmark", () => {
  it("runs the sample's HelloFunction under Node.js through the emulator and reports plausible figures", async () => {
    const target = await loadTarget("fixtures/projects/sam-app", "HelloFunction");
    const result = await runLocalBenchmark(target, { event: defaultEvent, cold: 3, warm: 10 });

    expect(result.mode).toBe("local");
    expect(result.function).toEqual({ name: "HelloFunction", entry: "src/hello.mjs", handler: "hello.handler" });
    const { node, llrt } = result;
    expect(node.measured).toBe(true);
    expect(node.runtime).toBe(`node ${process.version}`);
    expect(node.cold?.n).toBe(3);
    expect(node.warm?.n).toBe(10);
    // Starting Node.js and loading a tiny handler takes tens of ms, not microseconds and not seconds.
    expect(node.cold!.p50).toBeGreaterThan(5);
    expect(node.cold!.p50).toBeLessThan(5000);
    expect(node.warm!.p50).toBeGreaterThan(0);
    expect(node.warm!.p50).toBeLessThan(node.cold!.p50);
    // One peak-RSS reading per process: a Node.js process holds tens of MB.
    expect(node.memoryMb?.n).toBe(3);
    expect(node.memoryMb!.p50).toBeGreaterThan(15);
    expect(node.memoryMb!.p50).toBeLessThan(500);

    // No LLRT binary here: the column says so and holds no numbers.
    expect(llrt).toEqual({ side: "llrt", runtime: "LLRT", measured: false, unavailable: noLlrtBinary, cold: null, warm: null, memoryMb: null });
    expect(result.comparisons.every((c) => c.verdict === "not compared")).toBe(true);
  });

  it("runs the given LLRT binary on the migrated bundle with the Lambda environment only", async () => {
    // A stand-in for the LLRT binary (none exists on this machine): it records its environment and
    // serves the Runtime API with our Node.js loop. It proves the wiring, not LLRT's speed.
    const envFile = join(scratch, "env.txt");
    const loop = join(scratch, nodeBootstrapFile);
    writeFileSync(loop, nodeBootstrapSource);
    const fakeLlrt = join(scratch, "fake-llrt");
    writeFileSync(fakeLlrt, `#!/bin/sh\nenv > ${envFile}\nls "$LAMBDA_TASK_ROOT" >> ${envFile}\nexec ${process.execPath} ${loop}\n`);
    chmodSync(fakeLlrt, 0o755);
    process.env.AWS_SECRET_ACCESS_KEY = "must-not-leak";
    try {
      const target = await loadTarget("fixtures/projects/sam-app", "OrdersFunction");
      const result = await runLocalBenchmark(target, { event: { body: '{"item":"tea"}' }, cold: 1, warm: 2, llrtBin: fakeLlrt });
      expect(result.llrt).toMatchObject({ measured: true, runtime: `llrt (${fakeLlrt})` });
      expect(result.llrt.cold?.n).toBe(1);
      expect(result.llrt.warm?.n).toBe(2);
    } finally {
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
    const env = readFileSync(envFile, "utf8");
    expect(env).toMatch(/^AWS_LAMBDA_RUNTIME_API=127\.0\.0\.1:\d+$/m);
    expect(env).toMatch(/^_HANDLER=index\.handler$/m);
    expect(env).toMatch(/^LAMBDA_HANDLER=index\.handler$/m);
    expect(env).toMatch(/^LAMBDA_TASK_ROOT=.*\/llrt$/m);
    expect(env).toMatch(/^index\.mjs$/m);
    expect(env).not.toContain("must-not-leak");
  });

  it("says in one line when the LLRT binary dies before answering", async () => {
    const broken = join(scratch, "broken-llrt");
    writeFileSync(broken, "#!/bin/sh\necho 'llrt: cannot load index.mjs' >&2\nexit 3\n");
    chmodSync(broken, 0o755);
    const target = tinyTarget("export const handler = async () => 1;\n");
    await expect(runLocalBenchmark(target, { event: {}, cold: 1, warm: 0, llrtBin: broken })).rejects.toThrow(
      `llrt (${broken}) exited (code 3) before responding: llrt: cannot load index.mjs`,
    );
  });

  it("reports a handler that throws", async () => {
    const target = tinyTarget('export const handler = async () => { throw new TypeError("no table"); };\n');
    await expect(runLocalBenchmark(target, { event: {}, cold: 1, warm: 0 })).rejects.toThrow(
      `node ${process.version}: the function failed (Runtime.UnhandledError): no table`,
    );
  });

  it("reports a module that fails to load through /init/error", async () => {
    const target = tinyTarget('throw new Error("missing config");\nexport const handler = async () => 1;\n');
    await expect(runLocalBenchmark(target, { event: {}, cold: 1, warm: 0 })).rejects.toThrow(
      `node ${process.version} failed to start (Runtime.ImportModuleError): missing config`,
    );
  });
});
