// `node-fetch`, `cross-fetch` and `isomorphic-fetch` exist to give Node a `fetch`; LLRT has a global
// one, and the packages themselves need Node's http module, which LLRT lacks (llrt.md §1.2, §1.4).
// We drop the import only when the file uses nothing but the default export, and only by calling
// it: Headers/Response imports, or passing the function around, stay for the analyzer to report.
import type { ASTPath } from "jscodeshift";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import type { ModuleBinding } from "./lib/module-bindings";
import { bareModule, isUnboundGlobal, moduleBindings, referencesTo, removeBinding, requiredModule, stringValue } from "./lib/module-bindings";

const ruleName = "fetch-import";
const fetchPackages = ["node-fetch", "cross-fetch", "isomorphic-fetch"];
/** Imported only for their side effect: they install a global fetch when there is none. */
const polyfills = ["isomorphic-fetch", "cross-fetch/polyfill"];

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

const message = (what: string) =>
  `${what}: LLRT has a global fetch (the package would need Node's http module, which LLRT lacks).`;
const fix =
  "Check the response handling: on LLRT v0.8.1 Response.body is undefined (use text(), json() or arrayBuffer()), and node-fetch extras such as res.buffer() or the agent option do not exist. Remove the package from package.json when nothing else uses it.";

/**
 * node-fetch's own Response methods and options that the global fetch lacks. `res.buffer()` has an
 * exact equivalent and is rewritten; any other extra keeps the import (the dependency analyzer then
 * reports the package) instead of leaving a call that throws a TypeError on LLRT.
 */
function rewriteBufferCalls(ctx: CodeRuleContext): number {
  const { j, root } = ctx;
  const calls = root.find(j.CallExpression, { callee: { type: "MemberExpression", computed: false, property: { name: "buffer" } }, arguments: [] });
  calls.forEach((path) => {
    const receiver = (path.node.callee as AnyNode).object;
    const arrayBuffer = j.callExpression(j.memberExpression(receiver, j.identifier("arrayBuffer")), []);
    const toBuffer = (data: AnyNode) => j.callExpression(j.memberExpression(j.identifier("Buffer"), j.identifier("from")), [data]);
    const parent = path.parent.node as AnyNode;
    // `await res.buffer()` -> `Buffer.from(await res.arrayBuffer())`; elsewhere keep a promise of a Buffer.
    if (parent.type === "AwaitExpression") path.parent.replace(toBuffer(j.awaitExpression(arrayBuffer)));
    else path.replace(j.callExpression(j.memberExpression(arrayBuffer, j.identifier("then")), [j.arrowFunctionExpression([j.identifier("data")], toBuffer(j.identifier("data")))]));
    ctx.report({ rule: ruleName, severity: "info", ...positionOf(path.node), message: "`res.buffer()` (node-fetch only) became `Buffer.from(await res.arrayBuffer())`: the global fetch's Response has no buffer()." });
  });
  return calls.size();
}

/** Uses of node-fetch extras with no rewrite: `res.textConverted()`, `res.body.pipe/on(...)`, the agent/timeout/size/compress options. */
function unsupportedExtras(ctx: CodeRuleContext): Array<{ node: AnyNode; what: string }> {
  const { j, root } = ctx;
  const found: Array<{ node: AnyNode; what: string }> = [];
  root.find(j.MemberExpression, { computed: false, property: { type: "Identifier" } }).forEach((path) => {
    const node = path.node as AnyNode;
    const name = node.property.name as string;
    const onBody = node.object.type === "MemberExpression" && !node.object.computed && node.object.property.name === "body";
    if (name === "textConverted" || (onBody && ["pipe", "on", "once"].includes(name))) found.push({ node, what: onBody ? `res.body.${name}()` : "res.textConverted()" });
  });
  root.find(j.CallExpression, { callee: { type: "Identifier" } }).forEach((path) => {
    const options = path.node.arguments[1] as AnyNode;
    if (!fetchNames.has((path.node.callee as AnyNode).name) || options?.type !== "ObjectExpression") return;
    for (const p of options.properties as AnyNode[]) {
      const key = p.key?.name ?? p.key?.value;
      if (["agent", "timeout", "size", "compress", "follow"].includes(key)) found.push({ node: p, what: `the \`${key}\` option` });
    }
  });
  return found;
}
const fetchNames = new Set(["fetch", "nodeFetch", "crossFetch"]);

/** The calls to the default export, or undefined when it is used any other way. */
function callsOnly(ctx: CodeRuleContext, binding: ModuleBinding): Array<ASTPath<AnyNode>> | undefined {
  const refs = referencesTo(ctx.j, ctx.root, binding);
  const called = refs.every((ref) => {
    const parent = ref.parent.node as AnyNode;
    return parent.type === "CallExpression" && parent.callee === ref.node;
  });
  // Renaming `nodeFetch(...)` to `fetch(...)` must not land on a local variable called fetch.
  const globalVisible = binding.local === "fetch" || refs.every((ref) => isUnboundGlobal(ref, "fetch"));
  return called && globalVisible ? refs : undefined;
}

function dropPolyfillImports(ctx: CodeRuleContext): number {
  const { j, root } = ctx;
  const isPolyfill = (node: AnyNode) => node && polyfills.includes(bareModule(node));
  const statements = [
    ...root.find(j.ImportDeclaration).filter((p) => p.node.specifiers?.length === 0 && isPolyfill(stringValue(p.node.source))).paths(),
    ...root.find(j.ExpressionStatement).filter((p) => isPolyfill(requiredModule(p.node.expression))).paths(),
  ];
  for (const statement of statements) {
    ctx.report({ rule: ruleName, severity: "info", ...positionOf(statement.node), message: message("Polyfill import removed"), fix });
    statement.prune();
  }
  return statements.length;
}

export const fetchImportRule: CodeRule = {
  name: ruleName,
  mayApply: (source) => /(node|cross|isomorphic)-fetch/.test(source),
  apply(ctx) {
    const extras = unsupportedExtras(ctx);
    if (extras.length > 0) {
      for (const extra of extras) {
        ctx.report({
          rule: ruleName,
          severity: "warning",
          ...positionOf(extra.node),
          message: `${extra.what} exists only in node-fetch, so its import stays; node-fetch needs Node's http module, which LLRT lacks.`,
          fix: "Use the global fetch: read the body with text(), json() or arrayBuffer() (LLRT v0.8.1 has no Response.body stream), and an AbortSignal.timeout(ms) signal instead of the timeout option; then remove the import.",
        });
      }
      return false;
    }
    let changed = dropPolyfillImports(ctx);
    changed += rewriteBufferCalls(ctx);
    const bindings = moduleBindings(ctx.j, ctx.root, fetchPackages);
    for (const module of fetchPackages) {
      const own = bindings.filter((b) => b.module === module);
      const calls = own.length === 1 && own[0].imported === "*" && (own[0].path.node as AnyNode).type !== "ImportNamespaceSpecifier" ? callsOnly(ctx, own[0]) : undefined;
      if (!calls) continue;
      for (const call of calls) call.replace(ctx.j.identifier("fetch"));
      ctx.report({ rule: ruleName, severity: "info", ...positionOf(own[0].statement.node), message: message(`'${module}' import removed, calls use the global fetch`), fix });
      removeBinding(ctx.j, own[0]);
      changed++;
    }
    return changed > 0;
  },
};

export default toJscodeshiftTransform(fetchImportRule);
