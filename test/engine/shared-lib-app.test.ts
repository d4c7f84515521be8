// fixtures/projects/shared-lib-app after a real CLI run: ListFunction (ready) moves to LLRT and its
// CommonJS becomes ESM; ExportFunction (response streaming, blocked) stays on Node.js with its code as
// it was; the library both import gets only edits Node.js also runs. Each handler is run in a child
// Node.js process, before and after, on the same event.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePath, repoRoot } from "../helpers";

const catalog = [
  { id: "c", name: "cup", price: 4 },
  { id: "a", name: "apron", price: 12 },
  { id: "b", name: "bowl", price: 7 },
];

/**
 * Calls `handler` of `file` in a fresh Node.js process and prints what it answered: the return value,
 * or what it wrote to the response stream (`awslambda.streamifyResponse` as Lambda's Node.js runtime
 * provides it). `import()` loads the file as Node.js would: by its extension and package.json.
 */
const runner = `
import { pathToFileURL } from "node:url";
const [file, event] = process.argv.slice(1);
globalThis.awslambda = { streamifyResponse: (fn) => fn };
const chunks = [];
const stream = { write: (c) => chunks.push(String(c)), end: () => chunks.push("<end>") };
const mod = await import(pathToFileURL(file).href);
const result = await mod.handler(JSON.parse(event), stream);
process.stdout.write(JSON.stringify({ result: result ?? null, streamed: chunks.join("") }));
`;

function invoke(file: string, event: object, catalogFile: string): unknown {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", runner, file, JSON.stringify(event)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CATALOG_FILE: catalogFile },
  });
  return JSON.parse(out);
}

describe("shared-lib-app: a ready and a blocked function sharing a library", () => {
  let dir: string;
  let original: string;
  let result: { functions: Array<{ name: string; verdict: string; runtime: { before: string; after: string } }> };
  const catalogFile = () => join(dir, "catalog.json");

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "llrt-migrate-shared-"));
    original = join(dir, "original");
    cpSync(fixturePath("projects", "shared-lib-app"), original, { recursive: true });
    cpSync(original, join(dir, "migrated"), { recursive: true });
    writeFileSync(catalogFile(), JSON.stringify(catalog));
    const run = spawnSync(process.execPath, [join(repoRoot, "bin", "llrt-migrate.js"), join(dir, "migrated"), "--json", "--quiet", "--force"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    result = JSON.parse(run.stdout);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("moves ListFunction and keeps ExportFunction on Node.js, in the JSON and in the template", () => {
    expect(result.functions.map((f) => [f.name, f.verdict, f.runtime.after])).toEqual([
      ["ListFunction", "ready", "provided.al2023"],
      ["ExportFunction", "blocked", "nodejs20.x"],
    ]);
    const template = readFileSync(join(dir, "migrated", "template.yaml"), "utf8");
    expect(template.match(/Runtime: \S+/g)).toEqual(["Runtime: provided.al2023", "Runtime: nodejs20.x"]);
  });

  it("leaves the code only ExportFunction runs byte for byte as it was", () => {
    const file = (root: string) => readFileSync(join(root, "src", "export.js"), "utf8");
    expect(file(join(dir, "migrated"))).toBe(file(original));
  });

  it("ListFunction's migrated code loads as ES modules (as LLRT loads .js) and answers as before", () => {
    // LLRT treats every .js file as an ES module: a copy under "type": "module" makes Node.js do the same.
    const esm = join(dir, "as-llrt-loads-it");
    mkdirSync(esm);
    cpSync(join(dir, "migrated", "src"), join(esm, "src"), { recursive: true });
    writeFileSync(join(esm, "package.json"), JSON.stringify({ type: "module" }));
    const event = { queryStringParameters: { page: "1" } };
    const before = invoke(join(original, "src", "list.js"), event, catalogFile());
    expect(before).toMatchObject({ result: { statusCode: 200 } });
    expect(JSON.parse((before as { result: { body: string } }).result.body)).toEqual({ items: [catalog[1], catalog[2]], next: 2 });
    expect(invoke(join(esm, "src", "list.js"), event, catalogFile())).toEqual(before);
    // The original CommonJS would not load as ESM: the check above is not vacuous.
    cpSync(join(original, "src", "list.js"), join(esm, "src", "list.js"));
    expect(() => invoke(join(esm, "src", "list.js"), event, catalogFile())).toThrow();
  });

  it("ExportFunction still loads under Node.js, with the edited shared library, and streams the same CSV", () => {
    const before = invoke(join(original, "src", "export.js"), {}, catalogFile());
    expect(before).toEqual({ result: null, streamed: "id,name,price\na,apron,12\nb,bowl,7\nc,cup,4\n<end>" });
    expect(readFileSync(join(dir, "migrated", "src", "lib", "catalog.mjs"), "utf8")).not.toContain("fs.existsSync");
    expect(invoke(join(dir, "migrated", "src", "export.js"), {}, catalogFile())).toEqual(before);
  });
});
