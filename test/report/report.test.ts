import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFailureRule, ruleCatalog } from "../../src/engine/rule-catalog";
import { Project } from "../../src/engine/project";
import type { MigrationResult } from "../../src/engine/types";
import { unifiedDiff } from "../../src/report/diff";
import { renderJson } from "../../src/report/json";
import { renderMarkdownReport } from "../../src/report/markdown";
import { renderSarif } from "../../src/report/sarif";
import { repoRoot } from "../helpers";

const result: MigrationResult = {
  tool: { name: "llrt-migrate", version: "9.9.9" },
  llrt: { version: "v0.8.1-beta", variant: "std" },
  summary: { filesScanned: 2, filesChanged: 1, errors: 1, warnings: 0, infos: 1 },
  functions: [
    { name: "Api", source: "sam", file: "template.yaml", handler: "app.handler", entry: "app.js", runtime: { before: "nodejs20.x", after: "provided.al2023" }, verdict: "blocked" },
  ],
  files: [{ path: "app.js", status: "unchanged", rules: [] }],
  findings: [
    { rule: "llrt-compat", severity: "error", file: "app.js", line: 2, column: 1, message: "http: not available | at all", fix: "Use fetch.", functions: ["Api"] },
    { rule: "sam-runtime", severity: "info", file: "template.yaml", line: 5, column: 3, message: "Runtime changed." },
  ],
  changes: [{ path: "app.js", before: "a\n", after: "b\n" }],
};

describe("Markdown report", () => {
  const md = renderMarkdownReport(result, new Project([["app.js", "// one\nimport http from 'http';\n// three\n// four\n"]]));

  it("puts the verdicts first, then findings grouped by function with the code they point at", () => {
    expect(md).toContain("**1 function(s): 0 ready, 0 need attention, 1 blocked.**");
    expect(md.indexOf("## Functions")).toBeLessThan(md.indexOf("## Findings"));
    expect(md).toContain("| `Api` | sam | `app.js` | nodejs20.x → provided.al2023 | 🛑 blocked |");
    expect(md).toContain("### Api (🛑 blocked)\n\n- **🛑 error** `app.js:2:1` (llrt-compat): http: not available | at all\n  - Fix: Use fetch.");
    expect(md).toContain("  ```\n    1 | // one\n  > 2 | import http from 'http';\n    3 | // three\n  ```\n");
    expect(md).toContain("### Other files\n\n- **ℹ️ info** `template.yaml:5:3` (sam-runtime): Runtime changed.");
  });
});

describe("JSON result", () => {
  it("is the result without the file texts", () => {
    const json = JSON.parse(renderJson(result));
    expect(Object.keys(json)).toEqual(["tool", "llrt", "summary", "functions", "files", "findings"]);
    expect(json.findings[0].functions).toEqual(["Api"]);
  });
});

describe("unified diff", () => {
  it("uses git's headers, and /dev/null for a new file", () => {
    expect(unifiedDiff({ path: "src/a.js", before: "x\n", after: "y\n" })).toBe(
      "diff --git a/src/a.js b/src/a.js\n--- a/src/a.js\n+++ b/src/a.js\n@@ -1,1 +1,1 @@\n-x\n+y\n",
    );
    expect(unifiedDiff({ path: "n.txt", before: "", after: "new\n" })).toBe(
      "diff --git a/n.txt b/n.txt\nnew file mode 100644\n--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1,1 @@\n+new\n",
    );
  });
});

describe("SARIF", () => {
  const withProjectWide: MigrationResult = {
    ...result,
    findings: [...result.findings, { rule: "half-done", severity: "warning", file: "", line: 1, column: 1, message: "rule failed" }],
  };

  it("gives one result per finding with its level and location, and none for a project-wide finding", () => {
    const sarif = JSON.parse(renderSarif(withProjectWide));
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.tool.driver).toMatchObject({ name: "llrt-migrate", version: "9.9.9" });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["half-done", "llrt-compat", "sam-runtime"]);
    expect(run.results[0]).toMatchObject({
      ruleId: "llrt-compat",
      ruleIndex: 1,
      level: "error",
      message: { text: "http: not available | at all Fix: Use fetch." },
      locations: [{ physicalLocation: { artifactLocation: { uri: "app.js", uriBaseId: "%SRCROOT%" }, region: { startLine: 2, startColumn: 1 } } }],
    });
    expect(run.results[1].level).toBe("note");
    expect(run.results[2].locations).toEqual([]);
  });

  it("places files from the repository root when the project is a subfolder", () => {
    const run = JSON.parse(renderSarif(result, { projectPath: "services/api" })).runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "services/api/app.js", uriBaseId: "%SRCROOT%" });
  });

  it("describes each rule from the rule catalog, with help at its README section", () => {
    const rules = JSON.parse(renderSarif(result)).runs[0].tool.driver.rules;
    const compat = rules.find((r: { id: string }) => r.id === "llrt-compat");
    const info = ruleCatalog.find((r) => r.name === "llrt-compat")!;
    expect(compat.shortDescription.text).toBe(info.description);
    expect(compat.fullDescription.text).toContain(info.details);
    expect(compat.helpUri).toMatch(/#llrt-compatibility-report-code-and-dependencies$/);
    // Every anchor a rule points at is a heading of the README.
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const anchors = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map(([, title]) => title.toLowerCase().replace(/[^\w\- ]/g, "").replace(/ /g, "-")));
    for (const rule of [...ruleCatalog, parseFailureRule]) expect(anchors, rule.name).toContain(rule.docs);
  });

  it("fingerprints each finding the same way on every run, and differently from the others", () => {
    const first = JSON.parse(renderSarif(withProjectWide)).runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints);
    const moved: MigrationResult = { ...withProjectWide, findings: withProjectWide.findings.map((f) => ({ ...f, line: f.line + 3 })) };
    const again = JSON.parse(renderSarif(moved)).runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints);
    expect(again).toEqual(first);
    expect(new Set(first.map((f: object) => JSON.stringify(f))).size).toBe(first.length);
  });
});
