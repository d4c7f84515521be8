// `llrt-migrate verify` as a user runs it (a child process) on fixtures/projects/verify-app: one
// function behaves the same after the migration, the other does not (its AWS call moves after the
// response when the callback handler becomes an async one).
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath, repoRoot } from "../helpers";

const bin = join(repoRoot, "bin", "llrt-migrate.js");
const project = fixturePath("projects", "verify-app");

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LLRT_BIN: "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("llrt-migrate verify", () => {
  it("reports the function that behaves the same and the one that differs, exits 1, and its JSON says the same", async () => {
    const [text, json] = await Promise.all([cli(["verify", project]), cli(["verify", project, "--json"])]);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^original: Node\.js v\d+/m);
    expect(text.stdout).toMatch(/^migrated: Node\.js v\d+.*, LLRT-shaped \(no LLRT binary given\)$/m);
    expect(text.stdout).toMatch(/^same +OrdersFunction +\(1 event: Api trigger CreateOrder \(generated\)\)$/m);
    expect(text.stdout).toMatch(/^differs +AuditFunction +event 1: dynamodb\.PutItem is issued after the migrated version has responded/m);
    expect(text.stdout).toMatch(/^2 functions: 1 same, 1 differs, 0 not run$/m);

    expect(json.code).toBe(1);
    const result = JSON.parse(json.stdout);
    expect(result.realLlrt).toBe(false);
    expect(result.summary).toEqual({ same: 1, differs: 1, notRun: 0 });
    const byName = Object.fromEntries(result.functions.map((f: { name: string }) => [f.name, f]));
    expect(byName.OrdersFunction.verify).toEqual({ status: "same" });
    expect(byName.AuditFunction.events).toEqual(["events/audit-batch.json"]);
    expect(text.stdout).toContain(byName.AuditFunction.verify.reason);
    // What each side did: the original wrote the order and answered 201, on both runtimes.
    const orders = byName.OrdersFunction.runs;
    for (const side of [orders.original, orders.migrated]) {
      expect(side.invocations[0].calls).toEqual([
        { service: "dynamodb", operation: "PutItem", protocol: "json", params: { TableName: "orders", Item: { id: { S: "id-1" }, name: { S: "example" } }, ConditionExpression: "attribute_not_exists(id)" } },
      ]);
      expect(side.invocations[0].outcome).toEqual({ result: { statusCode: 201, body: '{"id":"id-1"}' } });
    }
    // The audit write: before the response on Node.js (it waits for the event loop), after it on LLRT's contract.
    const audit = byName.AuditFunction.runs;
    expect(audit.original.invocations[0].calls.map((c: { operation: string }) => c.operation)).toEqual(["PutItem"]);
    expect(audit.migrated.invocations[0].calls).toEqual([]);
    expect(audit.migrated.invocations[0].callsAfterResponse.map((c: { operation: string }) => c.operation)).toEqual(["PutItem"]);
  }, 180_000);

  it("llrt-migrate <path> --verify: a dry run (nothing written) whose JSON and Markdown report carry functions[].verify", async () => {
    const report = join(tmpdir(), `llrt-migrate-verify-${process.pid}.md`);
    const before = readFileSync(join(project, "src", "audit.js"), "utf8");
    try {
      const run = await cli([project, "--verify", "--json", "--report", report]);
      expect(run.code).toBe(1);
      expect(readFileSync(join(project, "src", "audit.js"), "utf8")).toBe(before);
      const result = JSON.parse(run.stdout);
      const verify = Object.fromEntries(result.functions.map((f: { name: string; verify: unknown }) => [f.name, f.verify]));
      expect(verify.OrdersFunction).toEqual({ status: "same" });
      expect(verify.AuditFunction.status).toBe("differs");
      expect(run.stderr).toMatch(/^differs +AuditFunction +event 1: dynamodb\.PutItem is issued after the migrated version has responded/m);
      const markdown = readFileSync(report, "utf8");
      expect(markdown).toContain("| Function | Defined in | Entry | Runtime | Verdict | Verify |");
      expect(markdown).toMatch(/\| `OrdersFunction` \|.*\| same \|/);
      expect(markdown).toMatch(/\| `AuditFunction` \|.*\| differs: event 1: dynamodb\.PutItem is issued after/);
    } finally {
      rmSync(report, { force: true });
    }
  }, 180_000);

  it("--function picks one function (exit 0 when it behaves the same); a bad flag or path is one line and exit 2", async () => {
    const [one, badTimeout, badPath, unknown] = await Promise.all([
      cli(["verify", project, "--function", "OrdersFunction"]),
      cli(["verify", project, "--timeout", "zero"]),
      cli(["verify", join(project, "missing")]),
      cli(["verify", project, "--function", "Nope"]),
    ]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^1 function: 1 same, 0 differs, 0 not run$/m);
    expect(one.stdout).not.toContain("AuditFunction");
    for (const bad of [badTimeout, badPath, unknown]) {
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(badTimeout.stderr).toContain("--timeout must be a number");
    expect(badPath.stderr).toContain("not a project directory");
    expect(unknown.stderr).toContain("no Node.js function named Nope");
  }, 180_000);
});
