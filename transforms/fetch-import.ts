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
    let changed = dropPolyfillImports(ctx);
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
