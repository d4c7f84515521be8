// Node's built-in modules as LLRT (see ./release) has them: which resolve, which members they export,
// the notable missing members with the fix, and the modules and subpaths that do not exist at all.
// Source: awslabs/llrt `declare(...)` calls in modules/llrt_*/src/lib.rs and module_builder.rs.
// Data only: the analyzers (./analyze-code) decide what a use of each entry means.
import type { Severity } from "../engine/types";
import { defaultSurface } from "./surface";
import type { LlrtSurface } from "./surface-types";

/** A member that exists but behaves differently from Node. */
export interface MemberNote {
  severity: Severity;
  /** What differs, phrased to follow the subject ("process.version: is the LLRT version ..."). */
  message: string;
  fix: string;
}

export interface BuiltinModule {
  /** What LLRT exports (named exports and members of the default/namespace object). */
  members: readonly string[];
  /** False when the member list is not enumerated (e.g. console): member uses are not checked. */
  checkMembers?: boolean;
  /** Notable missing members and the concrete fix for each. Any member not in `members` is missing. */
  missing?: Readonly<Record<string, string>>;
  /** Fix for a missing member with no entry in `missing`. */
  fix: string;
  /** Members that exist but differ from Node. */
  differs?: Readonly<Record<string, MemberNote>>;
  /** Members that are themselves a module object (`fs.promises` is `fs/promises`). */
  submodules?: Readonly<Record<string, string>>;
  /** A note about importing the module at all. */
  onImport?: MemberNote;
}

/** Every name Node resolves as a built-in (node:-only names included), to tell built-ins from packages. */
export const nodeBuiltinNames: ReadonlySet<string> = new Set([
  "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto",
  "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs", "fs/promises", "http", "http2",
  "https", "inspector", "inspector/promises", "module", "net", "os", "path", "path/posix", "path/win32", "perf_hooks",
  "process", "punycode", "querystring", "readline", "readline/promises", "repl", "stream", "stream/consumers",
  "stream/promises", "stream/web", "string_decoder", "sys", "timers", "timers/promises", "tls", "trace_events", "tty",
  "url", "util", "util/types", "v8", "vm", "wasi", "worker_threads", "zlib", "sea", "sqlite", "test", "test/reporters",
]);

const syncAndAsync = (names: string[]) => names.flatMap((n) => [n, `${n}Sync`]);
const fsCallbackFix = "LLRT's fs has no callback API: use `fs.promises.<name>` (await it) or the `<name>Sync` function if LLRT has it.";

export const builtinModules: Readonly<Record<string, BuiltinModule>> = {
  assert: {
    members: ["ok"],
    missing: Object.fromEntries(
      ["equal", "strictEqual", "deepEqual", "deepStrictEqual", "notEqual", "notStrictEqual", "notDeepStrictEqual", "throws", "rejects", "fail", "match", "AssertionError"]
        .map((m) => [m, `LLRT's assert is only callable: write \`assert(condition, message)\` or \`if (!condition) throw new Error(message)\` instead of assert.${m}.`]),
    ),
    fix: "LLRT's assert only has `assert(value, message)` and `assert.ok`.",
  },
  async_hooks: {
    members: ["createHook", "executionAsyncId", "triggerAsyncId", "currentId"],
    missing: {
      AsyncLocalStorage: "LLRT has no AsyncLocalStorage: pass the request context explicitly as a function argument.",
      AsyncResource: "LLRT has no AsyncResource: call the function directly, passing what it needs as arguments.",
    },
    differs: {
      createHook: { severity: "warning", message: "tracks promises only when LLRT_ASYNC_HOOKS=1", fix: "Set the environment variable LLRT_ASYNC_HOOKS=1 on the function if the hooks must see promises." },
    },
    fix: "LLRT's async_hooks only has createHook, executionAsyncId, triggerAsyncId and currentId.",
  },
  buffer: {
    members: ["Buffer", "atob", "btoa", "constants"],
    fix: "LLRT's buffer module only exports Buffer, atob, btoa and constants.",
  },
  child_process: {
    members: ["spawn"],
    missing: {
      exec: "Use child_process.spawn (LLRT has no exec).",
      execSync: "Use child_process.spawn and await its `close` event (LLRT has no synchronous child processes).",
      spawnSync: "Use child_process.spawn and await its `close` event (LLRT has no synchronous child processes).",
      execFileSync: "Use child_process.spawn and await its `close` event (LLRT has no synchronous child processes).",
      execFile: "Use child_process.spawn (execFile exists only on LLRT's main branch, not in this release).",
      fork: "LLRT cannot fork Node processes: run the work in the handler or in another function.",
    },
    differs: {
      spawn: { severity: "warning", message: "its stdio streams are not Node-compatible in LLRT", fix: "Test the child-process code on LLRT; read output with the `data` events only." },
    },
    fix: "LLRT's child_process only has spawn.",
  },
  console: { members: ["Console"], checkMembers: false, fix: "" },
  crypto: {
    members: [
      "createHash", "createHmac", "randomBytes", "randomInt", "randomUUID", "randomFill", "randomFillSync", "getRandomValues",
      "crypto", "webcrypto", "Md5", "Sha1", "Sha256", "Sha384", "Sha512", "Crc32", "Crc32c",
    ],
    missing: {
      createCipheriv: "Encrypt with WebCrypto: `crypto.subtle.importKey('raw', key, 'AES-GCM' | 'AES-CBC' | 'AES-CTR', …)` then `await crypto.subtle.encrypt(...)` (asynchronous).",
      createDecipheriv: "Decrypt with WebCrypto: `crypto.subtle.importKey(...)` then `await crypto.subtle.decrypt({ name: 'AES-GCM' | 'AES-CBC' | 'AES-CTR', iv }, key, data)` (asynchronous).",
      createCipher: "Encrypt with WebCrypto `crypto.subtle.encrypt` (createCipher is deprecated in Node too).",
      createDecipher: "Decrypt with WebCrypto `crypto.subtle.decrypt` (createDecipher is deprecated in Node too).",
      createSign: "Sign with WebCrypto: `crypto.subtle.importKey('pkcs8', …)` then `await crypto.subtle.sign('RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA' | 'Ed25519', key, data)`.",
      createVerify: "Verify with WebCrypto: `crypto.subtle.importKey('spki' | 'jwk', …)` then `await crypto.subtle.verify(...)`.",
      sign: "Sign with WebCrypto `await crypto.subtle.sign(...)` after `crypto.subtle.importKey`.",
      verify: "Verify with WebCrypto `await crypto.subtle.verify(...)` after `crypto.subtle.importKey`.",
      createPublicKey: "Import keys with WebCrypto `crypto.subtle.importKey('spki' | 'jwk', …)`.",
      createPrivateKey: "Import keys with WebCrypto `crypto.subtle.importKey('pkcs8' | 'jwk', …)`.",
      createSecretKey: "Import keys with WebCrypto `crypto.subtle.importKey('raw', …)`.",
      KeyObject: "Use WebCrypto CryptoKey objects (`crypto.subtle.importKey`).",
      pbkdf2: "Derive with WebCrypto: `crypto.subtle.deriveBits({ name: 'PBKDF2', salt, iterations, hash }, key, bits)`.",
      pbkdf2Sync: "Derive with WebCrypto (asynchronous): `crypto.subtle.deriveBits({ name: 'PBKDF2', salt, iterations, hash }, key, bits)`.",
      hkdf: "Derive with WebCrypto: `crypto.subtle.deriveBits({ name: 'HKDF', hash, salt, info }, key, bits)`.",
      hkdfSync: "Derive with WebCrypto (asynchronous): `crypto.subtle.deriveBits({ name: 'HKDF', … }, key, bits)`.",
      scrypt: "LLRT has no scrypt and WebCrypto has none either: use a pure-JavaScript scrypt implementation.",
      scryptSync: "LLRT has no scrypt and WebCrypto has none either: use a pure-JavaScript scrypt implementation.",
      timingSafeEqual: "Compare in constant time by hand: check the lengths, then OR together `a[i] ^ b[i]` over all bytes and test the result against 0.",
      generateKeyPair: "Generate keys with WebCrypto `crypto.subtle.generateKey(...)`.",
      generateKeyPairSync: "Generate keys with WebCrypto (asynchronous) `crypto.subtle.generateKey(...)`.",
      diffieHellman: "Use WebCrypto ECDH/X25519: `crypto.subtle.deriveBits({ name: 'ECDH', public }, privateKey, bits)`.",
      createDiffieHellman: "Use WebCrypto ECDH/X25519 (`crypto.subtle.deriveBits`).",
      createECDH: "Use WebCrypto ECDH (`crypto.subtle.generateKey({ name: 'ECDH', namedCurve })`, `deriveBits`).",
      publicEncrypt: "Encrypt with WebCrypto RSA-OAEP: `crypto.subtle.encrypt({ name: 'RSA-OAEP' }, key, data)`.",
      privateDecrypt: "Decrypt with WebCrypto RSA-OAEP: `crypto.subtle.decrypt({ name: 'RSA-OAEP' }, key, data)`.",
      getHashes: "LLRT hashes: md5, sha1, sha256, sha384, sha512: use that fixed list.",
      subtle: "Use `crypto.webcrypto.subtle` or the global `crypto.subtle`.",
    },
    fix: "LLRT's crypto has hashes, HMAC and random functions only; everything else goes through WebCrypto (`crypto.subtle`).",
  },
  dgram: { members: ["createSocket", "Socket"], fix: "LLRT's dgram only has createSocket and Socket." },
  dns: {
    members: ["lookup"],
    submodules: { promises: "dns/promises" },
    fix: "LLRT's dns only has lookup (wrap it in a Promise for async code).",
  },
  events: {
    members: ["EventEmitter"],
    missing: {
      once: "LLRT has no static events.once: `new Promise((resolve) => emitter.once(name, (...args) => resolve(args)))`.",
      on: "LLRT has no static events.on (async iterator): collect events with emitter.on(name, listener).",
      setMaxListeners: "Remove the call: LLRT's EventEmitter has no listener limit to change.",
      getMaxListeners: "Remove the call: LLRT's EventEmitter has no listener limit.",
      listenerCount: "Use `emitter.listenerCount(name)` on the instance.",
      errorMonitor: "Listen for 'error' instead: LLRT has no events.errorMonitor.",
      defaultMaxListeners: "Remove it: LLRT's EventEmitter has no listener limit.",
    },
    fix: "LLRT's events module only exports EventEmitter (without static helpers).",
  },
  fs: {
    members: [
      "accessSync", "chmodSync", "lstatSync", "mkdirSync", "mkdtempSync", "readdirSync", "readFileSync", "renameSync",
      "rmdirSync", "rmSync", "statSync", "symlinkSync", "writeFileSync", "constants", "promises",
    ],
    submodules: { promises: "fs/promises" },
    missing: {
      existsSync: "Use `fs.statSync(path)` inside try/catch (false when it throws); llrt-migrate rewrites this where it is a direct call.",
      unlinkSync: "Use `fs.rmSync(path)`.",
      unlink: "Use `await fs.promises.rm(path)`.",
      appendFileSync: "Read with `fs.readFileSync`, then `fs.writeFileSync` the concatenation.",
      appendFile: "Read with `fs.promises.readFile`, then `fs.promises.writeFile` the concatenation.",
      copyFileSync: "Use `fs.writeFileSync(dest, fs.readFileSync(src))`.",
      copyFile: "Use `await fs.promises.writeFile(dest, await fs.promises.readFile(src))`.",
      createReadStream: "Read the whole file with `fs.readFileSync`/`fs.promises.readFile`, or `fs.promises.open` and read from the FileHandle.",
      createWriteStream: "Write with `fs.writeFileSync`/`fs.promises.writeFile`, or `fs.promises.open` and write to the FileHandle.",
      realpathSync: "LLRT has no realpath: use `path.resolve` when the path has no symlinks.",
      readlinkSync: "LLRT has no readlink: avoid depending on symlink targets.",
      watch: "LLRT cannot watch files (and a Lambda function has no use for it): remove the watcher.",
      opendirSync: "Use `fs.readdirSync(path, { withFileTypes: true })`.",
      cpSync: "Copy file by file with `fs.readdirSync`, `fs.readFileSync` and `fs.writeFileSync`.",
      ...Object.fromEntries(["readFile", "writeFile", "readdir", "stat", "lstat", "mkdir", "mkdtemp", "rename", "rm", "rmdir", "access", "chmod", "symlink"]
        .map((m) => [m, fsCallbackFix.replaceAll("<name>", m)])),
    },
    fix: "LLRT's fs has only some *Sync functions and `fs.promises`: use one of those.",
  },
  "fs/promises": {
    members: ["access", "chmod", "lstat", "mkdir", "mkdtemp", "open", "readdir", "readFile", "rename", "rm", "rmdir", "stat", "symlink", "writeFile", "constants"],
    missing: {
      unlink: "Use `rm(path)`.",
      appendFile: "Use `readFile`, then `writeFile` the concatenation.",
      copyFile: "Use `writeFile(dest, await readFile(src))`.",
      realpath: "LLRT has no realpath: use `path.resolve` when the path has no symlinks.",
      readlink: "LLRT has no readlink: avoid depending on symlink targets.",
      cp: "Copy file by file with `readdir`, `readFile` and `writeFile`.",
      utimes: "LLRT cannot set file times: remove the call.",
    },
    fix: "LLRT's fs/promises lacks this function: use access, chmod, lstat, mkdir, mkdtemp, open, readdir, readFile, rename, rm, rmdir, stat, symlink or writeFile.",
  },
  https: {
    members: ["Agent"],
    missing: {
      request: "Use the global `fetch(url, { method, headers, body })` (an https.Agent can be passed as its `agent` option).",
      get: "Use the global `fetch(url)`.",
      createServer: "A Lambda function needs no server: the runtime calls the handler.",
      globalAgent: "Create an `https.Agent` and pass it to fetch, or drop it.",
    },
    fix: "LLRT's https is a stub with only Agent: use the global fetch.",
  },
  module: {
    members: ["builtinModules", "createRequire", "isBuiltin", "registerHooks"],
    fix: "LLRT's module has builtinModules, createRequire, isBuiltin and registerHooks only.",
  },
  net: {
    members: ["connect", "createConnection", "createServer", "Socket", "Server"],
    fix: "LLRT's net only has connect, createConnection, createServer, Socket and Server (no TLS).",
  },
  os: {
    members: [
      "arch", "availableParallelism", "cpus", "devNull", "endianness", "EOL", "freemem", "getPriority", "setPriority", "homedir",
      "hostname", "loadavg", "machine", "networkInterfaces", "platform", "release", "tmpdir", "totalmem", "type", "uptime", "userInfo", "version",
    ],
    missing: { constants: "LLRT has no os.constants: use the numeric values (signals, errno) directly." },
    fix: "LLRT's os lacks this function.",
  },
  path: {
    members: ["basename", "delimiter", "dirname", "extname", "format", "isAbsolute", "join", "normalize", "parse", "relative", "resolve", "sep"],
    missing: {
      posix: "Use `path` itself: on Lambda (Linux) it already is POSIX.",
      win32: "LLRT has no Windows path functions; Lambda runs on Linux.",
    },
    fix: "LLRT's path lacks this function.",
  },
  perf_hooks: {
    members: ["performance"],
    missing: {
      PerformanceObserver: "LLRT has no PerformanceObserver: time code with `performance.now()`.",
      monitorEventLoopDelay: "LLRT cannot monitor event-loop delay: remove it.",
    },
    fix: "LLRT's perf_hooks only has `performance` (now, timeOrigin, toJSON).",
  },
  process: {
    members: [
      "env", "cwd", "argv", "argv0", "id", "platform", "arch", "hrtime", "release", "version", "versions", "exitCode", "exit",
      "kill", "getuid", "setuid", "getgid", "setgid", "geteuid", "seteuid", "getegid", "setegid",
    ],
    missing: {
      ...Object.fromEntries(["on", "once", "off", "emit", "addListener", "removeListener", "removeAllListeners", "prependListener"]
        .map((m) => [m, `LLRT's process is not an EventEmitter: remove process.${m}; for 'uncaughtException'/'unhandledRejection', catch errors inside the handler (try/catch around the awaited work) instead.`])),
      pid: "Use `process.id` (llrt-migrate rewrites this).",
      memoryUsage: "LLRT has no process.memoryUsage: use `import { ComputeMemoryUsage } from 'llrt:qjs'` or drop the measurement.",
      uptime: "Use `performance.now() / 1000` measured from init.",
      stdout: "Use `console.log` (LLRT has no process.stdout).",
      stderr: "Use `console.error` (LLRT has no process.stderr).",
      stdin: "A Lambda function has no stdin: read the event instead.",
      emitWarning: "Use `console.warn`.",
      cpuUsage: "LLRT has no process.cpuUsage: use `performance.now()` for timing.",
      chdir: "LLRT cannot change the working directory: build absolute paths with path.join.",
      umask: "LLRT has no process.umask: pass the mode to mkdir/writeFile explicitly.",
      nextTick: "Use `queueMicrotask(fn)` (process.nextTick exists only on LLRT's main branch, not in this release).",
    },
    differs: {
      version: { severity: "warning", message: "is the LLRT version (e.g. 0.8.1-beta), not a Node.js version", fix: "Do not parse process.version as a Node.js version; check `process.release.name === 'llrt'` to detect LLRT." },
      versions: { severity: "warning", message: "has node: '0.0.0' on LLRT", fix: "Do not gate features on process.versions.node; test for the feature itself." },
    },
    fix: "LLRT's process lacks this member.",
  },
  stream: {
    members: ["Stream", "Readable", "Writable", "Duplex", "Transform", "PassThrough", "finished", "pipeline", "promises"],
    submodules: { promises: "stream/promises" },
    onImport: { severity: "info", message: "is the JavaScript readable-stream 4 package in LLRT, not native streams", fix: "Expect stream-heavy code to run slower than on Node; prefer reading whole buffers." },
    fix: "LLRT's stream (readable-stream 4) lacks this export.",
  },
  "stream/promises": { members: ["finished", "pipeline"], fix: "LLRT's stream/promises only has finished and pipeline." },
  "stream/web": {
    members: [
      "ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamBYOBReader", "ReadableStreamDefaultController",
      "ReadableByteStreamController", "ReadableStreamBYOBRequest", "WritableStream", "WritableStreamDefaultWriter",
      "WritableStreamDefaultController", "ByteLengthQueuingStrategy", "CountQueuingStrategy",
    ],
    missing: { TransformStream: "TransformStream exists only on LLRT's main branch, not in this release: transform chunks in a ReadableStream's pull()." },
    fix: "LLRT's stream/web lacks this class.",
  },
  string_decoder: { members: ["StringDecoder"], fix: "LLRT's string_decoder only has StringDecoder." },
  timers: {
    members: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "queueMicrotask"],
    submodules: { promises: "timers/promises" },
    missing: { clearImmediate: "LLRT has no clearImmediate: use `setTimeout(fn, 0)` and `clearTimeout` when the callback must be cancellable." },
    fix: "LLRT's timers lacks this function.",
  },
  tty: { members: ["isatty"], fix: "LLRT's tty only has isatty." },
  url: {
    members: ["URL", "URLSearchParams", "fileURLToPath", "pathToFileURL", "format", "urlToHttpOptions", "domainToASCII", "domainToUnicode"],
    missing: {
      parse: "Use `new URL(input)` (LLRT has no legacy url.parse; note the WHATWG field names).",
      resolve: "Use `new URL(relative, base).href`.",
    },
    fix: "LLRT's url lacks this function: use the URL class.",
  },
  util: {
    members: ["format", "inherits", "TextDecoder", "TextEncoder"],
    submodules: { types: "util/types" },
    missing: {
      promisify: "Use the promise form of the API (`fs.promises`, …; llrt-migrate rewrites util.promisify(fs.X)) or wrap the call: `new Promise((resolve, reject) => fn(...args, (err, value) => (err ? reject(err) : resolve(value))))`.",
      callbackify: "Call the async function and use `.then(value => cb(null, value), cb)`.",
      deprecate: "Return the function itself (log a warning with console.warn if needed).",
      isDeepStrictEqual: "Compare with a small deep-equality helper (or JSON.stringify for plain data).",
      debuglog: "Use `console.debug` guarded by an environment variable.",
      parseArgs: "A Lambda function has no command line: read the event.",
      inspect: "Use `JSON.stringify(value, null, 2)` (util.inspect exists only on LLRT's main branch, not in this release).",
      styleText: "Print plain text (styleText exists only on LLRT's main branch).",
      isArray: "Use `Array.isArray`.",
    },
    fix: "LLRT's util only has format, inherits, TextDecoder and TextEncoder.",
  },
  zlib: {
    members: syncAndAsync(["deflate", "deflateRaw", "gzip", "inflate", "inflateRaw", "gunzip", "brotliCompress", "brotliDecompress", "zstdCompress", "zstdDecompress"]),
    missing: {
      ...Object.fromEntries(["createGzip", "createGunzip", "createDeflate", "createInflate", "createBrotliCompress", "createBrotliDecompress", "createDeflateRaw", "createInflateRaw", "createUnzip"]
        .map((m) => [m, `LLRT's zlib has no streaming classes: compress the whole buffer with the matching \`*Sync\` or async function instead of ${m}.`])),
      constants: "LLRT's zlib has no constants: drop the options that use them.",
      unzip: "Use `gunzip` (gzip data) or `inflate` (zlib data).",
      unzipSync: "Use `gunzipSync` (gzip data) or `inflateSync` (zlib data).",
    },
    fix: "LLRT's zlib lacks this function.",
  },
};

/** Built-ins (and subpaths) that LLRT cannot resolve, with the fix. Importing one fails at load. */
export const missingModules: Readonly<Record<string, string>> = {
  http: "LLRT has no http module: use the global `fetch` for HTTP calls (a Lambda handler needs no server).",
  http2: "Use the global `fetch` (set LLRT_HTTP_VERSION=2 for HTTP/2).",
  tls: "LLRT has no TLS sockets: reach the service over HTTPS with `fetch` or an AWS API (e.g. RDS Data API) instead.",
  querystring: "Use `URLSearchParams` (`new URLSearchParams(str)`, `.toString()`).",
  readline: "Read the whole input (e.g. `fs.readFileSync(path, 'utf8').split('\\n')`).",
  "readline/promises": "Read the whole input (e.g. `fs.readFileSync(path, 'utf8').split('\\n')`).",
  vm: "LLRT cannot run code in a separate context: avoid evaluating code at run time.",
  worker_threads: "LLRT has no threads: do the work in the handler, or fan out to other Lambda invocations.",
  cluster: "LLRT has no cluster: a Lambda instance handles one request at a time anyway.",
  v8: "LLRT has no v8 module (it runs QuickJS): drop the call, or shim it with module.registerHooks (LLRT_REGISTER_HOOKS).",
  diagnostics_channel: "LLRT has no diagnostics_channel: remove the instrumentation.",
  inspector: "LLRT has no inspector: remove the debugging code.",
  "inspector/promises": "LLRT has no inspector: remove the debugging code.",
  repl: "LLRT has no repl.",
  sqlite: "LLRT has no sqlite: use a database service (e.g. DynamoDB) instead.",
  test: "Run tests with `llrt test` (Jest/Chai-like) instead of node:test.",
  "test/reporters": "Run tests with `llrt test` instead of node:test.",
  wasi: "LLRT has no WebAssembly or WASI.",
  domain: "LLRT has no domain module: use try/catch around the awaited work.",
  punycode: "Use `url.domainToASCII` / `url.domainToUnicode`.",
  constants: "Use `fs.constants` (F_OK, R_OK, W_OK, X_OK).",
  sys: "Use `util`.",
  trace_events: "LLRT has no trace_events: remove the instrumentation.",
  sea: "LLRT has no single-executable API (see `llrt compile --executable`).",
  "timers/promises": "Use `new Promise((resolve) => setTimeout(resolve, ms))` (llrt-migrate rewrites timers/promises setTimeout).",
  "util/types": "Use `instanceof` / `typeof` checks (e.g. `value instanceof Promise`, `value instanceof Date`).",
  "path/posix": "Import `path` instead: on Lambda (Linux) it already is POSIX.",
  "path/win32": "LLRT has no Windows path functions; Lambda runs on Linux.",
  "assert/strict": "Import `assert` and use `assert(condition, message)`.",
  "dns/promises": "Wrap `dns.lookup` in a Promise: `new Promise((resolve, reject) => dns.lookup(host, (err, address) => (err ? reject(err) : resolve(address))))`.",
  "stream/consumers": "Collect the chunks yourself: `const chunks = []; for await (const c of stream) chunks.push(c); Buffer.concat(chunks)`.",
};

/** Strips `node:` and a trailing slash as LLRT's resolver does. */
export function builtinName(specifier: string): string | undefined {
  const name = specifier.replace(/^node:/, "").replace(/\/$/, "");
  return nodeBuiltinNames.has(name) || builtinModules[name] || name in missingModules ? name : undefined;
}

/** LLRT's own modules (`llrt:xml`, `llrt:qjs`, …): never flagged. */
export const isLlrtModule = (specifier: string) => specifier.startsWith("llrt:");

/** Members every object (or the module namespace itself) has: never reported as missing. */
export const universalMembers: ReadonlySet<string> = new Set(["default", "__esModule", "prototype", "name", "length", "call", "apply", "bind", "toString", "constructor"]);

export type MemberVerdict =
  | { status: "ok" }
  | { status: "submodule"; module: string }
  | { status: "differs"; note: MemberNote }
  | { status: "missing"; fix: string };

/**
 * What using `member` of the built-in `module` (which LLRT resolves) means in a release: its exports
 * come from the release's generated surface table when the table enumerates them (the module
 * sources' `declare` lists), else from the curated `members` (JavaScript modules such as `stream`).
 */
export function memberVerdict(module: string, member: string, surface: LlrtSurface = defaultSurface): MemberVerdict {
  const entry = builtinModules[module];
  if (!entry || entry.checkMembers === false || universalMembers.has(member)) return { status: "ok" };
  const generated = surface.modules[module];
  const members = generated?.length ? generated : entry.members;
  const sub = entry.submodules?.[member];
  if (sub && members.includes(member)) return { status: "submodule", module: sub };
  if (members.includes(member)) {
    const note = entry.differs?.[member];
    return note ? { status: "differs", note } : { status: "ok" };
  }
  if (sub) return { status: "submodule", module: sub };
  return { status: "missing", fix: entry.missing?.[member] ?? entry.fix };
}

/** Whether LLRT resolves the built-in `name` (after builtinName). */
export const resolvesInLlrt = (name: string) => name in builtinModules;

/** The fix for importing a built-in LLRT does not have. */
export function missingModuleFix(name: string): string {
  return missingModules[name] || `LLRT has no '${name}' module: remove the import or replace what it provides.`;
}
