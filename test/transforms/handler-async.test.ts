import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { handlerAsyncRule } from "../../transforms/handler-async";
import { applyRule, fixturePath, repoRoot } from "../helpers";

const fixture = (name: string) => readFileSync(fixturePath("transforms", "handler-async", name), "utf8");

describe("handler-async findings", () => {
  it("explains a callback called from a nested function, at the call's position", async () => {
    const { changed, findings } = await applyRule(handlerAsyncRule, "nested.js", fixture("nested-callback.input.js"));
    expect(changed).toBe(false);
    expect(findings.map((f) => [f.severity, f.line, f.column])).toEqual([
      ["error", 6, 21],
      ["error", 7, 5],
    ]);
    expect(findings[0].message).toContain("nested function");
    expect(findings[0].fix).toContain("async");
  });

  it("refuses when code runs after the callback", async () => {
    const { changed, findings } = await applyRule(handlerAsyncRule, "after.ts", fixture("code-after-callback.input.ts"));
    expect(changed).toBe(false);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: "error", line: 4, column: 3 });
    expect(findings[0].message).toContain("code after callback()");
  });

  it("refuses to turn an error callback inside a try block into a throw that the catch would swallow", async () => {
    const { findings } = await applyRule(handlerAsyncRule, "try.js", fixture("try-block-error.input.js"));
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toContain("try block");
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

  it("refuses a callback that is passed on instead of called", async () => {
    const source = "exports.handler = (event, context, callback) => { doWork(event, callback); };\n";
    const { changed, findings } = await applyRule(handlerAsyncRule, "pass.js", source);
    expect(changed).toBe(false);
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
