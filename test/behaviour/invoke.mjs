// Invokes one handler the way a Lambda runtime does and prints its outcome as JSON.
// usage: node invoke.mjs <node|llrt> <handler file> <export> <event JSON>
//   node: Node.js's runtime contract: (event, context, callback); the first of callback(),
//         context.succeed/fail/done() or the returned promise settles the invocation.
//   llrt: LLRT's: (event, context) with no callback and no context.succeed/fail/done; the
//         returned promise settles it.
// SDK v2 is pointed at the local endpoint through its global config (v3 reads AWS_ENDPOINT_URL).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [mode, file, exportName, eventJson] = process.argv.slice(2);
const endpoint = process.env.AWS_ENDPOINT_URL;
try {
  createRequire(file)("aws-sdk").config.update({ endpoint, s3ForcePathStyle: true });
} catch {
  // no SDK v2 next to this handler
}

const outcome = (error, result) =>
  error != null ? { errorType: error.name ?? typeof error, errorMessage: error.message ?? String(error) } : { result: result ?? null };

const handler = (file.endsWith(".cjs") ? createRequire(import.meta.url)(file) : await import(pathToFileURL(file).href))[exportName];
const event = JSON.parse(eventJson);
const settled = new Promise((resolve) => {
  const done = (error, result) => resolve(outcome(error, result));
  // Node's runtime fails the invocation on an uncaught exception or an unhandled rejection; LLRT
  // reports neither, so the invocation runs into its timeout.
  process.on("uncaughtException", (error) => (mode === "node" ? done(error) : undefined));
  process.on("unhandledRejection", (error) => (mode === "node" ? done(error) : undefined));
  const base = { functionName: "behaviour", awsRequestId: "local", getRemainingTimeInMillis: () => 3000 };
  try {
    const returned =
      mode === "node"
        ? handler(event, { ...base, callbackWaitsForEmptyEventLoop: true, succeed: (r) => done(null, r), fail: (e) => done(e ?? "handled"), done }, done)
        : handler(event, base);
    if (returned && typeof returned.then === "function") returned.then((r) => done(null, r), (e) => done(e));
  } catch (error) {
    done(error);
  }
});
const timeout = setTimeout(() => {
  console.log(JSON.stringify({ timeout: true }));
  process.exit(0);
}, 5000);
console.log(JSON.stringify(await settled));
clearTimeout(timeout);
process.exit(0);
