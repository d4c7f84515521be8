// The type-aware analysis on a regression corpus: handlers that each use one API LLRT lacks (or
// narrows) must be flagged with that API named; fixtures that use only what LLRT supports (inherited
// Buffer members, EventEmitter subclasses, common crypto/fetch patterns) must give no error.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import jscodeshift from "jscodeshift";
import { describe, expect, it } from "vitest";
import type { RuleFinding } from "../../src/engine/types";
import { defaultOptions } from "../../src/engine/types";
import { parserFor } from "../../src/engine/code-rule";
import { llrtCompatRule } from "../../transforms/llrt-compat";

async function findings(file: string, source: string, llrtVersion?: string): Promise<RuleFinding[]> {
  const found: RuleFinding[] = [];
  if (!llrtCompatRule.mayApply(source)) return found;
  const j = jscodeshift.withParser(parserFor(file));
  llrtCompatRule.apply({
    j, root: j(source), file, source, handlerExports: [], options: { ...defaultOptions, ...(llrtVersion ? { llrtVersion } : {}) },
    report: (f) => found.push(f),
  });
  return found;
}

/** One API each: [what the message must name, the handler]. */
const oneApiHandlers: Array<[string, string]> = [
  ["setMaxListeners", `import { EventEmitter } from "events";\nexport const handler = async () => { const emitter = new EventEmitter(); emitter.setMaxListeners(50); return 1; };`],
  ["equals", `export const handler = async (e) => { const buf = Buffer.from(e.a); const other = Buffer.from(e.b); return buf.equals(other); };`],
  ["sha3-256", `import { createHash } from "crypto";\nexport const handler = async (e) => createHash("sha3-256").update(e.x).digest("hex");`],
  ["base64url", `export const handler = async (e) => Buffer.from(e.token, "base64url").toString("utf8");`],
  ["body", `export const handler = async (e) => { const reader = (await fetch(e.url)).body.getReader(); return (await reader.read()).done; };`],
  ["memoryUsage", `export const handler = async (e) => new Promise((resolve) => setTimeout(() => resolve(process.memoryUsage().rss), 1));`],
  ["createCipheriv", `import crypto from "crypto";\nexport const handler = async (e) => crypto.createCipheriv("aes-256-gcm", e.key, e.iv).update(e.data);`],
  ["promisify", `const util = require("util");\nconst fs = require("fs");\nexports.handler = async () => util.promisify(fs.unlink)("/tmp/x");`],
  ["http", `import http from "http";\nexport const handler = async () => new Promise((r) => http.get("http://example.com", r));`],
  ["querystring", `const qs = require("querystring");\nexports.handler = async (e) => qs.parse(e.body);`],
  ["process.on", `process.on("unhandledRejection", (e) => console.error(e));\nexport const handler = async () => 1;`],
  ["Intl.NumberFormat", `export const handler = async (e) => new Intl.NumberFormat("de-DE").format(e.n);`],
  ["WebSocket", `export const handler = async (e) => { const ws = new WebSocket(e.url); return ws.readyState; };`],
  ["clearImmediate", `export const handler = async () => { const t = setImmediate(() => {}); clearImmediate(t); };`],
  ["events.once", `import events from "events";\nexport const handler = async (e) => events.once(e.emitter, "done");`],
  ["createReadStream", `import fs from "fs";\nexport const handler = async () => fs.createReadStream("/tmp/a").pipe(process.stdout);`],
  ["createGzip", `import zlib from "zlib";\nexport const handler = async () => zlib.createGzip();`],
  ["AsyncLocalStorage", `import { AsyncLocalStorage } from "async_hooks";\nconst store = new AsyncLocalStorage();\nexport const handler = async (e) => store.run(e, () => store.getStore());`],
  ["timingSafeEqual", `import { timingSafeEqual } from "crypto";\nexport const handler = async (e) => timingSafeEqual(Buffer.from(e.a), Buffer.from(e.b));`],
  ["url.parse", `const url = require("url");\nexports.handler = async (e) => url.parse(e.link).hostname;`],
  ["Buffer.compare", `export const handler = async (e) => Buffer.compare(Buffer.from(e.a), Buffer.from(e.b));`],
  ["import.meta.dirname", `export const handler = async () => import.meta.dirname;`],
  ["assert.strictEqual", `import assert from "assert";\nexport const handler = async (e) => { assert.strictEqual(e.a, 1); };`],
  ["sha224", `const crypto = require("crypto");\nexports.handler = async (e) => crypto.createHmac("sha224", e.key).update(e.msg).digest("hex");`],
  ["binary", `export const handler = async (e) => { const buf = Buffer.from(e.s); return buf.toString("binary"); };`],
  ["windows-1250", `export const handler = async (e) => new TextDecoder("windows-1250").decode(e.bytes);`],
  ["listeners", `import { EventEmitter } from "events";\nclass Jobs extends EventEmitter {}\nconst jobs = new Jobs();\nexport const handler = async () => jobs.listeners("done").length;`],
  ["readUIntBE", `export const handler = async (e) => Buffer.from(e.bytes).readUIntBE(0, 3);`],
  ["execSync", `const { execSync } = require("child_process");\nexports.handler = async () => execSync("ls").toString();`],
  ["noDelay", `import net from "net";\nexport const handler = async () => { net.createServer({ noDelay: true }).listen(0); };`],
  ["copy", `import { createHash } from "crypto";\nexport const handler = async (e) => { const h = createHash("sha256").update(e.a); return h.copy().digest("hex"); };`],
  ["uptime", `export const handler = async () => { const proc = process; return proc.uptime(); };`],
  ["removeAllListeners", `import { EventEmitter } from "events";\nconst make = () => new EventEmitter();\nexport const handler = async () => { const e = make(); e.removeAllListeners(); };`],
];

describe("one-API handlers", () => {
  it.each(oneApiHandlers)("flags %s with the API named", async (api, code) => {
    const found = await findings("handler.mjs", code);
    const named = found.filter((f) => (f.severity === "error" || f.severity === "warning") && f.message.includes(api));
    expect(named, JSON.stringify(found.map((f) => f.message))).not.toHaveLength(0);
  }, 60_000);
});

describe("supported-API corpus", () => {
  const dir = join(__dirname, "../../fixtures/compat/supported");
  it.each(readdirSync(dir))("%s gives no error finding", async (name) => {
    const found = await findings(name, readFileSync(join(dir, name), "utf8"));
    expect(found.filter((f) => f.severity === "error").map((f) => `${f.line}: ${f.message}`)).toEqual([]);
  }, 60_000);
});

describe("releases", () => {
  it("checks against the release asked for: main has streaming bodies, v0.8.1-beta does not", async () => {
    const code = `export const handler = async (e) => (await fetch(e.url)).body.getReader();`;
    expect((await findings("h.mjs", code)).map((f) => f.message)).toEqual([expect.stringContaining("Response#body")]);
    expect(await findings("h.mjs", code, "main-2026-08-21")).toEqual([]);
  }, 60_000);
});
