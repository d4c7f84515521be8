// All default rules on one tree, in order: a rewrite must leave a tree the later rules can walk.
import { describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";

describe("the default rule chain", () => {
  it("analyzes a file after fs-exists added statSync to its import (scope lookups see a complete specifier)", async () => {
    const source = 'import { existsSync } from "node:fs";\nif (!existsSync("/tmp/x")) {\n  process.exit(2);\n}\nexport const handler = async () => 1;\n';
    const result = await migrateProject(new Project([["index.mjs", source]]));
    expect(result.files).toEqual([{ path: "index.mjs", status: "changed", rules: ["fs-exists"] }]);
    expect(result.changes[0].after).toContain('import { statSync } from "node:fs";');
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("keeps two helpers inserted after the same imports on separate lines", async () => {
    const source = 'import fs from "node:fs";\nimport { setTimeout } from "timers/promises";\n\nexport const handler = async () => {\n  await setTimeout(10);\n  return fs.existsSync("/tmp/x");\n};\n';
    const result = await migrateProject(new Project([["index.mjs", source]]));
    const after = result.changes[0].after;
    expect(after).not.toMatch(/\}\/\//);
    expect(after).toContain("}\n\n// LLRT has no timers/promises");
  });
});
