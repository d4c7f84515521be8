// On every sample project: the JSON, the Markdown report and the diff say the same thing about which
// functions move to LLRT and on which runtime each ends up. The diff is applied to the original files
// and the result read back by the engine: each function's runtime there is its `runtime.after`.
import { readdirSync } from "node:fs";
import { applyPatch, parsePatch } from "diff";
import { describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import type { Project } from "../../src/engine/project";
import { llrtRuntime } from "../../src/iac/code-check";
import { unifiedDiffs } from "../../src/report/diff";
import { renderJson } from "../../src/report/json";
import { renderMarkdownReport } from "../../src/report/markdown";
import { fixturePath, loadFixtureProject } from "../helpers";

const samples = readdirSync(fixturePath("projects"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** The project as the unified diff leaves it (what `git apply` would do). */
function applyDiff(project: Project, diff: string): Project {
  const next = project.clone();
  for (const patch of parsePatch(diff).filter((p) => p.newFileName)) {
    const path = patch.newFileName!.replace(/^b\//, "");
    const after = applyPatch(project.read(path) ?? "", patch);
    if (after === false) throw new Error(`the diff does not apply to ${path}`);
    next.write(path, after);
  }
  return next;
}

type JsonFunction = { name: string; file: string; source: string; runtime: { before: string | null; after: string | null }; verdict: string };
const key = (fn: { file: string; name: string }) => `${fn.file} ${fn.name}`;

describe.each(samples)("fixtures/projects/%s: JSON, Markdown and diff agree", (sample) => {
  it("on every function's runtime after the run, and so on which functions move", async () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
    const project = loadFixtureProject(sample);
    const result = await migrateProject(project);
    const json = (JSON.parse(renderJson(result)) as { functions: JsonFunction[] }).functions;
    expect(json.length).toBeGreaterThan(0);

    // The diff, read back: every function the JSON lists has there the runtime the JSON gives as `after`.
    const migrated = await migrateProject(applyDiff(project, unifiedDiffs(result.changes)));
    const readBack = new Map(migrated.functions.map((fn) => [key(fn), fn.runtime.before]));
    for (const fn of json.filter((f) => f.source !== "heuristic")) {
      expect(readBack.get(key(fn)), `${fn.name}: runtime in the migrated files`).toBe(fn.runtime.after);
    }
    const moved = (fns: Array<{ name: string; runtime: { after: string | null } }>) => fns.filter((f) => f.runtime.after === llrtRuntime).map((f) => f.name);
    expect(moved(migrated.functions)).toEqual(moved(json));

    // The Markdown report: each function's row names the same runtime change and verdict.
    const markdown = renderMarkdownReport(result);
    for (const fn of json) {
      const row = markdown.split("\n").find((line) => line.startsWith(`| \`${fn.name}\``));
      expect(row, `${fn.name}: row in the Markdown report`).toBeDefined();
      expect(row).toContain(`${fn.runtime.before ?? "?"} → ${fn.runtime.after ?? "?"}`);
      expect(row).toContain(fn.verdict.replace("-", " "));
    }
  });
});
