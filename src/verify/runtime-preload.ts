// What `verify` loads into each Node.js runtime process before the function (`node --import`):
// - every AWS request goes to the local endpoint (http/https.request and fetch to *.amazonaws.com are
//   sent there, with their Host kept), and any other host is refused: nothing leaves the machine;
// - bare packages the bundle leaves external (`@aws-sdk/*`, which LLRT embeds) resolve from the
//   project, else from llrt-migrate's own install;
// - in LLRT-shaped mode (the migrated version when no LLRT binary is given), built-ins follow the
//   compatibility data (./llrt-shape): a module LLRT lacks fails to load, a member LLRT lacks throws
//   when used, naming it; `require` exists in ES modules, as in LLRT. Code under node_modules (the
//   AWS SDK, which LLRT replaces with its own build) and Node's internals are left alone.
// Written as text beside the bundle, like the bench's bootstrap, so it works from dist/ too.

export const preloadFile = "verify-preload.mjs";
export const hooksFile = "verify-hooks.mjs";
/** Environment variable carrying the JSON configuration of ./run-side's `PreloadConfig`. */
export const preloadConfigVariable = "LLRT_MIGRATE_VERIFY";

export const preloadSource = String.raw`// llrt-migrate verify: local AWS, resolution fallback and (optionally) the LLRT-shaped built-ins.
import { createRequire, register, syncBuiltinESMExports } from "node:module";
import http from "node:http";
import https from "node:https";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const config = JSON.parse(process.env.${preloadConfigVariable});
const endpoint = new URL(config.endpoint);
const here = fileURLToPath(import.meta.url);
const isAws = (host) => /(^|\.)amazonaws\.com(\.cn)?$/.test(host);
const isLocal = (host) => host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "[::1]";
const blocked = (host) => new Error("llrt-migrate verify: network access to " + host + " is blocked (only AWS is answered, by a local endpoint)");

function requestOptions(args) {
  const [first, second, third] = args;
  if (typeof first === "string" || first instanceof URL) {
    const url = new URL(first);
    const base = { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search };
    return typeof second === "function" ? [base, second] : [{ ...base, ...second }, third];
  }
  return [{ ...first }, second];
}

const httpRequest = http.request;
function redirected(original) {
  return function request(...args) {
    const [options, callback] = requestOptions(args);
    const host = options.hostname || String(options.host || "localhost").replace(/:\d+$/, "");
    if (isLocal(host)) return original.apply(this, args);
    if (!isAws(host)) throw blocked(host);
    const headers = { ...options.headers };
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "host")) headers.host = host;
    return httpRequest({ ...options, protocol: "http:", hostname: endpoint.hostname, host: undefined, port: endpoint.port, agent: undefined, headers }, callback);
  };
}
for (const mod of [http, https]) {
  const request = redirected(mod.request);
  mod.request = request;
  mod.get = (...args) => {
    const req = request(...args);
    req.end();
    return req;
  };
}
syncBuiltinESMExports();

const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (isLocal(url.hostname)) return realFetch(input, init);
  if (!isAws(url.hostname)) return Promise.reject(blocked(url.hostname));
  const local = new URL(url.pathname + url.search, endpoint);
  return realFetch(input instanceof Request ? new Request(local, input) : local, init);
};

const shape = config.shape;
if (shape) installLlrtShape(shape);
register("./${hooksFile}", import.meta.url, { data: { fallbackRoots: config.fallbackRoots, shaped: shape ? Object.keys(shape.modules) : [] } });

function installLlrtShape(shape) {
  const nodeRequire = createRequire(import.meta.url);
  // The caller of a shaped member is user code unless it is under node_modules (the AWS SDK, which
  // LLRT replaces with its own build) or inside Node.js itself.
  const fromUserCode = () => {
    const frames = new Error().stack.split("\n").slice(1).map((line) => line.trim()).filter((line) => !line.includes(here) && !line.includes("/bootstrap.mjs"));
    const caller = frames[0] || "";
    return !/node_modules|node:internal|\(node:/.test(caller);
  };
  const unsupported = (what, fix) => {
    const error = new Error(what + " is not available in LLRT " + shape.release + ": " + fix);
    error.name = "LlrtUnsupportedError";
    return error;
  };
  const throwing = (what, fix) => function llrtUnsupported() {
    throw unsupported(what, fix);
  };
  const shapedObject = (label, real, missing) =>
    new Proxy(real, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof key !== "string" || !Object.hasOwn(missing, key) || !fromUserCode()) return value;
        if (typeof value === "function") return throwing(label + "." + key, missing[key]);
        throw unsupported(label + "." + key, missing[key]);
      },
    });
  const modules = new Map();
  const shapedModule = (name) => {
    const entry = shape.modules[name];
    if (!entry) return nodeRequire("node:" + name);
    if ("missing" in entry) throw unsupported("the module '" + name + "'", entry.missing);
    if (!modules.has(name)) modules.set(name, shapedObject(name, nodeRequire("node:" + name), entry.members));
    return modules.get(name);
  };
  // Named exports of shaped ES module imports: bound once at import, so a missing function becomes a
  // function that throws when called, anything else missing becomes undefined.
  const shapedExport = (name, key) => {
    const entry = shape.modules[name];
    const real = nodeRequire("node:" + name)[key];
    if (!entry || "missing" in entry || !Object.hasOwn(entry.members, key)) return real;
    return typeof real === "function" ? throwing(name + "." + key, entry.members[key]) : undefined;
  };
  globalThis.__llrtMigrateShape = { module: shapedModule, export: shapedExport };

  const builtin = (specifier) => {
    const name = specifier.replace(/^node:/, "").replace(/\/$/, "");
    return specifier.startsWith("node:") || Object.hasOwn(shape.modules, name) ? name : undefined;
  };
  const taskRequire = createRequire(join(process.env.LAMBDA_TASK_ROOT || process.cwd(), "index.mjs"));
  const roots = config.fallbackRoots.map((root) => createRequire(join(root, "package.json")));
  globalThis.require = (specifier) => {
    const name = builtin(specifier);
    if (name !== undefined) return shapedModule(name);
    for (const req of [taskRequire, ...roots]) {
      try {
        return req(specifier);
      } catch (error) {
        if (error.code !== "MODULE_NOT_FOUND") throw error;
      }
    }
    return taskRequire(specifier);
  };

  Object.defineProperty(globalThis, "process", { value: shapedModule("process"), writable: true, configurable: true });
  for (const [name, missing] of Object.entries(shape.globalMembers)) {
    if (globalThis[name] !== undefined) Object.defineProperty(globalThis, name, { value: shapedObject(name, globalThis[name], missing), writable: true, configurable: true });
  }
  for (const [name, fix] of Object.entries(shape.absentGlobals)) {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    if (!descriptor) continue;
    const real = globalThis[name];
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        if (fromUserCode()) throw unsupported("the global " + name, fix);
        return real;
      },
    });
  }
}
`;

export const hooksSource = String.raw`// llrt-migrate verify: module resolution hooks (see ${preloadFile}).
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const nodeRequire = createRequire(import.meta.url);
let fallbackRoots = [];
let shaped = new Set();
export function initialize(data) {
  fallbackRoots = data.fallbackRoots;
  shaped = new Set(data.shaped);
}

const scheme = "llrt-migrate-shaped:";
// The runtime loop itself (bootstrap.mjs) is the runtime's code, not the function's.
const fromUserCode = (parentURL) =>
  parentURL !== undefined && !parentURL.startsWith(scheme) && !parentURL.includes("/node_modules/") && !parentURL.endsWith("/bootstrap.mjs");
const isBare = (specifier) => !/^([./]|[a-z][a-z0-9+.-]*:)/i.test(specifier);

export async function resolve(specifier, context, next) {
  const name = specifier.replace(/^node:/, "").replace(/\/$/, "");
  if (shaped.has(name) && fromUserCode(context.parentURL)) return { url: scheme + name, shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!isBare(specifier)) throw error;
    for (const root of fallbackRoots) {
      try {
        return { url: pathToFileURL(createRequire(join(root, "package.json")).resolve(specifier)).href, shortCircuit: true };
      } catch {
        // not installed there either
      }
    }
    throw error;
  }
}

const identifier = /^[A-Za-z_$][\w$]*$/;
export async function load(url, context, next) {
  if (!url.startsWith(scheme)) return next(url, context);
  const name = url.slice(scheme.length);
  // require, not import(): an import() here would come back through these hooks.
  const real = nodeRequire("node:" + name);
  const names = Object.keys(real).filter((key) => key !== "default" && identifier.test(key));
  const get = "globalThis.__llrtMigrateShape";
  const source = [
    "const shaped = " + get + ".module(" + JSON.stringify(name) + ");",
    "export default shaped;",
    ...names.map((key) => "export const " + key + " = " + get + ".export(" + JSON.stringify(name) + ", " + JSON.stringify(key) + ");"),
  ].join("\n");
  return { format: "module", source, shortCircuit: true };
}
`;
