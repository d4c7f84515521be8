// verify on fixtures/projects/verify-app, in process: the answers AWS gives are the user's
// (--aws-responses), a deliberately broken rewrite is caught, and a stand-in LLRT binary (a script
// that speaks the Runtime API) runs the migrated code when --llrt-bin names it.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { awsResponsesSchema } from "../../src/verify/aws-responses";
import { verifyProject } from "../../src/verify/verify";
import { fixturePath, repoRoot } from "../helpers";

const project = fixturePath("projects", "verify-app");
const scratch = mkdtempSync(join(tmpdir(), "llrt-migrate-verify-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// DynamoDB refuses the write: the handler's error path (409) runs on both sides.
const orderExists = awsResponsesSchema.parse({ "dynamodb.PutItem": { error: { code: "ConditionalCheckFailedException", message: "The conditional request failed" } } });

describe("verify on a project", () => {
  it("with DynamoDB answering ConditionalCheckFailedException, both versions answer 409: the SDK error rewrite (err.code -> err.name) holds", async () => {
    const result = await verifyProject(project, { functionName: "OrdersFunction", awsResponses: orderExists });
    const [orders] = result.functions;
    expect(orders.verify).toEqual({ status: "same" });
    expect(orders.runs?.migrated.invocations[0].outcome).toEqual({ result: { statusCode: 409, body: '{"message":"order exists","id":"id-1"}' } });
  }, 120_000);

  it("a deliberately broken rewrite (the error check left on err.code, which v3 errors lack) is reported as differs", async () => {
    const broken: typeof migrateProject = async (...args) => {
      const result = await migrateProject(...args);
      const changes = result.changes.map((c) => (c.path === "src/orders.js" ? { ...c, after: c.after.replace("err.name ===", "err.code ===") } : c));
      expect(changes).not.toEqual(result.changes);
      return { ...result, changes };
    };
    const result = await verifyProject(project, { functionName: "OrdersFunction", awsResponses: orderExists, migrate: broken });
    expect(result.functions[0].verify).toEqual({
      status: "differs",
      reason: 'event 1: error ConditionalCheckFailedException: The conditional request failed instead of response {"statusCode":409,"body":"{\\"message\\":\\"order exists\\",\\"id\\":\\"id-1\\"}"}',
    });
  }, 120_000);

  it("--llrt-bin runs the migrated code on the binary given (here a stand-in speaking the Runtime API with LLRT's contract)", async () => {
    // LLRT embeds the AWS SDK: the stand-in links this repository's node_modules beside the bundle instead.
    const loop = join(scratch, "standin-loop.mjs");
    writeFileSync(
      loop,
      `import { pathToFileURL } from "node:url";
const api = "http://" + process.env.AWS_LAMBDA_RUNTIME_API + "/2018-06-01/runtime";
const [file, name] = process.env._HANDLER.split(".");
const handler = (await import(pathToFileURL(process.env.LAMBDA_TASK_ROOT + "/" + file + ".mjs").href))[name];
for (;;) {
  const next = await fetch(api + "/invocation/next");
  const id = next.headers.get("lambda-runtime-aws-request-id");
  const event = await next.json();
  try {
    const result = await handler(event, { awsRequestId: id });
    await fetch(api + "/invocation/" + id + "/response", { method: "POST", body: JSON.stringify(result ?? null) });
  } catch (error) {
    await fetch(api + "/invocation/" + id + "/error", { method: "POST", body: JSON.stringify({ errorType: error.name, errorMessage: error.message }) });
  }
}
`,
    );
    const bin = join(scratch, "llrt-standin");
    writeFileSync(bin, `#!/bin/sh\nln -s ${JSON.stringify(join(repoRoot, "node_modules"))} "$LAMBDA_TASK_ROOT/node_modules"\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(loop)}\n`);
    chmodSync(bin, 0o755);
    const result = await verifyProject(project, { llrtBin: bin });
    expect(result.realLlrt).toBe(true);
    expect(result.runtimes.migrated).toBe(`LLRT (${bin})`);
    const byName = Object.fromEntries(result.functions.map((f) => [f.name, f]));
    expect(byName.OrdersFunction.verify).toEqual({ status: "same" });
    expect(byName.OrdersFunction.runs?.migrated.runtime).toBe(`LLRT (${bin})`);
    expect(byName.OrdersFunction.runs?.migrated.invocations[0].calls.map((c) => `${c.service}.${c.operation}`)).toEqual(["dynamodb.PutItem"]);
    expect(byName.AuditFunction.verify.status).toBe("differs");
  }, 180_000);
});
