// SDK v2 calls with a callback that aws-sdk-js-codemod refuses: `s3.upload(params[, options], cb)`,
// `client.waitFor(state, params, cb)`, `s3.getSignedUrl(op, params, cb)` and
// `s3.createPresignedPost(params, cb)`. It marks each with a "not supported" comment and leaves the
// whole file on v2; with a named callback it even breaks the call silently. Before it runs, we rewrite
// these calls on clients the module builds (`const s3 = new AWS.S3()`) into the promise forms it does
// convert, followed by the user's callback:
//   s3.upload(p, cb)                 -> s3.upload(p).promise().then((data) => cb(null, data), (err) => cb(err))
//   s3.upload(p, (err, data) => {…}) -> s3.upload(p).promise().then((data) => [null, data], (err) => [err]).then(([err, data]) => {…})
// A waiter's v3 promise gives `{ state, reason }`; v2 gave the callback the last response, which is
// `reason`. getSignedUrl/createPresignedPost have no v2 promise form, so they go through an async
// arrow the codemod can put its `await` in, and that arrow is removed afterwards.
// Plain operations, `client.op(params, cb)`, get the same form: v3's aggregated clients still take a
// callback, but swallow an exception it throws (v2 let it fail the invocation).
// The callback still runs once, with (err) or (null, data), as v2 called it.
import type { ASTNode, ASTPath, CallExpression, Collection, JSCodeshift } from "jscodeshift";
import type { ExpressionKind, PatternKind } from "ast-types/lib/gen/kinds";
import { printOptions } from "../engine/code-rule";
import { notSupportedMarker } from "./codemod";

type RunCodemod = (j: JSCodeshift, path: string, source: string) => Promise<string>;

const presignFunctions = new Set(["getSignedUrl", "createPresignedPost"]);

const isFunction = (node: ASTNode) => node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression";

/** Whether `this` or `arguments` belongs to this function (v2 bound `this` to its response object). */
function usesOwnThisOrArguments(j: JSCodeshift, fnPath: ASTPath): boolean {
  if (fnPath.node.type === "ArrowFunctionExpression") return false;
  const own = (p: ASTPath) => {
    for (let q = p.parent as ASTPath | undefined; q; q = q.parent as ASTPath | undefined) {
      if (/Function|Method/.test(q.node.type) && q.node.type !== "ArrowFunctionExpression") return q.node === fnPath.node;
    }
    return false;
  };
  return j(fnPath).find(j.ThisExpression).some(own) || j(fnPath).find(j.Identifier, { name: "arguments" }).some(own);
}

/** `receiver.method(...args, callback)` rewritten to its promise form, or false when it must stay. */
function promisifyCall(j: JSCodeshift, path: ASTPath<CallExpression>, method: string): boolean {
  const { callee, arguments: args } = path.node;
  const callbackPath = path.get("arguments", args.length - 1) as ASTPath;
  const callback = callbackPath?.node;
  if (!callback || args.length < 2 || callee.type !== "MemberExpression") return false;
  const named = callback.type === "Identifier" || callback.type === "MemberExpression";
  if (!named && !(isFunction(callback) && !usesOwnThisOrArguments(j, callbackPath))) return false;

  const request = j.callExpression(callee, args.slice(0, -1));
  const promise = presignFunctions.has(method)
    ? j.callExpression(j.arrowFunctionExpression.from({ params: [], body: request, async: true }), [])
    : j.callExpression(j.memberExpression(request, j.identifier("promise")), []);
  const result = j.identifier(method === "waitFor" ? "result" : "data");
  // v3 waiters resolve to { state, reason }: `reason` is the response v2 passed to the callback.
  const data = method === "waitFor" ? j.memberExpression(result, j.identifier("reason")) : result;
  const then = (target: ExpressionKind, handlers: ExpressionKind[]) => j.callExpression(j.memberExpression(target, j.identifier("then")), handlers);
  const err = () => j.identifier("err");

  if (named) {
    const cb = callback as ExpressionKind;
    path.replace(then(promise, [j.arrowFunctionExpression([result], j.callExpression(cb, [j.nullLiteral(), data])), j.arrowFunctionExpression([err()], j.callExpression(cb, [err()]))]));
    return true;
  }
  const fn = callback as { params: PatternKind[] };
  const settled = then(promise, [j.arrowFunctionExpression([result], j.arrayExpression([j.nullLiteral(), data])), j.arrowFunctionExpression([err()], j.arrayExpression([err()]))]);
  if (fn.params.length > 0) fn.params = [j.arrayPattern(fn.params)];
  path.replace(then(settled, [callback as ExpressionKind]));
  return true;
}

/** The callback forms: the method, how many arguments come before the callback, and which clients have it. */
const callbackForms: Record<string, { before: number[]; s3Only: boolean }> = {
  upload: { before: [1, 2], s3Only: true },
  waitFor: { before: [2], s3Only: false },
  getSignedUrl: { before: [2], s3Only: true },
  createPresignedPost: { before: [1], s3Only: true },
};

/** The expression a local name is bound to in the module (`const s3 = new AWS.S3()`), if it is declared once. */
function bindingInit(j: JSCodeshift, root: Collection, name: string): ASTNode | undefined {
  const declarators = root.find(j.VariableDeclarator, { id: { type: "Identifier", name } }).nodes();
  const functions = root.find(j.FunctionDeclaration, { id: { name } }).nodes();
  if (declarators.length + functions.length !== 1) return undefined;
  return functions[0] ?? declarators[0].init ?? undefined;
}

/** Local names bound to the v2 SDK: `const AWS = require('aws-sdk')`, `import { S3 } from 'aws-sdk'`, `require('aws-sdk/clients/s3')`. */
function v2Bindings(j: JSCodeshift, root: Collection): Set<string> {
  const names = new Set<string>();
  const isV2 = (value: unknown) => typeof value === "string" && /^aws-sdk(\/|$)/.test(value);
  root.find(j.ImportDeclaration).forEach(({ node }) => {
    if (isV2(node.source.value)) for (const s of node.specifiers ?? []) if (s.local?.name) names.add(String(s.local.name));
  });
  root.find(j.VariableDeclarator, { init: { type: "CallExpression", callee: { name: "require" } } }).forEach(({ node }) => {
    if (!isV2(((node.init as { arguments: Array<{ value?: unknown }> }).arguments[0] ?? {}).value)) return;
    if (node.id.type === "Identifier") names.add(node.id.name);
    if (node.id.type === "ObjectPattern") {
      for (const p of node.id.properties) if ((p.type === "ObjectProperty" || p.type === "Property") && p.value.type === "Identifier") names.add(p.value.name);
    }
  });
  return names;
}

/** `new AWS.S3(...)`, `new S3(...)`, `new AWS.DynamoDB.DocumentClient(...)`: a v2 client built in this module. */
function isClient(j: JSCodeshift, root: Collection, v2: Set<string>, receiver: ASTNode, s3Only: boolean): boolean {
  if (receiver.type !== "Identifier") return false;
  const init = bindingInit(j, root, receiver.name);
  if (init?.type !== "NewExpression") return false;
  const callee = j(init.callee as ASTNode).toSource();
  return v2.has(callee.split(".")[0]) && (!s3Only || /(^|\.)S3$/.test(callee));
}

/** Methods of v2 clients that are not operations: they take no `(params, callback)` or have no `.promise()`. */
const notOperations = new Set(["makeRequest", "makeUnauthenticatedRequest", "on", "send", "createSet", "setupRequestListeners", "defineService"]);

/** Whether the callback argument is a function: inline, or a name bound to one in the module. */
function isCallback(j: JSCodeshift, root: Collection, node: ASTNode): boolean {
  if (isFunction(node)) return true;
  if (node.type !== "Identifier") return false;
  const init = bindingInit(j, root, node.name);
  return !!init && (isFunction(init) || init.type === "FunctionDeclaration");
}

/**
 * Rewrites the v2 callback forms the codemod refuses (inline callbacks) or silently breaks (a named
 * callback: it drops an upload's callback, spreads it into Upload's options, or awaits getSignedUrl
 * in a function that is not async). Returns how many calls changed.
 */
function promisifyCallbackForms(j: JSCodeshift, root: Collection): number {
  let rewritten = 0;
  const v2 = v2Bindings(j, root);
  root.find(j.CallExpression, { callee: { type: "MemberExpression", computed: false } }).forEach((path) => {
    const callee = path.node.callee as { object: ASTNode; property: ASTNode };
    const method = callee.property.type === "Identifier" ? callee.property.name : "";
    // Any other method is an operation, `client.op(params, cb)`: v3's aggregated clients take the
    // callback too, but swallow what it throws (v2 let it fail the invocation); a promise does not.
    const form = Object.hasOwn(callbackForms, method) ? callbackForms[method] : notOperations.has(method) ? undefined : { before: [1], s3Only: false };
    const args = path.node.arguments;
    if (!form || !form.before.includes(args.length - 1) || !isCallback(j, root, args[args.length - 1])) return;
    if (!isClient(j, root, v2, callee.object, form.s3Only)) return;
    if (promisifyCall(j, path, method)) rewritten++;
  });
  return rewritten;
}

/** `(async () => await getSignedUrl(...))()` -> `getSignedUrl(...)`: v3's presigners already return promises. */
function unwrapPresignArrows(j: JSCodeshift, tree: Collection): boolean {
  let changed = false;
  tree.find(j.CallExpression, { arguments: [], callee: { type: "ArrowFunctionExpression", async: true, params: [] } }).forEach((path) => {
    const body = (path.node.callee as { body: ASTNode }).body;
    const inner = body.type === "AwaitExpression" ? body.argument : undefined;
    if (inner?.type !== "CallExpression" || inner.callee.type !== "Identifier" || !presignFunctions.has(inner.callee.name)) return;
    path.replace(inner);
    changed = true;
  });
  return changed;
}

/**
 * Runs the codemod on `source` with its callback forms in promise form first. When the codemod still
 * gives up on the file, its answer on the original text is returned, so its comments and our findings
 * describe the code the user has.
 */
export async function runCodemodWithCallbackForms(j: JSCodeshift, path: string, source: string, run: RunCodemod): Promise<string> {
  const tree = j(source);
  if (promisifyCallbackForms(j, tree) === 0) return run(j, path, source);
  const style = printOptions(source);
  const converted = await run(j, path, tree.toSource(style));
  if (converted.includes(notSupportedMarker)) return run(j, path, source);
  const result = j(converted);
  return unwrapPresignArrows(j, result) ? result.toSource(style) : converted;
}
