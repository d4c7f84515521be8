// Global names as LLRT (see ./release) provides them: globals that are absent, and global objects
// whose members are only partly there. Source: awslabs/llrt API.md, modules/*/src/lib.rs, vm.rs.
import type { MemberNote } from "./builtins";

/** Globals LLRT does not define, with the fix. Using one throws a ReferenceError. */
export const absentGlobals: Readonly<Record<string, string>> = {
  XMLHttpRequest: "Use the global `fetch`.",
  WebSocket: "LLRT has no WebSocket client: talk to the service over HTTP with `fetch`.",
  MessageChannel: "LLRT has no MessageChannel: call functions directly (or use queueMicrotask for deferral).",
  MessagePort: "LLRT has no MessagePort: call functions directly.",
  BroadcastChannel: "LLRT has no BroadcastChannel: call functions directly.",
  Worker: "LLRT has no workers: do the work in the handler, or fan out to other Lambda invocations.",
  WebAssembly: "LLRT has no WebAssembly: use a pure-JavaScript implementation of the library.",
  CompressionStream: "Use `zlib.gzipSync`/`deflateSync` (or their async forms) on the whole buffer.",
  DecompressionStream: "Use `zlib.gunzipSync`/`inflateSync` (or their async forms) on the whole buffer.",
  URLPattern: "Match URLs with a RegExp on `new URL(input).pathname`.",
  clearImmediate: "LLRT has no clearImmediate: use `setTimeout(fn, 0)` and `clearTimeout` when the callback must be cancellable.",
  TransformStream: "TransformStream exists only on LLRT's main branch, not in this release: transform chunks in a ReadableStream's pull().",
  Temporal: "Temporal exists only on LLRT's main branch, not in this release: use Date.",
  awslambda: "LLRT has no `awslambda` global (no response streaming, awslabs/llrt#318): return a buffered response from an async handler.",
};

/** A global object and what LLRT has of it. `module` points at the built-in whose table describes it. */
export interface GlobalObject {
  module?: string;
  /** The surface class whose statics (with inheritance: Buffer extends Uint8Array) are the members. */
  surfaceClass?: string;
  members?: readonly string[];
  missing?: Readonly<Record<string, string>>;
  differs?: Readonly<Record<string, MemberNote>>;
  fix?: string;
}

export const globalObjects: Readonly<Record<string, GlobalObject>> = {
  /** The global `process` is the same object as the `process` module. */
  process: { module: "process" },
  Intl: {
    members: ["DateTimeFormat"],
    missing: Object.fromEntries(
      ["NumberFormat", "Collator", "PluralRules", "RelativeTimeFormat", "ListFormat", "Segmenter", "DisplayNames", "Locale", "getCanonicalLocales", "supportedValuesOf"]
        .map((m) => [m, `LLRT's Intl has only a minimal DateTimeFormat: replace Intl.${m} with plain formatting code (e.g. Number#toFixed, string comparison).`]),
    ),
    differs: {
      DateTimeFormat: { severity: "warning", message: "is minimal in LLRT (time zones, format, formatToParts, resolvedOptions; no locale data)", fix: "Check the output on LLRT; format dates with explicit code if a locale's conventions matter." },
    },
    fix: "LLRT's Intl has only a minimal DateTimeFormat.",
  },
  Buffer: {
    surfaceClass: "buffer.Buffer",
    missing: { compare: "LLRT has no Buffer.compare: compare the bytes in a loop (or compare `a.toString('hex')` with `b.toString('hex')` for equality)." },
    fix: "LLRT's Buffer lacks this static method.",
  },
};

/** `import.meta` properties LLRT lacks (it has `import.meta.url`). */
export const absentImportMeta: Readonly<Record<string, string>> = {
  dirname: "Use `path.dirname(url.fileURLToPath(import.meta.url))`.",
  filename: "Use `url.fileURLToPath(import.meta.url)`.",
};
