import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { llrtCompatRule } from "../../transforms/llrt-compat";
import { applyRule, fixturePath, repoRoot } from "../helpers";

/** Findings of the analyzer on one file, as [line, column, severity, subject] (subject = text before the first ':'). */
async function analyze(source: string, path = "src/app.mjs") {
  const { findings, changed, output } = await applyRule(llrtCompatRule, path, source);
  expect(changed).toBe(false);
  expect(output).toBe(source);
  return findings
    .map((f) => [f.line, f.column, f.severity, f.message.slice(0, f.message.indexOf(":"))])
    .sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]));
}

describe("llrt-compat: modules that do not exist", () => {
  it("flags a static import of a missing module as an error even when nothing is used", async () => {
    expect(await analyze("import http from 'http';\nexport const handler = async () => 1;\n")).toEqual([[1, 1, "error", "http"]]);
  });

  it("strips node: and a trailing slash like LLRT's resolver, and flags missing subpaths", async () => {
    const source = [
      "import { setTimeout as sleep } from 'node:timers/promises';",
      "import * as types from 'util/types';",
      "import tls from 'node:tls/';",
      "import p from 'path/posix';",
    ].join("\n");
    expect(await analyze(source)).toEqual([
      [1, 1, "error", "timers/promises"],
      [2, 1, "error", "util/types"],
      [3, 1, "error", "tls"],
      [4, 1, "error", "path/posix"],
    ]);
  });

  it("flags require, node:-require and dynamic import of missing modules", async () => {
    const source = [
      "const qs = require('querystring');",
      "const vm = require('node:vm');",
      "async function f() { return import('worker_threads'); }",
    ].join("\n");
    expect(await analyze(source, "a.cjs")).toEqual([
      [1, 12, "error", "querystring"],
      [2, 12, "error", "vm"],
      [3, 29, "error", "worker_threads"],
    ]);
  });

  it("flags a re-export from a missing module and a missing re-exported member", async () => {
    expect(await analyze("export * from 'http2';\nexport { createCipheriv, createHash } from 'crypto';\n")).toEqual([
      [1, 1, "error", "http2"],
      [2, 10, "error", "crypto.createCipheriv"],
    ]);
  });

  it("ignores packages, relative files, llrt: modules and type-only imports", async () => {
    const source = [
      "import axios from 'axios';",
      "import { x } from './lib.js';",
      "import { XMLParser } from 'llrt:xml';",
      "import type { IncomingMessage } from 'http';",
    ].join("\n");
    expect(await analyze(source, "a.ts")).toEqual([]);
  });
});

describe("llrt-compat: every binding form of a partial module", () => {
  it("default import: member access through the binding", async () => {
    expect(await analyze("import fs from 'fs';\nfs.readFileSync('a');\nfs.existsSync('a');\n")).toEqual([[3, 1, "error", "fs.existsSync"]]);
  });

  it("namespace import", async () => {
    expect(await analyze("import * as crypto from 'node:crypto';\ncrypto.createHash('sha256');\ncrypto.createCipheriv('aes-256-gcm', k, iv);\n"))
      .toEqual([[3, 1, "error", "crypto.createCipheriv"]]);
  });

  it("named import: a missing export fails at load, reported on the specifier", async () => {
    const findings = await applyRule(llrtCompatRule, "a.mjs", "import { promisify, format } from 'util';\n");
    expect(findings.findings).toHaveLength(1);
    expect(findings.findings[0]).toMatchObject({ line: 1, column: 10, severity: "error" });
    expect(findings.findings[0].message).toBe("util.promisify: not exported by LLRT's 'util'; the import fails when the file loads");
    expect(findings.findings[0].fix).toContain("new Promise");
  });

  it("require binding and destructuring (also node: and nested promises)", async () => {
    const source = [
      "const util = require('util');",
      "const { promisify, format } = require('node:util');",
      "const { readFileSync, promises: { readFile, unlink } } = require('fs');",
      "util.promisify(f);",
      "util.inherits(A, B);",
    ].join("\n");
    expect(await analyze(source, "a.cjs")).toEqual([
      [2, 9, "error", "util.promisify"],
      [3, 45, "error", "fs/promises.unlink"],
      [4, 1, "error", "util.promisify"],
    ]);
  });

  it("member access on a require() call and on an awaited dynamic import", async () => {
    const source = [
      "const existsSync = require('fs').existsSync;",
      "export async function handler() {",
      "  const zlib = await import('node:zlib');",
      "  zlib.gzipSync('a');",
      "  zlib.createGzip();",
      "  const { createHash, timingSafeEqual } = await import('crypto');",
      "}",
    ].join("\n");
    expect(await analyze(source)).toEqual([
      [1, 20, "error", "fs.existsSync"],
      [5, 3, "error", "zlib.createGzip"],
      [6, 23, "error", "crypto.timingSafeEqual"],
    ]);
  });

  it("follows submodules: fs.promises is fs/promises, util.types does not exist", async () => {
    const source = [
      "import fs from 'fs';",
      "const p = fs.promises;",
      "await p.readFile('a');",
      "await fs.promises.appendFile('a', 'b');",
      "const { promises } = require('dns');",
      "import util from 'util';",
      "util.types.isDate(d);",
    ].join("\n");
    expect(await analyze(source)).toEqual([
      [4, 7, "error", "fs/promises.appendFile"],
      [5, 9, "error", "dns/promises"],
      [7, 1, "error", "util/types"],
    ]);
  });

  it("TypeScript import-equals and a require made by createRequire", async () => {
    const ts = "import fs = require('fs');\nimport http = require('node:http');\nfs.existsSync('a');\n";
    expect(await analyze(ts, "a.ts")).toEqual([
      [2, 1, "error", "http"],
      [3, 1, "error", "fs.existsSync"],
    ]);
    const esm = "import { createRequire } from 'module';\nconst require = createRequire(import.meta.url);\nconst tls = require('tls');\n";
    expect(await analyze(esm)).toEqual([[3, 13, "error", "tls"]]);
    const own = "const require = (name) => name;\nrequire('tls');\n";
    expect(await analyze(own)).toEqual([]);
  });

  it("does not confuse a local variable that shadows a module binding", async () => {
    const source = "import fs from 'fs';\nfunction f(fs) { return fs.existsSync('x'); }\nconst crypto = { timingSafeEqual() {} };\ncrypto.timingSafeEqual();\n";
    expect(await analyze(source)).toEqual([]);
  });
});

describe("llrt-compat: no false positive on supported members (from the reference)", () => {
  it("accepts the supported members of partial modules", async () => {
    const source = [
      "import fs, { readFileSync, promises as fsp } from 'node:fs';",
      "import { readFile, writeFile, rm, stat, open } from 'fs/promises';",
      "import * as nodeCrypto from 'crypto';",
      "import { createHmac, randomUUID, webcrypto, getRandomValues } from 'crypto';",
      "import path from 'path';",
      "import { format, inherits, TextDecoder, TextEncoder } from 'util';",
      "import { EventEmitter } from 'events';",
      "import { Buffer } from 'buffer';",
      "import { URL, fileURLToPath, pathToFileURL } from 'url';",
      "import { gzipSync, gunzip, brotliCompressSync } from 'zlib';",
      "import { pipeline as pipe } from 'stream/promises';",
      "import { ReadableStream } from 'stream/web';",
      "import os from 'os';",
      "import { performance } from 'perf_hooks';",
      "import { StringDecoder } from 'string_decoder';",
      "import { createRequire } from 'module';",
      "import { Agent } from 'https';",
      "import assert from 'assert';",
      "fs.statSync('a'); fs.mkdirSync('a'); fs.rmSync('a'); fs.readdirSync('a'); fs.writeFileSync('a', 'b'); fs.constants.F_OK;",
      "await fs.promises.readFile('a'); await fsp.mkdir('a');",
      "nodeCrypto.createHash('md5'); nodeCrypto.randomBytes(8); nodeCrypto.randomInt(3); nodeCrypto.webcrypto.subtle;",
      "path.join('a'); path.resolve('a'); path.basename('a'); path.sep;",
      "os.tmpdir(); os.platform(); os.EOL;",
      "assert(1); assert.ok(1);",
      "process.env.A; process.cwd(); process.argv; process.exit(0); process.hrtime.bigint(); process.id; process.exitCode = 1;",
      "Buffer.from('a'); Buffer.concat([]); Buffer.alloc(1); Buffer.isBuffer(b);",
      "setTimeout(f, 1); setImmediate(f); queueMicrotask(f); structuredClone({}); fetch('x'); new AbortController();",
      "new TextEncoder(); atob('a'); new URL('x'); crypto.subtle; performance.now(); console.log(1);",
      "typeof WebSocket === 'undefined';",
    ].join("\n");
    expect(await analyze(source)).toEqual([]);
  });

  it("reports the unsupported member next to the supported one in the same module", async () => {
    const source = "import crypto from 'crypto';\nexport const h = (s) => crypto.createHash('sha256').update(s).digest('hex');\nexport const e = (k, iv) => crypto.createDecipheriv('aes-256-cbc', k, iv);\n";
    expect(await analyze(source)).toEqual([[3, 29, "error", "crypto.createDecipheriv"]]);
  });
});

describe("llrt-compat: globals", () => {
  it("flags absent globals, missing members of process and Intl, and import.meta.dirname", async () => {
    const source = [
      "const xhr = new XMLHttpRequest();",
      "process.on('uncaughtException', log);",
      "const pid = process.pid;",
      "process.memoryUsage();",
      "new Intl.NumberFormat('en');",
      "new Intl.DateTimeFormat('en');",
      "clearImmediate(t);",
      "const dir = import.meta.dirname;",
      "awslambda.streamifyResponse(h);",
      "Buffer.compare(a, b);",
      "if (process.version.startsWith('v18')) {}",
    ].join("\n");
    expect(await analyze(source)).toEqual([
      [1, 17, "error", "XMLHttpRequest"],
      [2, 1, "error", "process.on"],
      [3, 13, "error", "process.pid"],
      [4, 1, "error", "process.memoryUsage"],
      [5, 5, "error", "Intl.NumberFormat"],
      [6, 5, "warning", "Intl.DateTimeFormat"],
      [7, 1, "error", "clearImmediate"],
      [8, 13, "error", "import.meta.dirname"],
      [9, 1, "error", "awslambda"],
      [10, 1, "error", "Buffer.compare"],
      [11, 5, "warning", "process.version"],
    ]);
  });

  it("does not flag a local declaration with a global's name, property keys or type names", async () => {
    const source = [
      "class WebSocket {}",
      "new WebSocket();",
      "const o = { XMLHttpRequest: 1, on: 2 };",
      "o.XMLHttpRequest;",
      "let w: Worker | undefined;",
    ].join("\n");
    expect(await analyze(source, "a.ts")).toEqual([]);
  });

  it("gives every finding a concrete fix", async () => {
    const { findings } = await applyRule(llrtCompatRule, "a.mjs", "import { AsyncLocalStorage } from 'async_hooks';\nimport http from 'http';\nprocess.on('exit', f);\n");
    expect(findings).toHaveLength(3);
    for (const f of findings) expect(f.fix).toMatch(/\w{4,}/);
    expect(findings.map((f) => f.fix)).toEqual([
      expect.stringContaining("pass the request context explicitly"),
      expect.stringContaining("fetch"),
      expect.stringContaining("not an EventEmitter"),
    ]);
  });
});

describe("llrt-compat standalone", () => {
  it("runs under jscodeshift, reports with file:line:column and changes nothing", () => {
    const file = fixturePath("projects", "compat-app", "src", "app.mjs");
    const out = execFileSync("npx", ["jscodeshift", "-t", "transforms/llrt-compat.ts", "--dry", file], { cwd: repoRoot, encoding: "utf8" });
    expect(out).toContain(`${file}:16:18 error llrt-compat: crypto.createCipheriv: not available in LLRT's 'crypto'`);
    expect(out).toContain(`${file}:8:1 error llrt-compat: process.on`);
    expect(out).toMatch(/0 ok/);
  });
});
