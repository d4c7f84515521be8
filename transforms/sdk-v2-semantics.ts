// What SDK v2 code still means after aws-sdk-js-codemod turned it into v3 syntax, where v3 behaves
// differently. Runs on v3 code. Rewrites only where the value provably comes from the SDK; reports
// the rest with the fix:
// - errors: v2's `err.code` is v3's `err.name`, `err.statusCode` is `err.$metadata?.httpStatusCode`
//   (`error.statusCode || 501` silently became 501); `err.retryable` has no v3 equivalent. Rewritten
//   on an error that provably comes from an SDK call (the error parameter of an SDK callback or of
//   `.then`/`.catch` on an SDK call, the catch of a try that only awaits SDK calls); reported elsewhere.
// - `this` in an SDK callback: v2 bound it to the response object; v3 binds nothing.
// - a client `endpoint` without a scheme: v2 added `https://`, v3 rejects it.
// - getSignedUrl: the codemod writes a placeholder string as `expiresIn` when the v2 params were a
//   variable; v2 read `Expires` from them, so we do.
// - createPresignedPost: v3 requires `Key`; v2 took it from `Fields.key`.
import type { ASTNode, ASTPath, Collection, JSCodeshift } from "jscodeshift";
import type { ExpressionKind } from "ast-types/lib/gen/kinds";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";

const ruleName = "sdk-v2-semantics";
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

/** Local names imported or required from `@aws-sdk/*` packages. */
function sdkLocals(j: JSCodeshift, root: Collection): Set<string> {
  const names = new Set<string>();
  const fromSdk = (source: unknown) => typeof source === "string" && source.startsWith("@aws-sdk/");
  root.find(j.ImportDeclaration).forEach(({ node }) => {
    if (fromSdk(node.source.value)) for (const s of node.specifiers ?? []) if (s.local?.name) names.add(String(s.local.name));
  });
  root.find(j.VariableDeclarator, { init: { type: "CallExpression", callee: { name: "require" } } }).forEach(({ node }) => {
    const source = ((node.init as { arguments: Array<{ value?: unknown }> }).arguments[0] ?? {}).value;
    if (!fromSdk(source)) return;
    if (j.Identifier.check(node.id)) names.add(node.id.name);
    if (j.ObjectPattern.check(node.id)) {
      for (const p of node.id.properties) if ((p.type === "ObjectProperty" || p.type === "Property") && j.Identifier.check(p.value)) names.add(p.value.name);
    }
  });
  return names;
}

/** Variables holding a client: `new S3(...)`, `DynamoDBDocument.from(...)` with an SDK import. */
function clientNames(j: JSCodeshift, root: Collection, sdk: Set<string>): Set<string> {
  const clients = new Set<string>();
  root.find(j.VariableDeclarator, { id: { type: "Identifier" } }).forEach(({ node }) => {
    const init = node.init as AnyNode | null;
    const built = init?.type === "NewExpression" && init.callee.type === "Identifier" && sdk.has(init.callee.name);
    const from = init?.type === "CallExpression" && init.callee.type === "MemberExpression" && init.callee.object.type === "Identifier" && sdk.has(init.callee.object.name);
    if (built || from) clients.add((node.id as { name: string }).name);
  });
  return clients;
}

interface Sdk {
  j: JSCodeshift;
  locals: Set<string>;
  clients: Set<string>;
}

/** A call that talks to AWS: `client.op(...)`, an imported SDK function (`waitUntilX`, `getSignedUrl`), `new Upload(...).done()`. */
function isSdkCall(sdk: Sdk, node: AnyNode | undefined): boolean {
  if (node?.type !== "CallExpression") return false;
  const callee = node.callee as AnyNode;
  if (callee.type === "Identifier") return sdk.locals.has(callee.name);
  if (callee.type !== "MemberExpression") return false;
  const object = callee.object as AnyNode;
  if (object.type === "Identifier") return sdk.clients.has(object.name);
  return object.type === "NewExpression" && object.callee.type === "Identifier" && sdk.locals.has(object.callee.name);
}

const isFunction = (node: AnyNode | undefined) => node?.type === "ArrowFunctionExpression" || node?.type === "FunctionExpression";
const method = (node: AnyNode, name: string) =>
  node.type === "CallExpression" && node.callee.type === "MemberExpression" && !node.callee.computed && node.callee.property.type === "Identifier" && node.callee.property.name === name;

/** Whether a `.then(d => [null, d], e => [e])` (written by v2-callback-forms) settles an SDK call. */
function isSettledPair(sdk: Sdk, node: AnyNode): boolean {
  if (!method(node, "then") || node.arguments.length !== 2) return false;
  const [ok, fail] = node.arguments as AnyNode[];
  const pair = (fn: AnyNode, size: number) => fn.type === "ArrowFunctionExpression" && fn.body.type === "ArrayExpression" && fn.body.elements.length === size;
  return pair(ok, 2) && pair(fail, 1) && isSdkCall(sdk, node.callee.object as AnyNode);
}

/** The scope node and name of every error binding that provably holds an SDK error. */
function sdkErrorBindings(sdk: Sdk, root: Collection): Array<{ scope: ASTPath; name: string }> {
  const { j } = sdk;
  const found: Array<{ scope: ASTPath; name: string }> = [];
  const firstParam = (fnPath: ASTPath, pattern = false) => {
    const param = (fnPath.node as AnyNode).params?.[0] as AnyNode | undefined;
    const id = pattern && param?.type === "ArrayPattern" ? (param.elements[0] as AnyNode | null) : param;
    if (id?.type === "Identifier") found.push({ scope: fnPath, name: id.name });
  };
  root.find(j.CallExpression).forEach((path) => {
    const node = path.node as AnyNode;
    const args = node.arguments as AnyNode[];
    const last = args.length - 1;
    // client.op(params, (err, data) => ...)
    if (isSdkCall(sdk, node) && isFunction(args[last])) firstParam(path.get("arguments", last));
    // sdkCall.then(ok, (err) => ...) / sdkCall.catch((err) => ...)
    const target = node.callee.type === "MemberExpression" ? (node.callee.object as AnyNode) : undefined;
    if (target && isSdkCall(sdk, target)) {
      if (method(node, "then") && isFunction(args[1])) firstParam(path.get("arguments", 1));
      if (method(node, "catch") && isFunction(args[0])) firstParam(path.get("arguments", 0));
    }
    // sdkCall.then(d => [null, d], e => [e]).then(([err, data]) => ...)
    if (target && method(node, "then") && isSettledPair(sdk, target) && isFunction(args[0])) firstParam(path.get("arguments", 0), true);
  });
  // try { const r = await client.op(...); } catch (err) { ... }: nothing else in the try can throw.
  root.find(j.TryStatement).forEach((path) => {
    const handler = path.node.handler;
    if (handler?.param?.type !== "Identifier" || !path.node.block.body.every((s) => onlyAwaitsSdk(sdk, s as AnyNode))) return;
    found.push({ scope: path.get("handler"), name: handler.param.name });
  });
  return found;
}

function onlyAwaitsSdk(sdk: Sdk, statement: AnyNode): boolean {
  const awaited = (e: AnyNode | null | undefined) => e?.type === "AwaitExpression" && isSdkCall(sdk, e.argument as AnyNode);
  if (statement.type === "ExpressionStatement") return awaited(statement.expression as AnyNode);
  if (statement.type === "ReturnStatement") return !statement.argument || statement.argument.type === "Identifier" || awaited(statement.argument as AnyNode);
  if (statement.type === "VariableDeclaration") return statement.declarations.every((d: AnyNode) => d.id.type === "Identifier" && awaited(d.init));
  return false;
}

const v2ErrorFields: Record<string, string> = { code: "name", statusCode: "$metadata?.httpStatusCode", retryable: "" };

type Scoped = { scope: { lookup(name: string): unknown } };

/** `name.field` reads inside `scope` (the function or catch clause declaring `name`) that mean that binding. */
function fieldReads(j: JSCodeshift, scope: ASTPath, name: string): Array<ASTPath> {
  const declaring = (scope as unknown as { scope: unknown }).scope;
  return j(scope)
    .find(j.MemberExpression, { object: { type: "Identifier", name }, computed: false })
    .filter((p) => {
      const field = (p.node.property as AnyNode).name as string | undefined;
      const parent = p.parent.node as AnyNode;
      const write = (parent.type === "AssignmentExpression" && parent.left === p.node) || parent.type === "UpdateExpression";
      const binding = (p.get("object") as unknown as Scoped).scope.lookup(name);
      return !!field && Object.hasOwn(v2ErrorFields, field) && !write && binding === declaring;
    })
    .paths();
}

function rewriteErrors(ctx: CodeRuleContext, sdk: Sdk): { changed: boolean; proven: Set<ASTNode> } {
  const { j } = ctx;
  let changed = false;
  const proven = new Set<ASTNode>();
  for (const { scope, name } of sdkErrorBindings(sdk, ctx.root)) {
    for (const read of fieldReads(j, scope, name)) {
      const node = read.node as AnyNode;
      proven.add(node);
      const field = node.property.name as string;
      if (field === "retryable") {
        ctx.report({
          rule: ruleName,
          severity: "warning",
          ...positionOf(node),
          message: `\`${name}.retryable\` is always undefined on an AWS SDK v3 error (v2 set it); v3 already retried retryable errors before failing.`,
          fix: `Decide from \`${name}.name\` or \`${name}.$metadata?.httpStatusCode\` (v3 sets \`${name}.$retryable\` only on throttling and transient errors).`,
        });
        continue;
      }
      const object = node.object as ExpressionKind;
      read.replace(
        field === "code"
          ? j.memberExpression(object, j.identifier("name"))
          : j.optionalMemberExpression(j.memberExpression(object, j.identifier("$metadata")), j.identifier("httpStatusCode")),
      );
      changed = true;
      ctx.report({
        rule: ruleName,
        severity: "info",
        ...positionOf(node),
        message: `\`${name}.${field}\` became \`${name}.${v2ErrorFields[field]}\`: AWS SDK v3 errors carry ${field === "code" ? "the error code in `name`" : "the HTTP status in `$metadata.httpStatusCode`"} (\`${name}.${field}\` is undefined in v3).`,
      });
    }
  }
  return { changed, proven };
}

/** `err.statusCode`, `err.retryable`, `err.code === 'NoSuchKey'` on an error not traced to an SDK call. */
function reportUnprovenErrors(ctx: CodeRuleContext, proven: Set<ASTNode>): void {
  const { j } = ctx;
  ctx.root.find(j.MemberExpression, { object: { type: "Identifier" }, computed: false }).forEach((path) => {
    const node = path.node as AnyNode;
    const field = node.property.name as string;
    const name = node.object.name as string;
    if (proven.has(node) || !/^(e|err|error|ex|exception|awsError)$/i.test(name)) return;
    const parent = path.parent.node as AnyNode;
    const comparedWithAwsCode =
      field === "code" && parent.type === "BinaryExpression" && [parent.left, parent.right].some((s: AnyNode) => s.type === "StringLiteral" && /^[A-Z][a-z][A-Za-z]*$/.test(s.value));
    if (field !== "statusCode" && field !== "retryable" && !comparedWithAwsCode) return;
    ctx.report({
      rule: ruleName,
      severity: "warning",
      ...positionOf(node),
      message: `\`${name}.${field}\`: if \`${name}\` is an AWS SDK error, v3 has no \`${field}\` (it is undefined)${field === "statusCode" ? ", so a fallback such as `|| 500` now always wins" : ""}.`,
      fix: field === "code" ? `Use \`${name}.name\` for AWS SDK v3 errors.` : field === "statusCode" ? `Use \`${name}.$metadata?.httpStatusCode\` for AWS SDK v3 errors.` : `Decide from \`${name}.name\` or \`${name}.$metadata?.httpStatusCode\`.`,
    });
  });
}

/** `this` inside a `function` callback of an SDK call: v2 bound the AWS.Response, v3 nothing. */
function reportThisInCallbacks(ctx: CodeRuleContext, sdk: Sdk): void {
  const { j } = ctx;
  ctx.root.find(j.CallExpression).forEach((path) => {
    const args = path.node.arguments as AnyNode[];
    const callback = args[args.length - 1];
    if (!isSdkCall(sdk, path.node as AnyNode) || callback?.type !== "FunctionExpression") return;
    const own = j(path.get("arguments", args.length - 1) as ASTPath).find(j.ThisExpression).filter((t) => {
      for (let p = t.parent as ASTPath | undefined; p; p = p.parent as ASTPath | undefined) {
        if (/Function|Method/.test(p.node.type) && p.node.type !== "ArrowFunctionExpression") return p.node === callback;
      }
      return false;
    });
    if (own.size() === 0) return;
    ctx.report({
      rule: ruleName,
      severity: "warning",
      ...positionOf(own.get().node),
      message: "`this` in an AWS SDK callback: v2 bound it to the response object (`this.requestId`, `this.httpResponse`, `this.retryCount`); v3 calls the callback without it.",
      fix: "Read the request id and status from `data.$metadata` (or `err.$metadata`) instead of `this`.",
    });
  });
}

/** The client config objects: `new Client({ ... })` for an SDK-imported class. */
function clientConfigs(sdk: Sdk, root: Collection): Collection {
  const { j } = sdk;
  return root.find(j.ObjectExpression).filter((p) => {
    const parent = p.parent.node as AnyNode;
    return parent.type === "NewExpression" && parent.arguments[0] === p.node && parent.callee.type === "Identifier" && sdk.locals.has(parent.callee.name);
  });
}

/** The leftmost piece of a string built by `+` or a template: where a scheme would be. */
function leftmost(node: AnyNode): AnyNode {
  if (node.type === "BinaryExpression" && node.operator === "+") return leftmost(node.left as AnyNode);
  if (node.type === "TemplateLiteral") return node.quasis[0].value.cooked ? node.quasis[0] : leftmost(node.expressions[0] as AnyNode);
  return node;
}

/** An endpoint without `https://`: v2 added it, v3 fails ("Invalid URL"). */
function fixEndpoints(ctx: CodeRuleContext, sdk: Sdk): boolean {
  const { j } = ctx;
  let changed = false;
  clientConfigs(sdk, ctx.root).forEach((config) => {
    for (const prop of config.node.properties as AnyNode[]) {
      if ((prop.type !== "ObjectProperty" && prop.type !== "Property") || prop.computed || (prop.key.name ?? prop.key.value) !== "endpoint") continue;
      const value = prop.value as AnyNode;
      const first = leftmost(value);
      const text = first.type === "StringLiteral" ? first.value : first.type === "TemplateElement" ? first.value.cooked : undefined;
      if (typeof text === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) continue;
      // A host the request gives (API Gateway's `requestContext.domainName`) never has a scheme.
      const isDomainName = first.type === "MemberExpression" && !first.computed && first.property.name === "domainName";
      if (typeof text === "string" || isDomainName) {
        if (value.type === "StringLiteral") value.value = `https://${value.value}`;
        else if (value.type === "TemplateLiteral" && typeof text === "string") value.quasis[0].value = { raw: `https://${value.quasis[0].value.raw}`, cooked: `https://${text}` };
        else prop.value = j.binaryExpression("+", j.stringLiteral("https://"), value as ExpressionKind);
        changed = true;
        ctx.report({ rule: ruleName, severity: "info", ...positionOf(value), message: "Client `endpoint` without a scheme got `https://`: AWS SDK v2 added it, v3 rejects an endpoint without one." });
      } else {
        ctx.report({
          rule: ruleName,
          severity: "warning",
          ...positionOf(value),
          message: "Client `endpoint` from a value llrt-migrate cannot read: AWS SDK v2 accepted a host without a scheme and added `https://`; v3 rejects it.",
          fix: "Make sure the endpoint starts with `https://` (e.g. `endpoint: `https://${host}``).",
        });
      }
    }
  });
  return changed;
}

const expiresPlaceholder = /add value from 'Expires' from v2 call/;

/** getSignedUrl(client, new XCommand(params), { expiresIn: '<placeholder>' }) -> expiresIn: params.Expires. */
function fillPresignExpiry(ctx: CodeRuleContext): boolean {
  const { j } = ctx;
  let changed = false;
  ctx.root.find(j.ObjectProperty, { key: { name: "expiresIn" }, value: { type: "StringLiteral" } }).forEach((path) => {
    const value = path.node.value as AnyNode;
    if (!expiresPlaceholder.test(value.value)) return;
    const call = path.parent.parent.node as AnyNode;
    const command = call.type === "CallExpression" ? (call.arguments[1] as AnyNode | undefined) : undefined;
    const params = command?.type === "NewExpression" ? (command.arguments[0] as AnyNode | undefined) : undefined;
    if (params?.type !== "Identifier") {
      ctx.report({ rule: ruleName, severity: "error", ...positionOf(value), message: "getSignedUrl's `expiresIn` is the codemod's placeholder text, not a number.", fix: "Set `expiresIn` to the seconds the v2 call's `Expires` gave (900 when it had none)." });
      return;
    }
    path.node.value = j.memberExpression(j.identifier(params.name), j.identifier("Expires"));
    changed = true;
    ctx.report({ rule: ruleName, severity: "info", ...positionOf(value), message: `getSignedUrl's \`expiresIn\` is \`${params.name}.Expires\`, as v2 read it (the codemod left a placeholder string; both default to 900 s when it is unset).` });
  });
  return changed;
}

const sideEffectFree = (node: AnyNode): boolean =>
  node.type === "Identifier" || node.type === "StringLiteral" ||
  (node.type === "MemberExpression" && !node.computed && sideEffectFree(node.object as AnyNode)) ||
  (node.type === "TemplateLiteral" && node.expressions.every((e: AnyNode) => sideEffectFree(e)));

/** createPresignedPost(client, { Bucket, Fields: { key } }): v3 requires `Key` (v2 took `Fields.key`). */
function addPresignedPostKey(ctx: CodeRuleContext, sdk: Sdk): boolean {
  const { j } = ctx;
  let changed = false;
  ctx.root.find(j.CallExpression, { callee: { type: "Identifier", name: "createPresignedPost" } }).forEach((path) => {
    if (!sdk.locals.has("createPresignedPost")) return;
    const params = path.node.arguments[1] as AnyNode | undefined;
    if (params?.type !== "ObjectExpression") return;
    const prop = (obj: AnyNode, key: string) => (obj.properties as AnyNode[]).find((p) => p.type === "ObjectProperty" && !p.computed && (p.key.name ?? p.key.value) === key);
    if (prop(params, "Key")) return;
    const fields = prop(params, "Fields")?.value as AnyNode | undefined;
    const key = fields?.type === "ObjectExpression" ? (prop(fields, "key")?.value as AnyNode | undefined) : undefined;
    if (key && sideEffectFree(key)) {
      const copy = j(`${j(key).toSource()};`).find(j.ExpressionStatement).get().node.expression as ExpressionKind;
      params.properties.push(j.objectProperty(j.identifier("Key"), copy) as never);
      changed = true;
      ctx.report({ rule: ruleName, severity: "info", ...positionOf(params), message: "createPresignedPost got `Key` (the value of `Fields.key`): AWS SDK v3 requires it and fails without it; v2 took the key from `Fields`." });
    } else {
      ctx.report({ rule: ruleName, severity: "error", ...positionOf(params), message: "createPresignedPost without `Key`: AWS SDK v3 requires it (v2 took it from `Fields.key`); the call throws a TypeError.", fix: "Add `Key: <the object key>` to the parameters." });
    }
  });
  return changed;
}

export const sdkV2SemanticsRule: CodeRule = {
  name: ruleName,
  // The source is the file before any rule ran: v2 code (`aws-sdk`) becomes v3 first.
  mayApply: (source) => /aws-sdk/.test(source),
  apply(ctx) {
    const locals = sdkLocals(ctx.j, ctx.root);
    if (locals.size === 0) return false;
    const sdk: Sdk = { j: ctx.j, locals, clients: clientNames(ctx.j, ctx.root, locals) };
    const errors = rewriteErrors(ctx, sdk);
    reportUnprovenErrors(ctx, errors.proven);
    reportThisInCallbacks(ctx, sdk);
    const endpoints = fixEndpoints(ctx, sdk);
    const expiry = fillPresignExpiry(ctx);
    const key = addPresignedPostKey(ctx, sdk);
    return errors.changed || endpoints || expiry || key;
  },
};

export default toJscodeshiftTransform(sdkV2SemanticsRule);
