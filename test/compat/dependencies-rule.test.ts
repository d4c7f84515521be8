import { describe, expect, it } from "vitest";
import type { DependencyProblem } from "../../src/compat/dependency-scan";
import { dedupe } from "../../src/compat/dependency-scan";
import { llrtDependenciesRule } from "../../src/compat/dependencies-rule";
import type { CodeRule } from "../../src/engine/code-rule";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import type { ExternalFiles } from "../../src/engine/project-rule";
import type { Finding, MigrationOptions } from "../../src/engine/types";
import { diskExternalFiles } from "../../src/fs/read-project";
import { fixturePath, loadFixtureProject } from "../helpers";

/** Files outside the project (node_modules) from a plain map, as the CLI's disk reader would serve them. */
function fakeExternal(files: Record<string, string>): ExternalFiles {
  return {
    read: (path) => files[path],
    list(path) {
      const names = Object.keys(files).filter((f) => f.startsWith(`${path}/`)).map((f) => f.slice(path.length + 1).split("/")[0]);
      return names.length ? [...new Set(names)] : undefined;
    },
  };
}

const ours = (findings: Finding[]) =>
  findings.filter((f) => f.rule === "llrt-compat" || f.rule === "llrt-dependencies").map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message.replace(/:.*/s, "")}`);

const handlerProject = (code: string, dependencies: Record<string, string>, extra: Record<string, string> = {}) =>
  new Project([
    ["package.json", JSON.stringify({ name: "svc", dependencies }, null, 2)],
    ["src/index.mjs", code],
    ...Object.entries(extra),
  ]);

async function run(project: Project, external?: ExternalFiles, options: Partial<MigrationOptions> = {}, codeRules?: CodeRule[]) {
  return migrateProject(project, options, { external, ...(codeRules ? { codeRules } : {}) });
}

describe("sample project compat-app (axios stub, createCipheriv, util.promisify, process.on, callback handler)", () => {
  const root = fixturePath("projects", "compat-app");

  it("reports each problem on its line, the axios chain through node_modules, and blocks the function", async () => {
    const result = await run(loadFixtureProject("compat-app"), diskExternalFiles(root));
    expect(ours(result.findings)).toEqual([
      "src/app.mjs:4:1 error src/app.mjs -> axios",
      "src/app.mjs:4:1 error src/app.mjs -> axios -> http",
      "src/app.mjs:4:1 warning src/app.mjs -> axios -> https.get",
      "src/app.mjs:6:16 error util.promisify",
      "src/app.mjs:8:1 error process.on",
      "src/app.mjs:16:18 error crypto.createCipheriv",
    ]);
    const chain = result.findings.find((f) => f.message.startsWith("src/app.mjs -> axios -> http:"))!;
    expect(chain.message).toContain("not available in LLRT");
    expect(chain.message).toContain("node_modules/axios/index.js:3");
    expect(chain.fix).toContain("fetch");
    expect(chain.functions).toEqual(["CompatFunction"]);
    // The callback handler's conversion is not made (the file is left as it was), so it is not reported.
    expect(result.findings.find((f) => f.rule === "handler-async")).toBeUndefined();
    expect(result.findings.find((f) => f.rule === "kept-on-node")?.message).toContain("Left as it was");
    expect(result.functions.map((f) => [f.name, f.verdict])).toEqual([["CompatFunction", "blocked"]]);
    // Blocked, it stays on Node.js: its runtime and its code are left as they were.
    expect(result.functions[0].runtime).toEqual({ before: "nodejs20.x", after: "nodejs20.x" });
    expect(result.changes).toEqual([]);
  });

  it("without node_modules: the curated list still flags axios, and an info says the deep scan was skipped", async () => {
    const result = await run(loadFixtureProject("compat-app"));
    expect(ours(result.findings)).toEqual([
      "package.json:1:1 info Deep scan of dependencies skipped",
      "src/app.mjs:4:1 error src/app.mjs -> axios",
      "src/app.mjs:6:16 error util.promisify",
      "src/app.mjs:8:1 error process.on",
      "src/app.mjs:16:18 error crypto.createCipheriv",
    ]);
    expect(result.functions[0].verdict).toBe("blocked");
  });
});

describe("llrt-dependencies", () => {
  const tracerCode = "import { Tracer } from '@aws-lambda-powertools/tracer';\nimport hash from 'fast-hash';\nexport const handler = async () => new Tracer();\n";
  const lockfile = JSON.stringify({
    lockfileVersion: 3,
    packages: {
      "": { dependencies: { "@aws-lambda-powertools/tracer": "^2", "fast-hash": "^1" } },
      "node_modules/@aws-lambda-powertools/tracer": { version: "2.0.0", dependencies: { "aws-xray-sdk-core": "^3" } },
      "node_modules/aws-xray-sdk-core": { version: "3.5.0", dependencies: { "cls-hooked": "^4" } },
      "node_modules/cls-hooked": { version: "4.2.2" },
      "node_modules/fast-hash": { version: "1.0.0", dependencies: { "node-gyp-build": "^4" } },
      "node_modules/node-gyp-build": { version: "4.8.0" },
    },
  });

  it("without node_modules follows package-lock.json to transitive known-bad packages and native addons", async () => {
    const project = handlerProject(tracerCode, { "@aws-lambda-powertools/tracer": "^2", "fast-hash": "^1" }, { "package-lock.json": lockfile });
    const result = await run(project);
    expect(ours(result.findings)).toEqual([
      "package.json:1:1 info Deep scan of dependencies skipped",
      "src/index.mjs:1:1 error src/index.mjs -> @aws-lambda-powertools/tracer",
      "src/index.mjs:1:1 error src/index.mjs -> @aws-lambda-powertools/tracer -> aws-xray-sdk-core",
      "src/index.mjs:2:1 error src/index.mjs -> fast-hash",
    ]);
    expect(result.findings.find((f) => f.line === 2 && f.rule === "llrt-dependencies")?.message).toContain("native addon (it depends on node-gyp-build)");
    expect(result.findings[0].message).toContain("and package-lock.json");
    expect(result.functions[0].verdict).toBe("blocked");
  });

  it("scans installed code with LLRT's resolution: the browser export condition wins over node", async () => {
    const code = "import { get } from 'iso-client';\nexport const handler = async () => get();\n";
    const external = fakeExternal({
      "node_modules/iso-client/package.json": JSON.stringify({ name: "iso-client", exports: { ".": { node: "./node.js", browser: "./browser.js", default: "./node.js" } } }),
      "node_modules/iso-client/node.js": "import http from 'http';\nexport const get = () => http.get('x');\n",
      "node_modules/iso-client/browser.js": "import { helper } from './lib/helper.js';\nexport const get = () => fetch(helper());\n",
      "node_modules/iso-client/lib/helper.js": "import { promisify } from 'util';\nexport const helper = () => 'x';\n",
    });
    const result = await run(handlerProject(code, { "iso-client": "^1" }), external);
    expect(ours(result.findings)).toEqual(["src/index.mjs:1:1 error src/index.mjs -> iso-client -> util.promisify"]);
    expect(result.findings.find((f) => f.rule === "llrt-dependencies")?.message).toContain("(in node_modules/iso-client/lib/helper.js:1)");
  });

  it("follows packages into other packages and flags installed native addons; lazy requires are warnings", async () => {
    const code = "const db = require('db-wrapper');\nexports.handler = async () => db.query();\n";
    const external = fakeExternal({
      "node_modules/db-wrapper/package.json": JSON.stringify({ name: "db-wrapper", main: "lib/index.js" }),
      "node_modules/db-wrapper/lib/index.js": "const native = require('fast-native');\nexports.query = () => { const tls = require('tls'); return native.q(tls); };\n",
      "node_modules/fast-native/package.json": JSON.stringify({ name: "fast-native", main: "index.js" }),
      "node_modules/fast-native/index.js": "module.exports = {};\n",
      "node_modules/fast-native/binding.gyp": "{}",
    });
    const result = await run(handlerProject(code, { "db-wrapper": "^1" }), external);
    expect(ours(result.findings)).toEqual([
      "src/index.mjs:1:12 error src/index.mjs -> db-wrapper -> fast-native",
      "src/index.mjs:1:12 warning src/index.mjs -> db-wrapper -> tls",
    ]);
    expect(result.findings.find((f) => f.message.includes("fast-native:"))?.message).toContain("binding.gyp");
  });

  it("follows the --variant: an SDK client LLRT bundles is not scanned, the same client under no-sdk is", async () => {
    const code = "import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => new S3Client({});\n";
    const external = fakeExternal({
      "node_modules/@aws-sdk/client-s3/package.json": JSON.stringify({ name: "@aws-sdk/client-s3", main: "index.js" }),
      "node_modules/@aws-sdk/client-s3/index.js": "const http = require('http');\nexports.S3Client = class {};\n",
    });
    const project = handlerProject(code, { "@aws-sdk/client-s3": "^3" });
    expect(ours((await run(project, external, { variant: "std" })).findings)).toEqual([]);
    expect(ours((await run(project, external, { variant: "no-sdk" })).findings)).toEqual([
      "src/index.mjs:1:1 error src/index.mjs -> @aws-sdk/client-s3 -> http",
    ]);
  });

  it("does not report an import an earlier rewrite removed, and notes known-bad dependencies nobody imports", async () => {
    const dropNodeFetch: CodeRule = {
      name: "drop-node-fetch",
      mayApply: (s) => s.includes("node-fetch"),
      apply: ({ j, root }) => root.find(j.ImportDeclaration, { source: { value: "node-fetch" } }).remove().size() > 0,
    };
    const code = "import fetch from 'node-fetch';\nexport const handler = async () => fetch('https://example.com');\n";
    const project = handlerProject(code, { "node-fetch": "^2", jose: "^5" });
    const result = await run(project, fakeExternal({ "node_modules/.package-lock.json": "{}" }), {}, [dropNodeFetch]);
    const found = result.findings.filter((f) => f.rule === "llrt-dependencies");
    expect(found.map((f) => [f.file, f.line, f.severity, f.message.slice(0, f.message.indexOf(" is a dependency"))])).toEqual([
      ["package.json", 4, "info", "node-fetch"],
      ["package.json", 5, "info", "jose"],
    ]);
    expect(found[1].fix).toContain("WebCrypto");
  });
});

describe("dedupe of dependency problems", () => {
  it("keeps one problem per package, subject and file: the error, through the shortest chain", () => {
    const problems: DependencyProblem[] = [
      { severity: "warning", chain: ["a", "b", "ua"], subject: "process.on", detail: "x", where: "node_modules/ua/index.js:3" },
      { severity: "error", chain: ["a", "c", "d", "ua"], subject: "process.on", detail: "x", where: "node_modules/ua/index.js:9" },
      { severity: "error", chain: ["a", "ua"], subject: "process.on", detail: "x", where: "node_modules/ua/index.js:3" },
      { severity: "error", chain: ["a", "ua"], subject: "http", detail: "x", where: "node_modules/ua/index.js:1" },
    ];
    expect(dedupe(problems).map((p) => [p.severity, p.chain.join(">"), p.subject])).toEqual([
      ["error", "a>ua", "process.on"],
      ["error", "a>ua", "http"],
    ]);
  });
});

describe("llrt-dependencies after other rules", () => {
  it("does not note a known-bad dependency that an earlier rule removed from package.json", async () => {
    const project = handlerProject("export const handler = async () => 1;\n", { "aws-sdk": "^2", axios: "^1" });
    const removeAwsSdk = {
      name: "remove-aws-sdk",
      apply: ({ project: p }: { project: Project }) => p.write("package.json", JSON.stringify({ name: "svc", dependencies: { axios: "^1" } }, null, 2)),
    };
    const result = await migrateProject(project, {}, { projectRules: [removeAwsSdk, llrtDependenciesRule] });
    const notes = result.findings.filter((f) => f.rule === "llrt-dependencies" && f.message.includes("is a dependency"));
    expect(notes.map((f) => f.message.slice(0, f.message.indexOf(" ")))).toEqual(["axios"]);
  });
});
