// SDK v3 response bodies that v2 code reads as Buffers. S3 GetObject `Body` is a stream in v3 (and
// LLRT v0.8 supports no streaming SDK bodies: only `transformToString()`/`transformToByteArray()`),
// and Lambda Invoke `Payload` is a Uint8Array. We rewrite the uses that read the whole value, and
// report the ones that treat it as a Node stream or pass it on.
import type { ASTPath, CallExpression, Collection, JSCodeshift } from "jscodeshift";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";

const ruleName = "sdk-response-bodies";

type Kind = "s3-body" | "lambda-payload";
const field: Record<Kind, string> = { "s3-body": "Body", "lambda-payload": "Payload" };

/** `x.getObject(...)`, `x.send(new GetObjectCommand(...))` and the Lambda `invoke` equivalents. */
function responseKind(j: JSCodeshift, call: unknown): Kind | undefined {
  if (!j.CallExpression.check(call) || !j.MemberExpression.check(call.callee) || !j.Identifier.check(call.callee.property)) return undefined;
  const method = call.callee.property.name;
  if (method === "getObject") return "s3-body";
  if (method === "invoke") return "lambda-payload";
  const command = call.arguments[0];
  if (method === "send" && j.NewExpression.check(command) && j.Identifier.check(command.callee)) {
    if (command.callee.name === "GetObjectCommand") return "s3-body";
    if (command.callee.name === "InvokeCommand") return "lambda-payload";
  }
  return undefined;
}

/** Paths of the expressions that hold a response body: `res.Body` for `const res = await ...`, or `Body` from `const { Body } = await ...`. */
function bodyExpressions(j: JSCodeshift, root: Collection): Array<{ kind: Kind; path: ASTPath; fn?: ASTPath }> {
  const found: Array<{ kind: Kind; path: ASTPath; fn?: ASTPath }> = [];
  const usesOf = (scopeNode: ASTPath, name: string, kind: Kind, member: boolean) => {
    j(scopeNode).find(j.Identifier, { name }).forEach((id) => {
      const parent = id.parent.node;
      if (member) {
        const isObject = j.MemberExpression.check(parent) && parent.object === id.node && !parent.computed &&
          j.Identifier.check(parent.property) && parent.property.name === field[kind];
        if (isObject) found.push({ kind, path: id.parent });
      } else if (!(j.ObjectProperty.check(parent) || j.Property.check(parent)) && !(j.MemberExpression.check(parent) && parent.property === id.node)) {
        found.push({ kind, path: id });
      }
    });
  };
  root.find(j.VariableDeclarator).forEach((decl) => {
    const init = decl.node.init;
    const kind = j.AwaitExpression.check(init) ? responseKind(j, init.argument) : undefined;
    if (!kind) return;
    const scope = (decl as ASTPath & { scope: { path: ASTPath } }).scope.path;
    if (j.Identifier.check(decl.node.id)) usesOf(scope, decl.node.id.name, kind, true);
    else if (j.ObjectPattern.check(decl.node.id)) {
      for (const p of decl.node.id.properties) {
        if ((p.type === "ObjectProperty" || p.type === "Property") && j.Identifier.check(p.key) && p.key.name === field[kind] && j.Identifier.check(p.value)) {
          usesOf(scope, p.value.name, kind, false);
        }
      }
    }
  });
  // `client.getObject(params).then((res) => res.Body...)`: the callback may become async.
  root.find(j.CallExpression, { callee: { type: "MemberExpression", property: { name: "then" } } }).forEach((then) => {
    const kind = responseKind(j, (then.node.callee as { object: unknown }).object);
    const callback = then.node.arguments[0];
    if (!kind || !(j.ArrowFunctionExpression.check(callback) || j.FunctionExpression.check(callback))) return;
    const param = callback.params[0];
    if (j.Identifier.check(param)) usesOf(then.get("arguments", 0), param.name, kind, true);
  });
  return found;
}

function enclosingFunction(path: ASTPath): ASTPath | undefined {
  for (let p = path.parent as ASTPath | undefined; p; p = p.parent as ASTPath | undefined) {
    if (/Function/.test(p.node.type)) return p;
  }
  return undefined;
}

/** The function can `await`: it is async, or it is a `.then` callback (whose promise `.then` flattens). */
function canAwait(j: JSCodeshift, path: ASTPath): boolean {
  const fn = enclosingFunction(path);
  if (!fn) return false;
  if ((fn.node as { async?: boolean }).async) return true;
  const call = fn.parent?.node;
  const isThenCallback = j.CallExpression.check(call) && call.arguments[0] === fn.node &&
    j.MemberExpression.check(call.callee) && j.Identifier.check(call.callee.property) && call.callee.property.name === "then";
  if (isThenCallback) (fn.node as { async?: boolean }).async = true;
  return isThenCallback;
}

const calleeName = (j: JSCodeshift, call: CallExpression): string =>
  j.Identifier.check(call.callee) ? call.callee.name
    : j.MemberExpression.check(call.callee) && j.Identifier.check(call.callee.property)
      ? `${j.Identifier.check(call.callee.object) ? call.callee.object.name + "." : ""}${call.callee.property.name}` : "";

/** `body.toString(enc)`, `JSON.parse(body)`, `String(body)`, `Buffer.from(body)`: reads of the whole value. */
interface WholeRead {
  call: ASTPath<CallExpression>;
  as: "string" | "bytes";
  /** Arguments for the transform call (an encoding). */
  args: CallExpression["arguments"];
  /** What the rewrite replaces: the whole call (`body.toString()`, `String(body)`) or only the body (`JSON.parse(body)`). */
  replace: "call" | "body";
}

function wholeRead(j: JSCodeshift, path: ASTPath): WholeRead | "done" | undefined {
  const parent = path.parent.node;
  if (j.MemberExpression.check(parent) && parent.object === path.node && j.Identifier.check(parent.property)) {
    const method = parent.property.name;
    if (/^transformTo(String|ByteArray)$/.test(method) || method === "decode") return "done";
    const call = path.parent.parent;
    if (method === "toString" && j.CallExpression.check(call.node) && call.node.callee === parent) return { call, as: "string", args: call.node.arguments, replace: "call" };
    return undefined;
  }
  if (j.CallExpression.check(parent) && parent.arguments[0] === path.node) {
    const name = calleeName(j, parent);
    if (name === "decode") return "done";
    if (name === "String") return { call: path.parent, as: "string", args: [], replace: "call" };
    if (name === "JSON.parse") return { call: path.parent, as: "string", args: [], replace: "body" };
    if (name === "Buffer.from" && parent.arguments.length === 1) return { call: path.parent, as: "bytes", args: [], replace: "body" };
  }
  return undefined;
}

/**
 * TypeScript around a body: `Body!` stays part of the body; `Body as string` (v2 code casts its Buffer
 * union) is what gets read and replaced, since the v3 read returns the right type by itself.
 */
function unwrapTypeScript(bodyPath: ASTPath): { path: ASTPath; read: ASTPath } {
  const wraps = (p: ASTPath, types: string[]) => types.includes(p.parent?.node.type) && p.parent.node.expression === p.node;
  let path = bodyPath;
  while (wraps(path, ["TSNonNullExpression"])) path = path.parent;
  let read = path;
  while (wraps(read, ["TSAsExpression", "TSSatisfiesExpression", "TSTypeAssertion", "TSNonNullExpression"])) read = read.parent;
  return { path, read };
}

function rewriteS3Body(ctx: CodeRuleContext, bodyPath: ASTPath): boolean {
  const { j } = ctx;
  const { path, read: readPath } = unwrapTypeScript(bodyPath);
  const read = wholeRead(j, readPath);
  if (read === "done") return false;
  const at = positionOf(path.node as never);
  if (read && canAwait(j, path)) {
    const method = read.as === "string" ? "transformToString" : "transformToByteArray";
    // A cast asserted the body was there (v3 types it as possibly undefined): keep that with `!`.
    const body = readPath !== path && path.node.type !== "TSNonNullExpression" ? j.tsNonNullExpression(path.node as never) : path.node;
    const whole = j.awaitExpression(j.callExpression(j.memberExpression(body as never, j.identifier(method)), read.args));
    (read.replace === "call" ? read.call : readPath).replace(whole);
    ctx.report({ rule: ruleName, severity: "info", ...at, message: `S3 GetObject \`Body\` is a stream in SDK v3: now read with \`${method}()\`.` });
    return true;
  }
  const streamy = /\.(pipe|on|once|read)\b|for\s+await|Readable|pipeline/.test(j(path.parent).toSource()) || j.ForOfStatement.check(path.parent.node);
  ctx.report({
    rule: ruleName,
    severity: streamy ? "error" : "warning",
    ...at,
    message: streamy
      ? "S3 GetObject `Body` used as a Node stream: LLRT v0.8 does not support streaming SDK response bodies."
      : "S3 GetObject `Body` is a stream in SDK v3 (a Buffer in v2) and is used here in a way llrt-migrate cannot rewrite.",
    fix: "Read the whole body with `await Body.transformToString()` (text) or `await Body.transformToByteArray()` (bytes).",
  });
  return false;
}

function rewriteLambdaPayload(ctx: CodeRuleContext, payloadPath: ASTPath): boolean {
  const { j } = ctx;
  const { path, read: readPath } = unwrapTypeScript(payloadPath);
  const read = wholeRead(j, readPath);
  if (read === "done" || read?.as === "bytes") return false; // Buffer.from(Uint8Array) already works
  const at = positionOf(path.node as never);
  const decoded = j.callExpression(j.memberExpression(j.newExpression(j.identifier("TextDecoder"), []), j.identifier("decode")), [path.node as never]);
  if (read && read.args.length === 0) {
    (read.replace === "call" ? read.call : readPath).replace(decoded);
    ctx.report({ rule: ruleName, severity: "info", ...at, message: "Lambda Invoke `Payload` is a Uint8Array in SDK v3: now decoded with `new TextDecoder().decode(...)`." });
    return true;
  }
  ctx.report({
    rule: ruleName,
    severity: "warning",
    ...at,
    message: "Lambda Invoke `Payload` is a Uint8Array in SDK v3 (a string or Buffer in v2).",
    fix: "Decode it with `new TextDecoder().decode(Payload)` before using it as text or JSON.",
  });
  return false;
}

export const sdkResponseBodiesRule: CodeRule = {
  name: ruleName,
  nodeSafe: true,
  // Checked on the file as the user has it, which may still be SDK v2 (converted by an earlier rule).
  mayApply: (source) => /getObject|invoke/i.test(source) && /aws-sdk/.test(source),
  apply(ctx) {
    let changed = false;
    for (const { kind, path } of bodyExpressions(ctx.j, ctx.root)) {
      const done = kind === "s3-body" ? rewriteS3Body(ctx, path) : rewriteLambdaPayload(ctx, path);
      changed = done || changed;
    }
    return changed;
  },
};

export default toJscodeshiftTransform(sdkResponseBodiesRule);
