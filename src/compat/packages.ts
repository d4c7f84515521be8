// npm packages known to break on LLRT (see ./release), with the reason and what to use instead.
// Source: awslabs/llrt issues (numbers in `source`). The dependency analyzer flags them even when
// node_modules is absent, from package.json, the lockfile and the handlers' imports.
import type { Severity } from "../engine/types";

export interface KnownPackage {
  /** `error`: fails at load or on its main use; `warning`: only some uses fail. */
  severity: Severity;
  reason: string;
  alternative: string;
  /** Where the fact comes from. */
  source: string;
}

const nativeAddon = (alternative: string): KnownPackage => ({
  severity: "error",
  reason: "it is a native addon (.node binary) and LLRT cannot load native addons",
  alternative,
  source: "awslabs/llrt package resolver (no .node support)",
});

export const knownPackages: Readonly<Record<string, KnownPackage>> = {
  axios: {
    severity: "error",
    reason: "its Node adapter needs `http`/`https` (not in LLRT) and its browser build needs XMLHttpRequest (absent)",
    alternative: "the global `fetch`",
    source: "awslabs/llrt#40, #643",
  },
  "aws-sdk": {
    severity: "error",
    reason: "AWS SDK v2 is not bundled in LLRT and needs Node's `http`/`https`",
    alternative: "the AWS SDK v3 clients (`@aws-sdk/client-*`), most of them built into LLRT",
    source: "llrt-migrate reference §2 (inference from v2's http use)",
  },
  "aws-xray-sdk-core": {
    severity: "error",
    reason: "it instruments `http`/`https` (not in LLRT) and relies on AsyncLocalStorage-style context",
    alternative: "Lambda's active tracing without the X-Ray SDK (Tracing: Active), or no tracing",
    source: "awslabs/llrt#40, #1116",
  },
  "aws-xray-sdk": {
    severity: "error",
    reason: "it wraps aws-xray-sdk-core, which needs `http`/`https`",
    alternative: "Lambda's active tracing without the X-Ray SDK (Tracing: Active), or no tracing",
    source: "awslabs/llrt#40",
  },
  "@aws-lambda-powertools/tracer": {
    severity: "error",
    reason: "it depends on aws-xray-sdk-core, which needs `http`",
    alternative: "the function's active tracing (Tracing: Active) without the Tracer (Powertools Logger works on LLRT)",
    source: "awslabs/llrt#251; aws-powertools/powertools-lambda-typescript#2050",
  },
  jsonwebtoken: {
    severity: "warning",
    reason: "RS*/ES*/PS* algorithms need crypto.createSign/createVerify, which LLRT lacks (HS* works through createHmac)",
    alternative: "WebCrypto (`crypto.subtle.importKey` + `crypto.subtle.verify`) for RS/ES tokens (jsonwebtoken works for HS* tokens)",
    source: "awslabs/llrt#208, #184",
  },
  jose: {
    severity: "error",
    reason: "it imports `diffieHellman` and other members LLRT's crypto lacks, so it fails at load (\"Could not find export 'diffieHellman' in module 'crypto'\")",
    alternative: "WebCrypto (`crypto.subtle`) directly for JWT signature checks",
    source: "awslabs/llrt#920; panva/jose#665",
  },
  "aws-jwt-verify": {
    severity: "error",
    reason: "it imports `https` and crypto.createPublicKey, both missing in LLRT",
    alternative: "`fetch` for the JWKS, `crypto.subtle.importKey('jwk', …)` and `crypto.subtle.verify`",
    source: "awslabs/llrt#519",
  },
  pg: {
    severity: "warning",
    reason: "TLS connections (`ssl` option, required by most managed PostgreSQL) need `tls`, which LLRT lacks; plain TCP works through `net`",
    alternative: "the RDS Data API (`@aws-sdk/client-rds-data`, in the full-sdk variant) or a non-TLS connection inside the VPC",
    source: "awslabs/llrt#1, #1102, #670",
  },
  mysql2: {
    severity: "warning",
    reason: "TLS connections need `tls`, which LLRT lacks; plain TCP works through `net`",
    alternative: "the RDS Data API (`@aws-sdk/client-rds-data`, in the full-sdk variant) or a non-TLS connection inside the VPC",
    source: "awslabs/llrt#1, #1102",
  },
  "@middy/cloudwatch-metrics": {
    severity: "error",
    reason: "it uses aws-embedded-metrics, which needs `http`",
    alternative: "Embedded Metric Format JSON printed with console.log",
    source: "awslabs/llrt#40",
  },
  "node-fetch": {
    severity: "error",
    reason: "it is built on Node's `http`/`https`",
    alternative: "the global `fetch` (llrt-migrate rewrites imports that only call the default export)",
    source: "awslabs/llrt#40",
  },
  "cross-fetch": {
    severity: "error",
    reason: "it uses node-fetch (needs `http`) on Node and XMLHttpRequest (absent) in browsers",
    alternative: "the global `fetch`",
    source: "awslabs/llrt#40",
  },
  "isomorphic-fetch": {
    severity: "error",
    reason: "it uses node-fetch (needs `http`) on Node and a polyfill over XMLHttpRequest (absent) in browsers",
    alternative: "the global `fetch`",
    source: "awslabs/llrt#40",
  },
  "lambda-stream": {
    severity: "error",
    reason: "LLRT has no response streaming (`awslambda.streamifyResponse`)",
    alternative: "a buffered response returned by an async handler",
    source: "awslabs/llrt#318, #1158",
  },
  "date-fns-tz": {
    severity: "warning",
    reason: "it relies on Intl.DateTimeFormat time-zone data, which LLRT has only in minimal form",
    alternative: "offsets from UTC computed explicitly (or check its results on LLRT)",
    source: "awslabs/llrt#814",
  },
  bcrypt: nativeAddon("bcryptjs (pure JavaScript)"),
  argon2: nativeAddon("a pure-JavaScript argon2 implementation"),
  sharp: nativeAddon("a function on a Node.js runtime for the image processing"),
  canvas: nativeAddon("a function on a Node.js runtime for the drawing"),
  "better-sqlite3": nativeAddon("a database service such as DynamoDB"),
};

/** Packages whose installed files show they load native code. */
export const nativeLoaderPackages: ReadonlySet<string> = new Set(["node-gyp-build", "bindings", "prebuild-install", "node-pre-gyp", "@mapbox/node-pre-gyp"]);
