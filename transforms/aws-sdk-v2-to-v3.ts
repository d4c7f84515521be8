// AWS SDK v2 -> v3. LLRT has no SDK v2 (a function importing `aws-sdk` fails at init), so every v2
// call must become v3. AWS's own codemod does the conversion; this rule runs it in-process, puts its
// output into the shared tree, and fixes what it leaves that still breaks on LLRT (see v2-leftovers).
import type { Collection } from "jscodeshift";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { originalPositions, printOptions, toJscodeshiftTransform } from "../src/engine/code-rule";
import { describeError } from "../src/engine/errors";
import { notSupportedMarker, runV2ToV3 } from "../src/sdk/codemod";
import { runCodemodWithCallbackForms } from "../src/sdk/v2-callback-forms";
import { lineMap } from "../src/engine/line-map";
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

/** The codemod's output as a tree, or undefined (and an error finding) when it does not parse. */
function parseOutput(ctx: CodeRuleContext, converted: string): Collection | undefined {
  try {
    return ctx.j(converted);
  } catch (error) {
    // Seen with aws-sdk-js-codemod 3.0.2: `import { S3 } from 'aws-sdk'` plus getSignedUrl keeps the
    // v2 import next to the new `import { S3 } from '@aws-sdk/client-s3'` (a duplicate binding).
    ctx.report({
      rule: ruleName,
      severity: "error",
      line: 1,
      column: 1,
      message: `aws-sdk-js-codemod produced code that does not parse (${describeError(error)}), so the file was left on AWS SDK v2, which LLRT does not have.`,
      fix: "Convert this file to AWS SDK v3 by hand (or change `import { X } from 'aws-sdk'` to `import AWS from 'aws-sdk'` and run llrt-migrate again).",
    });
    return undefined;
  }
}

async function apply(ctx: CodeRuleContext): Promise<boolean> {
  const { j } = ctx;
  const style = printOptions(ctx.source);
  const before = ctx.root.toSource(style);
  // The codemod leaves `'use strict';;` when it inserts several requires after the directive; the
  // stray empty statement would count as code above the requires for module-format.
  const converted = (await runCodemodWithCallbackForms(j, ctx.file, before, runV2ToV3)).replace(/^(\s*(["'])use strict\2;);$/m, "$1");
  const tree = parseOutput(ctx, converted);
  if (!tree) return false;
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
