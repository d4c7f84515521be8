// Handler shape: LLRT calls `handler(event, context)` and awaits what it returns. It never passes a
// callback and has no context.succeed/fail/done, so a callback-style handler would never answer.
// We rewrite to an async handler only when every completion call can become a `return` or `throw`
// with the same effect: a direct statement, in the handler's own body, after which nothing else runs.
import type { ASTNode, ASTPath, CallExpression, JSCodeshift } from "jscodeshift";
import type { StatementKind as Statement } from "ast-types/lib/gen/kinds";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { isTypeScript, positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import type { FunctionNode } from "../src/engine/exports";
import { findExportedFunctions, looksLikeHandler } from "../src/engine/exports";
import type { CompletionCall } from "./lib/promise-wrapper";
import { wrapInPromise } from "./lib/promise-wrapper";

const ruleName = "handler-async";


type Plan = { ok: true; edits: Array<() => void> } | { ok: false; reason: string; at: ASTPath };

const nullish = (j: JSCodeshift, node: unknown) =>
  j.NullLiteral.check(node) ||
  (j.Identifier.check(node) && node.name === "undefined") ||
  (j.UnaryExpression.check(node) && node.operator === "void");

function enclosingFunction(path: ASTPath): ASTPath | undefined {
  for (let p = path.parent as ASTPath | undefined; p; p = p.parent as ASTPath | undefined) {
    if (/Function|ObjectMethod|ClassMethod/.test(p.node.type)) return p;
  }
  return undefined;
}

/**
 * Whether nothing runs after `stmt` before the handler returns (it is last in every enclosing block,
 * or followed by a bare `return;`, or by a `break;` that leaves a switch which is itself last), and
 * whether it sits inside a `try` block, where a `throw` would be caught instead of failing the invocation.
 */
function flowAfter(stmt: ASTPath, body: ASTPath): { terminal: boolean; inTry: boolean } {
  let inTry = false;
  let terminal: boolean | undefined;
  let leavingSwitch = false; // a `break;` follows: control goes on after the enclosing switch
  for (let p = stmt; p.node !== body.node; ) {
    const parent = p.parent as ASTPath;
    const node = parent.node;
    const siblings = statementList(node);
    if (siblings && terminal === undefined && !leavingSwitch) {
      const next = siblings[siblings.indexOf(p.node as Statement) + 1];
      if (next?.type === "ReturnStatement" && !next.argument) terminal = true;
      else if (next?.type === "BreakStatement" && !next.label) leavingSwitch = true;
      else if (next) terminal = false;
      else if (node.type === "SwitchCase" && (parent.parent.node.cases as unknown[]).at(-1) !== node) terminal = false; // falls through
    } else if (node.type === "SwitchStatement") {
      leavingSwitch = false;
    } else if (node.type === "TryStatement") {
      if (p.node === node.block) inTry = true;
    } else if (!["BlockStatement", "IfStatement", "CatchClause", "LabeledStatement", "SwitchCase"].includes(node.type)) {
      terminal ??= false; // loops: control may go on after the call
    }
    p = parent;
  }
  return { terminal: terminal ?? true, inTry };
}

/** The statements of a block or of a switch case. */
function statementList(node: ASTNode): Statement[] | undefined {
  if (node.type === "BlockStatement") return node.body as Statement[];
  if (node.type === "SwitchCase") return node.consequent as Statement[];
  return undefined;
}

/** The statements a completion call becomes, or why it cannot be rewritten. */
function replacementFor(j: JSCodeshift, c: CompletionCall): Statement[] | string {
  const args = c.call.node.arguments;
  if (args.some((a) => a.type === "SpreadElement")) return `${c.label} is called with a spread argument`;
  const [first, second] = args as never[];
  if (c.kind === "succeed") return [j.returnStatement(first ?? null)];
  if (c.kind === "fail") return first ? [j.throwStatement(first)] : `${c.label} is called without an error`;
  if (args.length > 2) return `${c.label} is called with more than two arguments`;
  if (!first || nullish(j, first)) return [j.returnStatement(second ?? null)];
  if (args.length === 1) return [j.throwStatement(first)];
  // callback(err, result): Node's runtime fails the invocation when err is neither null nor undefined.
  if (!j.Identifier.check(first)) return `${c.label} is called with a computed error and a result`;
  return [
    j.ifStatement(j.binaryExpression("!=", first, j.nullLiteral()), j.blockStatement([j.throwStatement(first)])),
    j.returnStatement(second ?? null),
  ];
}

function planCompletion(j: JSCodeshift, c: CompletionCall, fn: ASTPath<FunctionNode>): Plan {
  if (enclosingFunction(c.call)?.node !== fn.node) {
    return { ok: false, at: c.call, reason: `${c.label} is called inside a nested function, so its result cannot become the handler's return value` };
  }
  const stmt = c.call.parent as ASTPath;
  // `(event, context, cb) => cb(null, x)`: the call is the arrow's whole body, so nothing runs after it.
  if (stmt.node === fn.node) return planExpressionBody(j, c, fn);
  const isReturn = stmt.node.type === "ReturnStatement";
  if (!isReturn && stmt.node.type !== "ExpressionStatement") {
    return { ok: false, at: c.call, reason: `${c.label} is used inside an expression, not as a statement of its own` };
  }
  const flow = flowAfter(stmt, fn.get("body") as ASTPath);
  if (!isReturn && !flow.terminal) {
    return { ok: false, at: c.call, reason: `code after ${c.label} would still run in Node but not after a return` };
  }
  const replacement = replacementFor(j, c);
  if (typeof replacement === "string") return { ok: false, at: c.call, reason: replacement };
  if (flow.inTry && replacement.some((s) => s.type === "ThrowStatement" || s.type === "IfStatement")) {
    return { ok: false, at: c.call, reason: `${c.label} reports an error inside a try block, where a throw would be caught` };
  }
  return {
    ok: true,
    edits: [
      () => {
        const container = stmt.parent as ASTPath;
        // A lone statement under `if (x) callback(e)` needs braces to hold two statements.
        if (replacement.length > 1 && !statementList(container.node)) stmt.replace(j.blockStatement(replacement));
        else stmt.replace(...replacement);
        pruneTrailingReturn(container);
      },
    ],
  };
}

function planExpressionBody(j: JSCodeshift, c: CompletionCall, fn: ASTPath<FunctionNode>): Plan {
  const replacement = replacementFor(j, c);
  if (typeof replacement === "string") return { ok: false, at: c.call, reason: replacement };
  const [only] = replacement;
  const value = replacement.length === 1 && only.type === "ReturnStatement" ? only.argument : undefined;
  // A returned value stays an expression body; a throw needs a block, and no value an empty one.
  const statements = replacement.length === 1 && only.type === "ReturnStatement" && !value ? [] : replacement;
  return { ok: true, edits: [() => void (fn.node.body = value ? (value as typeof fn.node.body) : j.blockStatement(statements))] };
}

/** `callback(err); return;` becomes `throw err; return;` (or `...; break;` in a switch): the bare exit is now unreachable. */
function pruneTrailingReturn(container: ASTPath): void {
  const key = container.node.type === "SwitchCase" ? "consequent" : "body";
  const list = statementList(container.node);
  if (!list) return;
  const exits = (s: Statement) => s.type === "ReturnStatement" || s.type === "ThrowStatement";
  const bareExit = (s: Statement) => (s.type === "ReturnStatement" && !s.argument) || (s.type === "BreakStatement" && !s.label);
  while (list.length >= 2) {
    const last = list[list.length - 1];
    if (!(bareExit(last) && exits(list[list.length - 2]))) break;
    (container.get(key, list.length - 1) as ASTPath).prune();
  }
}

/** Every reference to the handler's own `callback` parameter and its `context.succeed/fail/done`. */
function completionCalls(j: JSCodeshift, fn: ASTPath<FunctionNode>): { calls: CompletionCall[]; otherUses: ASTPath[] } {
  const params = fn.node.params;
  const callbackName = params[2]?.type === "Identifier" ? params[2].name : undefined;
  const contextName = params[1]?.type === "Identifier" ? params[1].name : undefined;
  const calls: CompletionCall[] = [];
  const otherUses: ASTPath[] = [];
  const ownBinding = (p: ASTPath, name: string) => (p as ASTPath & { scope?: { lookup(n: string): unknown } }).scope?.lookup(name) === (fn as ASTPath & { scope?: unknown }).scope;

  j(fn.get("body") as ASTPath).find(j.Identifier).forEach((idPath) => {
    const name = idPath.node.name;
    const parent = idPath.parent.node;
    const isPropertyKey = (j.MemberExpression.check(parent) && parent.property === idPath.node && !parent.computed) ||
      ((j.ObjectProperty.check(parent) || j.Property.check(parent)) && parent.key === idPath.node && !parent.computed);
    if (isPropertyKey) return;
    if (name === callbackName && ownBinding(idPath, name)) {
      const isCall = j.CallExpression.check(parent) && parent.callee === idPath.node;
      if (isCall) calls.push({ call: idPath.parent as ASTPath<CallExpression>, kind: "callback", label: `${name}()` });
      else otherUses.push(idPath);
    } else if (name === contextName && ownBinding(idPath, name) && j.MemberExpression.check(parent) && !parent.computed) {
      const member = j.Identifier.check(parent.property) ? parent.property.name : "";
      const call = idPath.parent.parent;
      if (!["succeed", "fail", "done"].includes(member)) return;
      if (!j.CallExpression.check(call.node) || call.node.callee !== parent) return void otherUses.push(idPath);
      const kind = member === "done" ? "callback" : member === "succeed" ? "succeed" : "fail";
      calls.push({ call: call as ASTPath<CallExpression>, kind, label: `${name}.${member}()` });
    }
  });
  return { calls, otherUses };
}

function migrateHandler(ctx: CodeRuleContext, exportName: string, fn: ASTPath<FunctionNode>): boolean {
  const { j } = ctx;
  const { calls, otherUses } = completionCalls(j, fn);
  if (calls.length === 0 && otherUses.length === 0) return false;

  const plans = calls.map((c) => planCompletion(j, c, fn));
  const problems: Array<{ reason: string; at: ASTPath }> = [
    ...otherUses.map((at) => ({ at, reason: `\`${(at.node as { name: string }).name}\` is passed on or stored, not called directly` })),
    ...plans.filter((p): p is Extract<Plan, { ok: false }> => !p.ok),
  ];
  if (problems.length === 0) {
    for (const plan of plans) if (plan.ok) plan.edits.forEach((edit) => edit());
    fn.node.async = true;
    if (fn.node.params.length >= 3 && fn.node.params[2].type === "Identifier") fn.node.params.splice(2, 1);
    reportConverted(ctx, exportName, fn, `${calls.length} completion call${calls.length === 1 ? "" : "s"} became return/throw`);
    return true;
  }

  // The direct rewrite would change behaviour: keep the body as it is inside a promise instead.
  const wrapped = wrapInPromise(j, fn, calls, otherUses, isTypeScript(ctx.file));
  if (!wrapped.ok) {
    for (const problem of problems) {
      ctx.report({
        rule: ruleName,
        severity: "error",
        ...positionOf(problem.at.node as { loc?: null }),
        message: `Handler \`${exportName}\` is callback-style and cannot be made async automatically: ${problem.reason}, and its body cannot be wrapped in a promise either: ${wrapped.reason}. LLRT never passes a callback nor context.succeed/fail/done, so the invocation would never complete.`,
        fix: "Make the handler `async (event, context)` and return the result (or throw the error); wrap callback-based APIs in `new Promise((resolve, reject) => ...)` or use their promise form.",
      });
    }
    return false;
  }
  reportConverted(ctx, exportName, fn, `its body now runs inside \`new Promise\` and \`${wrapped.callbackName}\` settles it, because ${problems[0].reason}`);
  return true;
}

function reportConverted(ctx: CodeRuleContext, exportName: string, fn: ASTPath<FunctionNode>, how: string): void {
  ctx.report({
    rule: ruleName,
    severity: "info",
    // recast drops the position of a declaration inside `export`: the export statement has it.
    ...positionOf(fn.node.loc ? fn.node : ((fn.parent as ASTPath).node as { loc?: null })),
    message: `Handler \`${exportName}\` converted from callback style to async (${how}). One behaviour changes: Node answered a successful callback only once the event loop was empty (\`callbackWaitsForEmptyEventLoop\`); an async handler answers as soon as its promise settles.`,
    fix: "Review the converted handler; await any work (timers, unawaited promises, SDK calls) that must finish before the function answers.",
  });
}

export const handlerAsyncRule: CodeRule = {
  name: ruleName,
  nodeSafe: true,
  mayApply: (source) => /exports|export\s/.test(source),
  apply(ctx) {
    let changed = false;
    for (const exported of findExportedFunctions(ctx.j, ctx.root)) {
      const named = ctx.handlerExports.includes(exported.exportName);
      if (!named && !looksLikeHandler(exported)) continue;
      if (migrateHandler(ctx, exported.exportName, exported.fn)) changed = true;
    }
    return changed;
  },
};

export default toJscodeshiftTransform(handlerAsyncRule);
