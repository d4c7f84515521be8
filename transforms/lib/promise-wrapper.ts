// The fallback of handler-async: a callback-style handler whose completion calls cannot become
// `return`/`throw` keeps its body as it is, run inside the executor of the promise an async handler
// returns. The executor's local `callback` settles that promise the way Node's runtime settled the
// invocation:
//   async (event, context) => new Promise((resolve, reject) => {
//     const callback = (err, result) => (err != null ? reject(err) : resolve(result));
//     ...original body...
//   })
// - an error is anything but null/undefined (Node's runtime tests exactly that); the first call wins
//   (a promise settles once, as Node ignored later calls);
// - a synchronous throw rejects (the executor catches it, as Node's runtime turned it into an error),
//   and so does a throw in a floating `.then(...)` chain (`.catch(reject)` is added: Node's runtime
//   failed the invocation on the unhandled rejection, LLRT would wait for the timeout);
// - the callback is a real function, so passing it on to other functions keeps working;
// - `context.succeed(x)`, `context.fail(e)` and `context.done(e, x)` call the same callback, and
//   passed as values they become functions that do (LLRT's context has none of them);
// - `this` and hoisting are unchanged: the executor is an arrow and the body stays one function body.
import type { ASTNode, ASTPath, CallExpression, JSCodeshift } from "jscodeshift";
import type { ExpressionKind, StatementKind } from "ast-types/lib/gen/kinds";
import type { FunctionNode } from "../../src/engine/exports";

/** A call that ends the invocation: `callback(...)`, `context.succeed/fail/done(...)`. */
export interface CompletionCall {
  call: ASTPath<CallExpression>;
  /** What the call means, with its arguments normalised to (error, result). */
  kind: "callback" | "succeed" | "fail";
  label: string;
}

export type WrapResult = { ok: true; callbackName: string } | { ok: false; reason: string };

const functionType = /Function|ObjectMethod|ClassMethod/;

/** The closest function around `path` (arrows included). */
function ownerFunction(path: ASTPath): ASTNode | undefined {
  for (let p = path.parent as ASTPath | undefined; p; p = p.parent as ASTPath | undefined) {
    if (functionType.test(p.node.type)) return p.node;
  }
  return undefined;
}

/** The closest non-arrow function around `path`: the one whose `arguments` an identifier means. */
function argumentsOwner(path: ASTPath): ASTNode | undefined {
  for (let p = path.parent as ASTPath | undefined; p; p = p.parent as ASTPath | undefined) {
    if (functionType.test(p.node.type) && p.node.type !== "ArrowFunctionExpression") return p.node;
  }
  return undefined;
}

const isThenChain = (j: JSCodeshift, node: unknown): node is CallExpression =>
  j.CallExpression.check(node) &&
  j.MemberExpression.check(node.callee) &&
  !node.callee.computed &&
  j.Identifier.check(node.callee.property) &&
  ["then", "catch", "finally"].includes(node.callee.property.name);

/** Values Node's runtime ignored when a callback handler returned them (they cannot be promises). */
const isPlainValue = (node: ASTNode) =>
  /Literal$|^(ObjectExpression|ArrayExpression|ArrowFunctionExpression|FunctionExpression|ClassExpression)$/.test(node.type) ||
  (node.type === "UnaryExpression" && node.operator === "void") ||
  (node.type === "Identifier" && node.name === "undefined");

type ReturnedValue = "ignored" | "chain" | string;

/**
 * How a value the handler returns must be treated inside the executor, whose return value nobody
 * reads. Node's runtime used a returned promise (`result.then(succeed, fail)`) and ignored anything
 * else, so a promise chain is settled the same way, and a plain value or a call that was handed the
 * callback (it answers through it) is ignored. Anything else might be a promise: a string says why.
 */
function classifyReturned(j: JSCodeshift, value: ASTNode, callbackName: string | undefined, completionCalls: Set<ASTNode>): ReturnedValue {
  if (completionCalls.has(value) || isPlainValue(value)) return "ignored";
  if (isThenChain(j, value)) return "chain";
  const receivesCallback =
    (j.CallExpression.check(value) || j.NewExpression.check(value)) &&
    value.arguments.some((a) => j.Identifier.check(a) && a.name === callbackName);
  if (receivesCallback) return "ignored";
  return `it also returns a value Node would have awaited if it were a promise (line ${(value as { loc?: { start: { line: number } } }).loc?.start.line ?? "?"})`;
}

/** A name no identifier in the handler uses, so the wrapper's bindings shadow nothing the body reads. */
function freshName(taken: Set<string>, base: string): string {
  for (const candidate of [base, `${base}Invocation`, `${base}Lambda`]) if (!taken.has(candidate)) return candidate;
  let n = 2;
  while (taken.has(`${base}${n}`)) n++;
  return `${base}${n}`;
}

/** Statements directly in the function body that declare `name` (they would clash with the wrapper's own). */
function declaresAtTop(body: ASTNode, name: string): boolean {
  if (body.type !== "BlockStatement") return false;
  return body.body.some((s) => {
    if (s.type === "VariableDeclaration") return s.declarations.some((d) => d.type === "VariableDeclarator" && d.id.type === "Identifier" && d.id.name === name);
    return (s.type === "FunctionDeclaration" || s.type === "ClassDeclaration") && s.id?.name === name;
  });
}

export function wrapInPromise(j: JSCodeshift, fn: ASTPath<FunctionNode>, calls: CompletionCall[], otherUses: ASTPath[], typescript: boolean): WrapResult {
  const node = fn.node;
  if (node.async) return { ok: false, reason: "it is already async" };
  if (node.generator) return { ok: false, reason: "it is a generator" };
  const callbackParam = node.params[2];
  if (callbackParam && callbackParam.type !== "Identifier") return { ok: false, reason: "its callback parameter is not a plain name" };
  const body = j(fn.get("body") as ASTPath);
  const taken = new Set<string>(body.find(j.Identifier).nodes().map((n) => n.name));
  for (const p of node.params) if (p.type === "Identifier") taken.add(p.name);
  const callbackName = callbackParam?.name ?? freshName(taken, "callback");
  if (declaresAtTop(node.body, callbackName)) return { ok: false, reason: `its body declares \`${callbackName}\` again` };
  const readsArguments = body.find(j.Identifier, { name: "arguments" }).some((p: ASTPath) => argumentsOwner(p) === node);
  if (readsArguments) return { ok: false, reason: "it reads `arguments`, which LLRT passes without the callback" };

  const completionNodes = new Set<ASTNode>(calls.map((c) => c.call.node));
  const ownReturns = body.find(j.ReturnStatement).filter((p) => ownerFunction(p) === node && !!p.node.argument).paths();
  const returned = [...ownReturns.map((p) => p.node.argument as ASTNode), ...(j.BlockStatement.check(node.body) ? [] : [node.body])];
  const verdicts = returned.map((value) => classifyReturned(j, value, callbackName, completionNodes));
  const refusal = verdicts.find((v) => v !== "ignored" && v !== "chain");
  if (refusal) return { ok: false, reason: refusal };

  const resolveName = freshName(taken, "resolve");
  const rejectName = freshName(taken, "reject");
  const settle = (value: ExpressionKind) =>
    j.callExpression(j.memberExpression(value, j.identifier("then")), [j.identifier(resolveName), j.identifier(rejectName)]);

  // context.succeed(x) / fail(e) / done(e, x): Node's runtime meant callback(null, x) / callback(e) / callback(e, x).
  for (const c of calls) {
    if (c.label.startsWith(`${callbackName}(`)) continue;
    const call = c.call.node;
    call.callee = j.identifier(callbackName);
    if (c.kind === "succeed") call.arguments.unshift(j.nullLiteral());
    // Node's context.fail() without an error still failed the invocation, with the error "handled".
    if (c.kind === "fail" && call.arguments.length === 0) call.arguments.push(j.stringLiteral("handled"));
  }
  // `promise.then(context.succeed, context.fail)`, `lambda.invoke(params, context.done)`: the same, as values.
  for (const use of otherUses) {
    const member = use.parent as ASTPath;
    if (!j.MemberExpression.check(member.node) || member.node.object !== use.node || !j.Identifier.check(member.node.property)) continue;
    const callback = j.identifier(callbackName);
    const name = member.node.property.name;
    if (name === "done") member.replace(callback);
    else if (name === "succeed") member.replace(j.arrowFunctionExpression([j.identifier("result")], j.callExpression(callback, [j.nullLiteral(), j.identifier("result")])));
    else member.replace(j.arrowFunctionExpression([j.identifier("err")], j.callExpression(callback, [j.identifier("err")])));
  }
  ownReturns.forEach((p, i) => {
    if (verdicts[i] === "chain") p.node.argument = settle(p.node.argument as ExpressionKind);
  });

  // A floating promise chain whose callback throws: Node's runtime failed the invocation on the
  // unhandled rejection; LLRT would wait until the timeout. The rejection now fails the invocation.
  body.find(j.ExpressionStatement).forEach((statement) => {
    const expression = statement.node.expression;
    if (isThenChain(j, expression)) statement.node.expression = j.callExpression(j.memberExpression(expression, j.identifier("catch")), [j.identifier(rejectName)]);
  });
  let block = node.body;
  if (!j.BlockStatement.check(block)) {
    const expression = block as ExpressionKind;
    block = j.blockStatement([j.expressionStatement(verdicts.at(-1) === "chain" ? settle(expression) : expression)]);
  }
  const assigned = body.find(j.AssignmentExpression, { left: { type: "Identifier", name: callbackName } }).size() > 0;
  const names = { callback: callbackName, resolve: resolveName, reject: rejectName };
  block.body.unshift(callbackDeclaration(j, names, assigned, typescript, callbackParam?.typeAnnotation));
  const promise = j.newExpression(j.identifier("Promise"), [j.arrowFunctionExpression([j.identifier(resolveName), j.identifier(rejectName)], block)]);

  node.body = node.type === "ArrowFunctionExpression" ? promise : j.blockStatement([j.returnStatement(promise)]);
  node.async = true;
  if (callbackParam) node.params.splice(2, 1);
  // A declared `void` (or any other) return type no longer holds for an async function.
  if ("returnType" in node && node.returnType) node.returnType = null;
  return { ok: true, callbackName };
}

/**
 * `const callback = (err, result) => (err != null ? reject(err) : resolve(result));` In TypeScript it
 * keeps the type the handler gave its callback parameter, or types its own parameters `unknown`.
 */
function callbackDeclaration(
  j: JSCodeshift,
  names: { callback: string; resolve: string; reject: string },
  reassigned: boolean,
  typescript: boolean,
  declaredType: unknown,
): StatementKind {
  const param = (name: string) => {
    const id = j.identifier(name);
    if (typescript && !declaredType) {
      id.optional = true;
      id.typeAnnotation = j.tsTypeAnnotation(j.tsUnknownKeyword());
    }
    return id;
  };
  const settle = j.conditionalExpression(
    j.binaryExpression("!=", j.identifier("err"), j.nullLiteral()),
    j.callExpression(j.identifier(names.reject), [j.identifier("err")]),
    j.callExpression(j.identifier(names.resolve), [j.identifier("result")]),
  );
  const id = j.identifier(names.callback);
  if (typescript && declaredType) (id as { typeAnnotation?: unknown }).typeAnnotation = declaredType;
  return j.variableDeclaration(reassigned ? "let" : "const", [j.variableDeclarator(id, j.arrowFunctionExpression([param("err"), param("result")], settle))]);
}
