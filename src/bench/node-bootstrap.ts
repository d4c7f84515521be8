// A minimal Node.js Lambda runtime loop for local mode: what AWS's Node.js runtime does around a
// handler (load it, then GET next event, call, POST response or error), on the Runtime API only.
// It is written next to the bundled function as `bootstrap.mjs`, the way Lambda puts `bootstrap`
// beside the code, so it works the same from the sources and from the published dist/ bundle.
// aws-lambda-ric would do this too, but it needs Node >= 22 and a native addon (node-gyp).

export const nodeBootstrapFile = "bootstrap.mjs";

/**
 * The runtime's calling contract: `node` is AWS's Node.js runtime (a callback as third argument,
 * and context.succeed/fail/done, the first to complete wins); `llrt` is LLRT's (event, context)
 * whose returned value or promise is the result (verify uses it to run the migrated code on Node).
 */
export type HandlerContract = "node" | "llrt";

const callSources: Record<HandlerContract, string> = {
  // A completion through the callback waits for the event loop to empty first, as AWS's runtime does
  // while context.callbackWaitsForEmptyEventLoop is true (the default): work the handler left running
  // (an AWS call after callback()) still happens before the response. "Empty" is: no more active
  // resources than before the call (up to 2 s).
  node: String.raw`const activeResources = () => process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap").length;
const drained = (baseline) =>
  new Promise((resolve) => {
    const started = Date.now();
    const check = () => (activeResources() <= baseline || Date.now() - started > 2000 ? resolve() : setTimeout(check, 5));
    setTimeout(check, 0);
  });
const call = (handler, event, context) =>
  new Promise((resolve, reject) => {
    const baseline = activeResources();
    let settled = false;
    const settle = (error, value) => {
      if (settled) return;
      settled = true;
      error != null ? reject(error) : resolve(value);
    };
    const done = (error, value) => {
      if (settled) return;
      if (context.callbackWaitsForEmptyEventLoop === false) return settle(error, value);
      drained(baseline).then(() => settle(error, value));
    };
    Object.assign(context, { succeed: (value) => done(null, value), fail: (error) => done(error ?? "handled"), done });
    const result = handler(event, context, done);
    if (result && typeof result.then === "function") result.then((value) => settle(null, value), (error) => settle(error));
    else if (handler.length < 3) settle(null, result);
  });`,
  llrt: String.raw`const call = async (handler, event, context) => handler(event, context);`,
};

export function runtimeLoopSource(contract: HandlerContract): string {
  return loopSource.replace("/*CALL*/", callSources[contract]);
}

const loopSource = String.raw`// llrt-migrate: runtime loop for the local Runtime API emulator.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const api = "http://" + process.env.AWS_LAMBDA_RUNTIME_API + "/2018-06-01/runtime";
const root = process.env.LAMBDA_TASK_ROOT || process.cwd();
const handlerName = process.env._HANDLER || "index.handler";
const dot = handlerName.lastIndexOf(".");
const [moduleName, exportName] = [handlerName.slice(0, dot), handlerName.slice(dot + 1)];

const errorBody = (error) => JSON.stringify({
  errorType: (error && error.name) || "Error",
  errorMessage: (error && error.message) || String(error),
  stackTrace: String((error && error.stack) || "").split("\n").slice(1).map((line) => line.trim()),
});

const post = (path, body, headers = {}) =>
  fetch(api + path, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

async function loadHandler() {
  const file = [".mjs", ".js", ".cjs"].map((ext) => join(root, moduleName + ext)).find((f) => existsSync(f));
  if (!file) throw new Error("Cannot find module " + moduleName + " in " + root);
  const mod = await import(pathToFileURL(file).href);
  const handler = mod[exportName] ?? mod.default?.[exportName];
  if (typeof handler !== "function") throw new Error(handlerName + " is not a function");
  return handler;
}

/*CALL*/

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  await post("/init/error", errorBody(error), { "Lambda-Runtime-Function-Error-Type": "Runtime.ImportModuleError" });
  process.exit(1);
}

for (;;) {
  const next = await fetch(api + "/invocation/next");
  const requestId = next.headers.get("lambda-runtime-aws-request-id");
  const deadline = Number(next.headers.get("lambda-runtime-deadline-ms"));
  const event = await next.json();
  const context = {
    awsRequestId: requestId,
    invokedFunctionArn: next.headers.get("lambda-runtime-invoked-function-arn"),
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  try {
    const result = await call(handler, event, context);
    await post("/invocation/" + requestId + "/response", JSON.stringify(result ?? null));
  } catch (error) {
    await post("/invocation/" + requestId + "/error", errorBody(error), { "Lambda-Runtime-Function-Error-Type": "Runtime.UnhandledError" });
  }
}
`;

export const nodeBootstrapSource = runtimeLoopSource("node");
