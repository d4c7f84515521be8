// SAM and CloudFormation templates (YAML and JSON): every fixture pair under fixtures/iac/{sam,cloudformation}
// migrates to exactly its output, the output parses, only intended values change, and a second run is a no-op.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { diffLines } from "diff";
import { describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import { defaultOptions } from "../../src/engine/types";
import type { MigrationOptions } from "../../src/engine/types";
import { iacFormats } from "../../src/iac";
import { cloudFormationFormat } from "../../src/iac/cloudformation";
import { parseJson } from "../../src/iac/json-template";
import { samFormat } from "../../src/iac/sam";
import type { IacFormat } from "../../src/iac/types";
import { parseYaml } from "../../src/iac/yaml-source";
import { fixturePath, loadFixtureProject } from "../helpers";

interface Case { dir: string; name: string; ext: string; input: string; output: string; options: Partial<MigrationOptions>; files: string[] }

function cases(dir: string): Case[] {
  const base = fixturePath("iac", dir);
  return readdirSync(base).filter((n) => n.includes(".input.")).map((file) => {
    const [name, , ext] = file.split(".");
    const setupPath = `${base}/${name}.project.json`;
    const setup = existsSync(setupPath) ? JSON.parse(readFileSync(setupPath, "utf8")) : {};
    return {
      dir, name, ext, input: readFileSync(`${base}/${file}`, "utf8"), output: readFileSync(`${base}/${name}.output.${ext}`, "utf8"),
      options: setup.options ?? {}, files: setup.files ?? [],
    };
  });
}

async function run(format: IacFormat, c: Case, text: string) {
  const path = `template.${c.ext}`;
  const project = new Project([[path, text], ...c.files.map((f) => [f, ""] as const)]);
  return format.migrate({ path, text, project, options: { ...defaultOptions, ...c.options } });
}

/** Values an edit may replace, and what it may put there (anything else changed means a bug). */
const replaceable = /^(nodejs[\d.]+x|x86_64|cjs|es20\d\d|\d+)$/;
const replacement = /^(provided\.al2023|arm64|esm|es2023|\d+)$/;

const commonPrefix = (a: string, b: string) => { let n = 0; while (n < a.length && a[n] === b[n]) n++; return n; };
const commonSuffix = (a: string, b: string) => { let n = 0; while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++; return n; };

/**
 * Every removed line comes back either with text inserted into it (a list item, a JSON comma) or with
 * one value replaced (same key before it, same comment after it); every other difference is an added line.
 */
function assertOnlyIntendedEdits(before: string, after: string): void {
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    if (!parts[i].removed) continue;
    const added = parts[i + 1]?.added ? parts[i + 1].value.split("\n") : [];
    for (const old of parts[i].value.split("\n").filter(Boolean)) {
      const next = added.reduce((best, line) => (commonPrefix(old, line) > commonPrefix(old, best) ? line : best), "");
      const p = commonPrefix(old, next);
      const s = Math.min(commonSuffix(old, next), old.length - p);
      if (p + s >= old.length) continue; // only insertions
      let start = p;
      while (start > 0 && /[\w."'@-]/.test(old[start - 1])) start--; // back to the start of the value
      let end = s;
      while (end > 0 && /[\w."'@-]/.test(old[old.length - end])) end--;
      const strip = (v: string) => v.replace(/^(["'])(.*)\1$/, "$2");
      expect(strip(old.slice(start, old.length - end)), `changed line: ${old} -> ${next}`).toMatch(replaceable);
      expect(strip(next.slice(start, next.length - end)), `changed line: ${old} -> ${next}`).toMatch(replacement);
    }
  }
}

describe.each([
  ["sam", samFormat],
  ["cloudformation", cloudFormationFormat],
] as const)("%s fixtures", (dir, format) => {
  it.each(cases(dir).map((c) => [`${c.name}.${c.ext}`, c] as const))("%s", async (_, c) => {
    const out = await run(format, c, c.input);
    expect(out.text).toBe(c.output);
    // The output parses with the format's own parser.
    if (c.ext === "json") expect(() => parseJson(out.text)).not.toThrow();
    else expect(parseYaml(out.text).errors).toEqual([]);
    assertOnlyIntendedEdits(c.input, out.text);
    // A second run recognises its own output and changes nothing.
    const again = await run(format, c, out.text);
    expect(again.text).toBe(out.text);
    expect(again.functions.map((f) => f.name)).toEqual(out.functions.map((f) => f.name));
  });
});

describe("template detection", () => {
  const formatOf = (path: string, text: string) => iacFormats.find((f) => f.detect(path, text))?.source;

  it("gives SAM templates to SAM (even with plain Lambda functions) and plain templates to CloudFormation", () => {
    for (const c of cases("sam")) expect(formatOf(`template.${c.ext}`, c.input)).toBe("sam");
    for (const c of cases("cloudformation").filter((c) => c.input.includes("AWS::Lambda::Function"))) {
      expect(formatOf(`stack.${c.ext}`, c.input)).toBe("cloudformation");
    }
  });

  it("leaves serverless.yml and non-template YAML/JSON to others", () => {
    const sls = "service: x\nprovider:\n  runtime: nodejs20.x\nresources:\n  Resources:\n    F:\n      Type: AWS::Lambda::Function\n";
    expect([samFormat, cloudFormationFormat].some((f) => f.detect("serverless.yml", sls))).toBe(false);
    expect(cloudFormationFormat.detect("docs/notes.yaml", "note: we use AWS::Lambda::Function\n")).toBe(false);
    expect(cloudFormationFormat.detect("package.json", '{ "description": "AWS::Lambda::Function" }')).toBe(false);
  });
});

describe("opt-out and options", () => {
  const [shared] = cases("sam").filter((c) => c.name === "shared-globals");

  it("lists a function marked llrt-migrate-ignore as skipped and keeps its resource byte-identical", async () => {
    const out = await run(samFormat, shared, shared.input);
    expect(out.functions.find((f) => f.name === "Legacy")).toMatchObject({ skipped: true, runtime: { before: "nodejs18.x", after: "nodejs18.x" } });
    const legacyBlock = (text: string) => text.slice(text.indexOf("  # Pinned"), text.indexOf("  Inline:"));
    expect(legacyBlock(out.text)).toBe(legacyBlock(shared.input));
    // Globals are shared with the skipped function, so the Runtime goes on the migrated function instead.
    expect(out.text).toContain("    Runtime: nodejs18.x\n");
  });

  it("skips functions whose code matches an exclude glob", async () => {
    const out = await run(samFormat, { ...shared, options: { exclude: ["functions/api.js"] } }, shared.input);
    expect(out.functions.find((f) => f.name === "Api")).toMatchObject({ skipped: true });
    expect(out.text).toBe(shared.input);
  });

  it("gives a function kept on a shared global x86_64 the x64 LLRT build and says how to move it", async () => {
    const out = await run(samFormat, shared, shared.input);
    const warning = out.functions.find((f) => f.name === "Api")!.findings.find((f) => f.message.includes("Architectures"));
    expect(warning).toMatchObject({ severity: "warning", line: 7, message: expect.stringContaining("Api stays on x86_64 with LLRT for x86_64") });
    expect(warning!.fix).toBe("To move Api to arm64, give Legacy, Inline Architectures: [x86_64] of their own and set Globals.Function.Architectures to [arm64].");
    const bootstrap = await run(samFormat, { ...shared, options: { llrtDelivery: "bootstrap" } }, shared.input);
    expect(bootstrap.functions.find((f) => f.name === "Api")!.findings.map((f) => f.fix).join("\n")).toContain("llrt-lambda-x64.zip");
  });

  it("edits x86_64 architectures for --arch x86_64, naming the x64 release asset", async () => {
    const [globals] = cases("sam").filter((c) => c.name === "globals");
    const out = await run(samFormat, { ...globals, options: { arch: "x86_64" } }, globals.input);
    expect(out.text).not.toMatch(/^ +Architectures:/m);
    expect(out.text).toContain("ContentUri: llrt-lambda-x64.zip");
  });

  it("leaves @aws-sdk to the bundle for the no-sdk variant", async () => {
    const [globals] = cases("sam").filter((c) => c.name === "globals");
    const out = await run(samFormat, { ...globals, options: { variant: "no-sdk" } }, globals.input);
    expect(out.text).not.toContain('"@smithy"');
    expect(out.text).toContain("ContentUri: llrt-lambda-arm64-no-sdk.zip");
  });
});

describe("engine: exclude and skipped functions", () => {
  it("leaves excluded files out entirely and reports ignored functions as skipped", async () => {
    const template = readFileSync(fixturePath("iac", "sam", "shared-globals.input.yaml"), "utf8");
    const project = new Project([
      ["template.yaml", template],
      ["functions/api.js", "exports.handler = async () => 1;\n"],
      ["functions/legacy.js", "exports.handler = async () => 2;\n"],
      ["scripts/tool.js", "exports.handler = async () => 3;\n"],
    ]);
    // .gitignore semantics: `functions/legacy.js` names the file, `scripts/` the folder.
    const result = await migrateProject(project, { exclude: ["functions/legacy.js", "scripts/"] });
    expect(result.files.map((f) => f.path)).not.toContain("scripts/tool.js");
    expect(result.functions.map((f) => [f.name, f.source, f.skipped ?? false])).toEqual([
      ["Api", "sam", false], ["Legacy", "sam", true], ["Inline", "sam", false],
    ]);
    // The template declares this folder's functions: an unnamed file with a handler export is not guessed to be one.
    const withoutExclude = await migrateProject(project);
    expect(withoutExclude.functions.map((f) => f.source)).not.toContain("heuristic");
  });
});

describe("sample project fixtures/projects/cfn-app", () => {
  it("moves the Node function, skips the ignored one, and a second run changes nothing", async () => {
    const project = loadFixtureProject("cfn-app");
    const first = await migrateProject(project);
    expect(first.functions.map((f) => [f.name, f.source, f.entry, f.runtime.after, f.skipped ?? false])).toEqual([
      ["GreetFunction", "cloudformation", "src/greet.mjs", "provided.al2023", false],
      ["LegacyFunction", "cloudformation", "legacy/index.js", "nodejs18.x", true],
    ]);
    expect(first.summary.errors).toBe(0);
    // The ignored function stays on Node.js 18: its CommonJS code must not be rewritten (e.g. to ESM).
    expect(first.changes.map((c) => c.path)).not.toContain("legacy/index.js");
    expect(first.files.find((f) => f.path === "legacy/index.js")?.status).toBe("skipped");
    const next = project.clone();
    for (const change of first.changes) next.write(change.path, change.after);
    const second = await migrateProject(next);
    expect(second.changes).toEqual([]);
  });
});
