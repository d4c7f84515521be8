import { afterEach, describe, expect, it } from "vitest";
import type { RuntimeError } from "../../src/bench/runtime-api";
import { RuntimeApiEmulator } from "../../src/bench/runtime-api";

let emulator: RuntimeApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function started(options: ConstructorParameters<typeof RuntimeApiEmulator>[0] = { functionName: "fn" }) {
  emulator = new RuntimeApiEmulator(options);
  return `http://${await emulator.start()}/2018-06-01/runtime`;
}

describe("RuntimeApiEmulator", () => {
  it("hands out an event with Lambda's headers and resolves the invocation on /response", async () => {
    const api = await started({ functionName: "hello", timeoutMs: 5000 });
    const invocation = emulator!.invoke({ ping: 1 });
    const next = await fetch(`${api}/invocation/next`);
    const id = next.headers.get("lambda-runtime-aws-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(next.headers.get("lambda-runtime-deadline-ms"))).toBeGreaterThan(Date.now() + 3000);
    expect(next.headers.get("lambda-runtime-invoked-function-arn")).toBe("arn:aws:lambda:us-east-1:000000000000:function:hello");
    expect(next.headers.get("lambda-runtime-trace-id")).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(await next.json()).toEqual({ ping: 1 });

    const posted = await fetch(`${api}/invocation/${id}/response`, { method: "POST", body: '{"statusCode":200}' });
    expect(posted.status).toBe(202);
    const outcome = await invocation;
    expect(outcome).toMatchObject({ requestId: id, response: '{"statusCode":200}' });
    expect(outcome.finishedAt).toBeGreaterThanOrEqual(outcome.deliveredAt);
  });

  it("holds /next until an event arrives", async () => {
    const api = await started();
    const next = fetch(`${api}/invocation/next`);
    await new Promise((r) => setTimeout(r, 100));
    const invocation = emulator!.invoke("late");
    const res = await next;
    expect(await res.json()).toBe("late");
    await fetch(`${api}/invocation/${res.headers.get("lambda-runtime-aws-request-id")}/response`, { method: "POST", body: "null" });
    expect((await invocation).response).toBe("null");
  });

  it("reports /error with its error type", async () => {
    const api = await started();
    const invocation = emulator!.invoke({});
    const id = (await fetch(`${api}/invocation/next`)).headers.get("lambda-runtime-aws-request-id");
    const body = JSON.stringify({ errorType: "TypeError", errorMessage: "boom", stackTrace: [] });
    const res = await fetch(`${api}/invocation/${id}/error`, { method: "POST", body, headers: { "Lambda-Runtime-Function-Error-Type": "Runtime.UnhandledError" } });
    expect(res.status).toBe(202);
    expect((await invocation).error).toEqual({ errorType: "Runtime.UnhandledError", body });
  });

  it("passes /init/error on and answers 202", async () => {
    const errors: RuntimeError[] = [];
    const api = await started({ functionName: "fn", onInitError: (e) => errors.push(e) });
    const res = await fetch(`${api}/init/error`, { method: "POST", body: '{"errorMessage":"no module"}', headers: { "Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError" } });
    expect(res.status).toBe(202);
    expect(errors).toEqual([{ errorType: "Runtime.ImportModuleError", body: '{"errorMessage":"no module"}' }]);
  });

  it("rejects an unknown request id and an unknown path", async () => {
    const api = await started();
    expect((await fetch(`${api}/invocation/nope/response`, { method: "POST", body: "1" })).status).toBe(400);
    expect((await fetch(`${api}/whatever`, { method: "POST", body: "1" })).status).toBe(404);
  });
});
