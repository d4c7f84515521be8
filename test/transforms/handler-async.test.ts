import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { handlerAsyncRule } from "../../transforms/handler-async";
import { applyRule, fixturePath, repoRoot } from "../helpers";

const fixture = (name: string) => readFileSync(fixturePath("transforms", "handler-async", name), "utf8");

describe("handler-async findings", () => {
  it("wraps a handler whose callback is called from a nested function, and says what changes", async () => {
    const { changed, findings } = await applyRule(handlerAsyncRule, "nested.js", fixture("nested-callback.input.js"));
    expect(changed).toBe(true);
    expect(findings).toEqual([expect.objectContaining({ severity: "info", line: 4 })]);
    expect(findings[0].message).toContain("new Promise");
    expect(findings[0].message).toContain("nested function");
    expect(findings[0].message).toContain("callbackWaitsForEmptyEventLoop");
  });

  it("refuses, with the reason, a handler that also returns a call's result (Node would have awaited a promise)", async () => {
    const source = "exports.handler = (event, context, callback) => {\n  setTimeout(() => callback(null, 1), 5);\n  return start(event);\n};\n";
    const { changed, findings } = await applyRule(handlerAsyncRule, "ret.js", source);
    expect(changed).toBe(false);
    expect(findings).toEqual([expect.objectContaining({ severity: "error", line: 2, column: 20 })]);
    expect(findings[0].message).toContain("returns a value Node would have awaited");
  });

  it("refuses a handler that reads `arguments`, which no longer holds the callback", async () => {
    const source = "exports.handler = function (event, context, callback) {\n  setTimeout(() => arguments[2](null, 1), 5);\n  callback.x = 1;\n};\n";
    const { changed, findings } = await applyRule(handlerAsyncRule, "args.js", source);
    expect(changed).toBe(false);
    expect(findings[0].message).toContain("`arguments`");
  });

  it("settles a returned promise chain the way Node's runtime did (result.then(succeed, fail))", async () => {
    const source = "exports.handler = (event, context, callback) => {\n  return load(event).then((x) => { if (!x) callback(null, 'none'); return x; });\n};\n";
    const { output } = await applyRule(handlerAsyncRule, "chain.js", source);
    expect(output).toContain("return load(event).then((x) => { if (!x) callback(null, 'none'); return x; }).then(resolve, reject);");
  });

  it("gives the wrapper's resolve/reject names the body does not use", async () => {
    const source = "const { resolve } = require('path');\nexports.handler = (event, context, cb) => { setTimeout(() => cb(null, resolve('x')), 1); };\n";
    const { output } = await applyRule(handlerAsyncRule, "names.js", source);
    expect(output).toContain("new Promise((resolveInvocation, reject) => {");
    expect(output).toContain("const cb = (err, result) => err != null ? reject(err) : resolveInvocation(result);");
  });

  it("places the note on an exported function declaration, whose own node has no position", async () => {
    const source = "// worker\n\nexport function worker(event, _ctx, cb) {\n  cb(null, event.Records.length);\n}\n";
    const { findings } = await applyRule(handlerAsyncRule, "worker.mjs", source);
    expect(findings).toEqual([expect.objectContaining({ severity: "info", line: 3, column: 1 })]);
  });

  it("reports the conversion it made as a note on the handler", async () => {
    const { changed, findings } = await applyRule(handlerAsyncRule, "cb.js", fixture("cjs-callback.input.js"));
    expect(changed).toBe(true);
    expect(findings).toEqual([expect.objectContaining({ severity: "info", line: 3 })]);
  });

  it("wraps a handler that passes its callback on: it is a real function now", async () => {
    const source = "exports.handler = (event, context, callback) => { doWork(event, callback); };\n";
    const { output, findings } = await applyRule(handlerAsyncRule, "pass.js", source);
    expect(output).toContain("doWork(event, callback);");
    expect(output).toContain("exports.handler = async (event, context) => new Promise((resolve, reject) => {");
    expect(findings[0].message).toContain("passed on or stored");
  });

  it("leaves exported functions that are not handlers alone", async () => {
    const source = "exports.map = (items, fn, done) => { done(null, items.map(fn)); };\n";
    const { changed, findings } = await applyRule(handlerAsyncRule, "util.js", source);
    expect(changed).toBe(false);
    expect(findings).toEqual([]);
  });

  it("converts an export that infrastructure names as the handler, whatever its name", async () => {
    const source = "exports.process = (records, ctx, done) => { done(null, records.length); };\n";
    const { output } = await applyRule(handlerAsyncRule, "worker.js", source, {}, ["process"]);
    expect(output).toBe("exports.process = async (records, ctx) => {\n  return records.length;\n};\n");
  });

  it("runs standalone under the jscodeshift CLI", () => {
    const out = execFileSync(
      "npx",
      ["jscodeshift", "-t", "transforms/handler-async.ts", "--dry", "--print", "--silent", fixturePath("transforms", "handler-async", "cjs-callback.input.js")],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(out).toContain(fixture("cjs-callback.output.js").trim());
  });
});
