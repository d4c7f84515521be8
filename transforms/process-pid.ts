// `process.pid` does not exist on LLRT: the same number is `process.id` (llrt.md §1.2, process).
// We rewrite reads of the real `process` object only (the global, or the `process` module); a local
// variable that happens to be called `process`, and writes to `.pid`, are left alone.
import type { ASTPath, JSCodeshift } from "jscodeshift";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import { isUnboundGlobal, keyName, moduleBindings, refersToTopLevel } from "./lib/module-bindings";

const ruleName = "process-pid";

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

/** Whether the identifier at `path` is the process object: the global, or bound from the `process` module. */
function isProcessObject(ctx: CodeRuleContext, path: ASTPath, moduleLocals: Set<string>): boolean {
  const name = (path.node as AnyNode).name as string;
  if (name === "process" && isUnboundGlobal(path, name)) return true;
  return moduleLocals.has(name) && refersToTopLevel(path, name);
}

function isWrittenTo(path: ASTPath): boolean {
  const parent = path.parent?.node as AnyNode;
  return (
    (parent?.type === "AssignmentExpression" && parent.left === path.node) ||
    parent?.type === "UpdateExpression" ||
    (parent?.type === "UnaryExpression" && parent.operator === "delete")
  );
}

/**
 * `{ pid }` becomes `{ id: pid }`. A new node, because recast would otherwise reprint only the key
 * over the shorthand's single source range and lose the local name.
 */
function renamePidProperty(j: JSCodeshift, prop: ASTPath): AnyNode {
  const old = prop.node as AnyNode;
  prop.replace(j.objectProperty(j.identifier("id"), old.value));
  return old; // for its position in the user's file
}

export const processPidRule: CodeRule = {
  name: ruleName,
  mayApply: (source) => /\bpid\b/.test(source),
  apply(ctx) {
    const { j, root } = ctx;
    const bindings = moduleBindings(j, root, ["process"]);
    const moduleLocals = new Set(bindings.filter((b) => b.imported === "*").map((b) => b.local));
    const sites: AnyNode[] = [];

    // process.pid, process?.pid
    root.find(j.Identifier).forEach((path) => {
      const member = path.parent?.node as AnyNode;
      if (!/MemberExpression$/.test(member?.type) || member.object !== path.node) return;
      if (keyName(member.property, member.computed) !== "pid" || isWrittenTo(path.parent)) return;
      if (!isProcessObject(ctx, path, moduleLocals)) return;
      member.property = j.identifier("id");
      member.computed = false;
      sites.push(member);
    });

    // const { pid } = process
    root.find(j.VariableDeclarator, { init: { type: "Identifier" } }).forEach((path) => {
      const node = path.node as AnyNode;
      if (node.id.type !== "ObjectPattern" || !isProcessObject(ctx, path.get("init"), moduleLocals)) return;
      (path.get("id", "properties") as ASTPath).each((prop: ASTPath) => {
        const p = prop.node as AnyNode;
        if (p.type === "ObjectProperty" && keyName(p.key, p.computed) === "pid") sites.push(renamePidProperty(j, prop));
      });
    });

    // import { pid } from "process" / const { pid } = require("process")
    for (const binding of bindings.filter((b) => b.imported === "pid")) {
      const node = binding.path.node as AnyNode;
      if (node.type === "ImportSpecifier") {
        binding.path.replace(j.importSpecifier(j.identifier("id"), j.identifier(binding.local)));
        sites.push(node);
      } else if (node.type === "ObjectProperty") {
        sites.push(renamePidProperty(j, binding.path));
      } else {
        Object.assign(node.init, { property: j.identifier("id"), computed: false }); // require("process").pid
        sites.push(node);
      }
    }

    for (const site of sites) {
      ctx.report({
        rule: ruleName,
        severity: "info",
        ...positionOf(site),
        message: "`process.pid` rewritten to `process.id`: LLRT has no process.pid and exposes the process id as process.id.",
        fix: "Nothing to do on LLRT. Under Node.js (e.g. local unit tests) process.id is undefined.",
      });
    }
    return sites.length > 0;
  },
};

export default toJscodeshiftTransform(processPidRule);
