// LLRT has no `timers/promises` module (llrt.md §1.1), and a static import of it fails at load.
// `setTimeout(delay, value)` from it is a promise that resolves to `value` after `delay` ms: the same
// as a Promise around the global setTimeout. We rewrite only that function, called with at most
// (delay, value): its third argument ({ signal, ref }) has no equivalent in the small helper.
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import type { ModuleBinding } from "./lib/module-bindings";
import { insertAfterImports, isTypeScript, moduleBindings, referencesTo, removeBinding, statementsOf } from "./lib/module-bindings";

const ruleName = "timers-promises";

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

/** A function declaration (hoisted like the import it replaces) named as the import's local binding. */
function helperSource(name: string, typescript: boolean): string {
  const signature = typescript ? `${name}<T = void>(delay?: number, value?: T): Promise<T>` : `${name}(delay, value)`;
  const resolved = typescript ? "value as T" : "value";
  return [
    "// LLRT has no timers/promises: the same promise-returning setTimeout, on the global timer.",
    `function ${signature} {`,
    `  return new Promise((resolve) => globalThis.setTimeout(() => resolve(${resolved}), delay));`,
    "}",
  ].join("\n");
}

/** Whether every use of the binding is a plain call with at most (delay, value), or the function passed as a value. */
function usesOnlyDelayAndValue(ctx: CodeRuleContext, binding: ModuleBinding): boolean {
  return referencesTo(ctx.j, ctx.root, binding).every((ref) => {
    const parent = ref.parent.node as AnyNode;
    if (parent.type !== "CallExpression" || parent.callee !== ref.node) return true;
    return parent.arguments.length <= 2 && !parent.arguments.some((a: AnyNode) => a.type === "SpreadElement");
  });
}

export const timersPromisesRule: CodeRule = {
  name: ruleName,
  nodeSafe: true,
  mayApply: (source) => source.includes("timers/promises"),
  apply(ctx) {
    const bindings = moduleBindings(ctx.j, ctx.root, ["timers/promises"]);
    // Anything else from the module (setImmediate, setInterval, the namespace) stays for the analyzer to report.
    if (bindings.length === 0 || bindings.some((b) => b.imported !== "setTimeout" || !usesOnlyDelayAndValue(ctx, b))) return false;
    for (const binding of bindings) {
      const helper = statementsOf(ctx.j, helperSource(binding.local, isTypeScript(ctx.file)));
      insertAfterImports(binding.statement, helper);
      ctx.report({
        rule: ruleName,
        severity: "info",
        ...positionOf(binding.path.node as AnyNode),
        message: `\`setTimeout\` from 'timers/promises' replaced by a local function \`${binding.local}\` that wraps the global setTimeout in a Promise (LLRT has no timers/promises).`,
        fix: "Nothing to do: same delay, same resolved value.",
      });
      removeBinding(ctx.j, binding);
    }
    return true;
  },
};

export default toJscodeshiftTransform(timersPromisesRule);
