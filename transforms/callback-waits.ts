// `context.callbackWaitsForEmptyEventLoop = false` tells Node's Lambda runtime to answer without
// waiting for the event loop to drain. LLRT ignores the setting (the field is always true there,
// llrt.md §3), so the statement does nothing and is removed, with a note saying so.
import type { ASTPath } from "jscodeshift";
import type { CodeRule } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import { keyName } from "./lib/module-bindings";

const ruleName = "callback-waits";
const property = "callbackWaitsForEmptyEventLoop";

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

/** `<identifier>.callbackWaitsForEmptyEventLoop = false` as a statement of its own. */
function isDisablingStatement(node: AnyNode): boolean {
  const expr = node.type === "ExpressionStatement" ? node.expression : undefined;
  if (expr?.type !== "AssignmentExpression" || expr.operator !== "=") return false;
  const { left, right } = expr;
  const isFalse = (right.type === "BooleanLiteral" || right.type === "Literal") && right.value === false;
  return isFalse && left.type === "MemberExpression" && left.object.type === "Identifier" && keyName(left.property, left.computed) === property;
}

export const callbackWaitsRule: CodeRule = {
  name: ruleName,
  mayApply: (source) => source.includes(property),
  apply(ctx) {
    const { j, root } = ctx;
    // Only statements in a statement list: `if (x) context.cb... = false;` would leave an empty `if`.
    const removable = root.find(j.ExpressionStatement).filter((path) => isDisablingStatement(path.node) && Array.isArray(path.parent.node.body));
    removable.forEach((path: ASTPath) => {
      const node = path.node as AnyNode;
      // Comments above the statement usually explain it: they go with it, unless they are the file header.
      const next = (path.parent.node.body as AnyNode[])[(path.name as number) + 1];
      const keep = (node.comments ?? []).filter((c: AnyNode) => c.leading && /^\s*(eslint|@ts-|#!)/.test(c.value));
      if (keep.length && next) next.comments = [...keep, ...(next.comments ?? [])];
      ctx.report({
        rule: ruleName,
        severity: "info",
        ...positionOf(node),
        message: `\`${node.expression.left.object.name}.${property} = false\` removed: LLRT ignores this setting and answers as soon as the handler's promise settles.`,
        fix: "Nothing to do. Work left running after the handler returns (timers, unawaited promises) is not guaranteed to finish on LLRT either; await it before returning.",
      });
      path.prune();
    });
    return removable.length > 0;
  },
};

export default toJscodeshiftTransform(callbackWaitsRule);
