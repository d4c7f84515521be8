import { describe, expect, it } from "vitest";
import { dedupeFindings } from "../../src/engine/findings";
import type { Finding, LambdaFunction } from "../../src/engine/types";
import { groupByFunctions, notesByRule } from "../../src/report/finding-groups";
import { renderMarkdownReport } from "../../src/report/markdown";
import { formatFindings, paintFor, plain } from "../../src/cli/print";

const fn = (name: string, verdict: LambdaFunction["verdict"]): LambdaFunction => ({
  name, source: "sam", file: "template.yaml", handler: `${name}.handler`, entry: `${name}.js`, runtime: { before: "nodejs20.x", after: "provided.al2023" }, verdict,
});
const finding = (rule: string, severity: Finding["severity"], file: string, line: number, functions: string[]): Finding => ({
  rule, severity, file, line, column: 1, message: `${rule} at ${file}:${line}`, functions,
});

// Two functions share lib.js; `a.js` is A's own entry; the template concerns no code.
const functions = [fn("A", "needs-attention"), fn("B", "blocked")];
const findings = [
  finding("handler-async", "info", "a.js", 1, ["A"]),
  finding("llrt-compat", "warning", "a.js", 3, ["A"]),
  finding("module-format", "error", "lib.js", 2, ["A", "B"]),
  finding("fs-exists", "info", "lib.js", 5, ["B", "A"]),
  finding("sam-runtime", "info", "template.yaml", 4, []),
];
const result = { functions, findings };

describe("groupByFunctions", () => {
  it("lists a shared file's finding once, under every function it concerns, blocking groups first", () => {
    const groups = groupByFunctions(result);
    expect(groups.map((g) => g.functions.map((f) => f.name))).toEqual([["A", "B"], ["A"], []]);
    expect(groups[0].findings.map((f) => f.rule)).toEqual(["module-format", "fs-exists"]);
    expect(groups.flatMap((g) => g.findings)).toHaveLength(findings.length);
  });

  it("orders a group's findings by severity, errors first", () => {
    const mixed = [finding("x", "info", "a.js", 1, ["A"]), finding("y", "error", "a.js", 9, ["A"]), finding("z", "warning", "a.js", 5, ["A"])];
    expect(groupByFunctions({ functions, findings: mixed })[0].findings.map((f) => f.rule)).toEqual(["y", "z", "x"]);
  });
});

describe("notesByRule", () => {
  it("collapses info findings by rule, most frequent first, ignoring other severities", () => {
    expect(notesByRule(findings).map((n) => [n.rule, n.findings.length])).toEqual([["fs-exists", 1], ["handler-async", 1], ["sam-runtime", 1]]);
    expect(notesByRule([...findings, finding("sam-runtime", "info", "t2.yaml", 1, [])])[0]).toMatchObject({ rule: "sam-runtime" });
  });
});

describe("dedupeFindings", () => {
  it("keeps one of two identical findings and merges the functions they concern", () => {
    const twice = [finding("r", "error", "lib.js", 2, ["A"]), finding("r", "error", "lib.js", 2, ["B"]), finding("r", "error", "lib.js", 3, ["A"])];
    const kept = dedupeFindings(twice);
    expect(kept).toHaveLength(2);
    expect(kept[0].functions).toEqual(["A", "B"]);
  });
});

describe("terminal report", () => {
  it("shows errors first, collapses notes to one line per rule, and lists them all with verbose", () => {
    const text = formatFindings(result, { verbose: false, paint: plain });
    expect(text.split("\n")[0]).toBe("Shared by A (needs attention), B (blocked)");
    expect(text.indexOf("module-format")).toBeLessThan(text.indexOf("llrt-compat"));
    expect(text).not.toContain("handler-async at a.js:1");
    expect(text).toContain("info: 3 note(s) on what was done (--verbose lists them):\n  fs-exists: 1 (lib.js)");
    const verbose = formatFindings(result, { verbose: true, paint: plain });
    expect(verbose).toContain("a.js:1:1: info [handler-async] handler-async at a.js:1");
    expect(verbose).not.toContain("--verbose lists them");
  });

  it("colours only a terminal that wants colours", () => {
    expect(paintFor({ isTTY: false })).toBe(plain);
    expect(paintFor({ isTTY: true, hasColors: () => false })).toBe(plain);
    expect(paintFor({ isTTY: true, hasColors: () => true })("red", "x")).toBe("\x1b[31mx\x1b[39m");
  });
});

describe("Markdown report", () => {
  it("lists a shared file's finding once, with the functions it concerns", () => {
    const md = renderMarkdownReport({
      tool: { name: "llrt-migrate", version: "0" }, llrt: { version: "v", variant: "std" },
      summary: { filesScanned: 3, filesChanged: 0, errors: 1, warnings: 1, infos: 3 }, functions, files: [], findings, changes: [],
    });
    expect(md.match(/module-format at lib\.js:2/g)).toHaveLength(1);
    expect(md).toContain("### Shared by A (⚠️ needs attention), B (🛑 blocked)");
    expect(md.indexOf("### Shared by")).toBeLessThan(md.indexOf("### A ("));
  });
});
