import { describe, expect, it } from "vitest";
import { Project } from "../../src/engine/project";
import type { MigrationResult } from "../../src/engine/types";
import { unifiedDiff } from "../../src/report/diff";
import { renderJson } from "../../src/report/json";
import { renderMarkdownReport } from "../../src/report/markdown";
import { renderSarif } from "../../src/report/sarif";

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
  it("gives one result per finding with its level and location, and none for a project-wide finding", () => {
    const withProjectWide: MigrationResult = {
      ...result,
      findings: [...result.findings, { rule: "half-done", severity: "warning", file: "", line: 1, column: 1, message: "rule failed" }],
    };
    const sarif = JSON.parse(renderSarif(withProjectWide));
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    expect(run.tool.driver).toMatchObject({ name: "llrt-migrate", version: "9.9.9" });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["half-done", "llrt-compat", "sam-runtime"]);
    expect(run.results[0]).toEqual({
      ruleId: "llrt-compat",
      level: "error",
      message: { text: "http: not available | at all Fix: Use fetch." },
      locations: [{ physicalLocation: { artifactLocation: { uri: "app.js" }, region: { startLine: 2, startColumn: 1 } } }],
    });
    expect(run.results[1].level).toBe("note");
    expect(run.results[2].locations).toEqual([]);
  });
});
