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
import { attachToV3Import, detachV2ImportComments } from "../src/sdk/v2-import-comments";
import { findClashes, restoreNames, withPlaceholders } from "../src/sdk/v3-name-collisions";
import { moveV3RequiresBeforeUse } from "../src/sdk/v3-import-order";

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

/** The codemod's output text for `input`. */
async function runCodemod(ctx: CodeRuleContext, input: string): Promise<string> {
  // The codemod leaves `'use strict';;` when it inserts several requires after the directive; the
  // stray empty statement would count as code above the requires for module-format.
  return (await runCodemodWithCallbackForms(ctx.j, ctx.file, input, runV2ToV3)).replace(/^(\s*(["'])use strict\2;);$/m, "$1");
}

/**
 * Runs the codemod on the tree's text with the comments of the `aws-sdk` import lines set aside
 * (`detach`) and the file's own names that its v3 imports would clash with renamed for the run;
 * returns the output tree with those names back and the import aliased, and the comments set aside.
 */
async function convert(ctx: CodeRuleContext, before: string, detach: boolean) {
  const { j } = ctx;
  const style = printOptions(ctx.source);
  const input = j(before);
  const comments = detach ? detachV2ImportComments(j, input) : [];
  let inputText = comments.length ? input.toSource(style) : before;
  let converted = await runCodemod(ctx, inputText);
  const clashes = converted === inputText ? [] : findClashes(j, ctx.file, input, inputText, converted);
  if (clashes.length) {
    withPlaceholders(j, input, clashes);
    inputText = input.toSource(style);
    converted = await runCodemod(ctx, inputText);
  }
  const tree = parseOutput(ctx, converted);
  if (tree && clashes.length) restoreNames(j, tree, clashes);
  return { converted, tree, comments, unchanged: converted === inputText && !clashes.length };
}

async function apply(ctx: CodeRuleContext): Promise<boolean> {
  const { j } = ctx;
  const style = printOptions(ctx.source);
  const before = ctx.root.toSource(style);
  let run = await convert(ctx, before, true);
  // Comments set aside for a codemod that then changed nothing, gave up or wrote no v3 import to carry
  // them: run again with the comments where they were.
  const carried = (r: typeof run) => !r.unchanged && !r.converted.includes(notSupportedMarker) && attachToV3Import(j, r.tree!, r.comments);
  if (run.tree && run.comments.length && !carried(run)) run = await convert(ctx, before, false);
  const { converted, tree } = run;
  if (!tree) return false;
  rememberOriginalPositions(ctx, tree, lineMap(ctx.source, converted));
  const report: Report = (node, finding) => {
    const at = originalPositions.get(node) ?? { line: 1, column: 1 };
    ctx.report({ ...finding, ...at });
  };

  let changed = !run.unchanged;
  changed = dedupeComments(j, tree) || changed;
  reportCodemodComments(j, tree, report);
  // When the codemod gave up it changed nothing but comments: the global config was not copied anywhere.
  const gaveUp = converted.includes(notSupportedMarker);
  if (!gaveUp) {
    changed = removeV2Leftovers(j, tree, report) || changed;
    changed = moveV3RequiresBeforeUse(j, tree) || changed;
  }
  reportRemainingV2Imports(j, tree, report);
  if (!changed) return false;

  if (!gaveUp && !run.unchanged) {
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
