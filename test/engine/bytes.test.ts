// Bytes: rules see BOM-less LF text, and each changed file gets its own style back on every line; a
// file that is not valid UTF-8 is never rewritten.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import { readProject } from "../../src/fs/read-project";
import { oneFunctionTemplate as template } from "./one-function";


// A callback handler in CommonJS: handler-async and module-format both rewrite it.
const handler = [
  "// Orders: the callback handler",
  "exports.handler = (event, context, callback) => {",
  "  callback(null, { statusCode: 200 });",
  "};",
  "",
].join("\n");

const crlf = (text: string) => text.replace(/\n/g, "\r\n");
const lfOnly = /(^|[^\r])\n/;

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "llrt-migrate-bytes-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const put = (path: string, bytes: string | Buffer) => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), bytes);
};

describe("file bytes", () => {
  it("keeps CRLF on every line, new ones included, with the same finding lines as LF", async () => {
    const lf = await migrateProject(new Project([["template.yaml", template], ["src/app.js", handler]]));
    const windows = await migrateProject(new Project([["template.yaml", crlf(template)], ["src/app.js", crlf(handler)]]));
    expect(windows.changes.map((c) => c.path)).toEqual(lf.changes.map((c) => c.path));
    for (const change of windows.changes) {
      expect(change.before).toContain("\r\n");
      expect(change.after).not.toMatch(lfOnly);
      expect(change.after).toBe(crlf(lf.changes.find((c) => c.path === change.path)!.after));
    }
    expect(windows.changes.find((c) => c.path === "template.yaml")?.after).toContain("Runtime: provided.al2023 # the one runtime\r\n");
    const place = (r: typeof lf) => r.findings.map((f) => [f.rule, f.file, f.line, f.column]);
    expect(place(windows)).toEqual(place(lf));
  });

  it("keeps a UTF-8 byte-order mark", async () => {
    const result = await migrateProject(new Project([["template.yaml", template], ["src/app.js", `\uFEFF${handler}`]]));
    const app = result.changes.find((c) => c.path === "src/app.js")!;
    expect(app.before.startsWith("\uFEFF")).toBe(true);
    expect(app.after.startsWith("\uFEFF// Orders: the callback handler\nexport const handler = async")).toBe(true);
    expect(app.after.indexOf("\uFEFF", 1)).toBe(-1);
  });

  it("never rewrites a file that is not valid UTF-8, and says why", async () => {
    put("template.yaml", template);
    // "Orders: é" in Latin-1 on line 1: byte 0xE9 alone is not UTF-8.
    put("src/app.js", Buffer.concat([Buffer.from("// Orders: "), Buffer.from([0xe9]), Buffer.from(handler.slice(handler.indexOf("\n")))]));
    const project = readProject(dir);
    expect(project.isUtf8("src/app.js")).toBe(false);
    expect(project.isUtf8("template.yaml")).toBe(true);
    const result = await migrateProject(project);
    // The function is blocked by the refusal, so it keeps its runtime: nothing changes at all.
    expect(result.changes).toEqual([]);
    expect(result.functions[0].runtime.after).toBe(result.functions[0].runtime.before);
    const refusals = result.findings.filter((f) => f.rule === "output-gate");
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({ file: "src/app.js", line: 1, severity: "error" });
    expect(refusals[0].message).toMatch(/not valid UTF-8/);
    expect(result.functions[0].verdict).toBe("blocked");
  });

  it("reads a file with a BOM and CRLF from disk and gives it back byte for byte where nothing changed", async () => {
    put("template.yaml", crlf(template));
    put("src/app.js", `\uFEFF${crlf(handler)}`);
    const result = await migrateProject(readProject(dir));
    const app = result.changes.find((c) => c.path === "src/app.js")!;
    expect(app.before).toBe(`\uFEFF${crlf(handler)}`);
    expect(app.after.startsWith("\uFEFF// Orders: the callback handler\r\n")).toBe(true);
    expect(app.after).not.toMatch(lfOnly);
  });
});
