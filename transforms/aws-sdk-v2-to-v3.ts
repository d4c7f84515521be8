// AWS SDK v2 -> v3. LLRT has no SDK v2 (a function importing `aws-sdk` fails at init), so every v2
// call must become v3. AWS's own codemod does the conversion; this rule runs it in-process, puts its
// output into the shared tree, and fixes what it leaves that still breaks on LLRT (see v2-leftovers).
import type { Collection } from "jscodeshift";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { originalPositions, printOptions, toJscodeshiftTransform } from "../src/engine/code-rule";
import { notSupportedMarker, runV2ToV3 } from "../src/sdk/codemod";
import { lineMap } from "../src/sdk/line-map";
import type { Report } from "../src/sdk/v2-leftovers";
import { dedupeComments, removeV2Leftovers, reportCodemodComments, reportRemainingV2Imports, v2ImportPattern } from "../src/sdk/v2-leftovers";

const ruleName = "aws-sdk-v2-to-v3";

/** Gives every node of the new tree the position of the line it came from in the user's file. */
function rememberOriginalPositions(ctx: CodeRuleContext, tree: Collection, toOriginal: (line: number) => number): void {
  tree.find(ctx.j.Node).forEach(({ node }) => {
    const start = node.loc?.start;
    if (start) originalPositions.set(node, { line: toOriginal(start.line), column: start.column + 1 });
    for (const comment of (node as { comments?: Array<{ loc?: { start: { line: number; column: number } } }> }).comments ?? []) {
      if (comment.loc) originalPositions.set(comment, { line: toOriginal(comment.loc.start.line), column: comment.loc.start.column + 1 });
    }
  });
}

async function apply(ctx: CodeRuleContext): Promise<boolean> {
  const { j } = ctx;
  const style = printOptions(ctx.source);
  const before = ctx.root.toSource(style);
  const converted = await runV2ToV3(j, ctx.file, before);
  const tree = j(converted);
  rememberOriginalPositions(ctx, tree, lineMap(ctx.source, converted));
  const report: Report = (node, finding) => {
    const at = originalPositions.get(node) ?? { line: 1, column: 1 };
    ctx.report({ ...finding, ...at });
  };

  let changed = converted !== before;
  changed = dedupeComments(j, tree) || changed;
  reportCodemodComments(j, tree, report);
  // When the codemod gave up it changed nothing but comments: the global config was not copied anywhere.
  const gaveUp = converted.includes(notSupportedMarker);
  if (!gaveUp) changed = removeV2Leftovers(j, tree, report) || changed;
  reportRemainingV2Imports(j, tree, report);
  if (!changed) return false;

  if (!gaveUp && converted !== before) {
    ctx.report({
      rule: ruleName,
      severity: "info",
      line: 1,
      column: 1,
      message: "AWS SDK v2 calls converted to v3 by aws-sdk-js-codemod (aggregated clients such as `new S3()`, `.promise()` removed).",
      fix: "Review the diff: v3 responses differ in places (S3 Body, Lambda Payload, error `name` instead of `code`).",
    });
  }
  ctx.root.get("program").replace(tree.get("program").node);
  return true;
}

export const awsSdkV2ToV3Rule: CodeRule = {
  name: ruleName,
  mayApply: (source) => v2ImportPattern.test(source),
  apply,
};

export default toJscodeshiftTransform(awsSdkV2ToV3Rule);
