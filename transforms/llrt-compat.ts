// LLRT compatibility analysis for one file: every use of a Node built-in or global that LLRT lacks
// (or has in a different form) becomes a finding with the concrete fix. It changes nothing. It runs
// last, after the rewrites, so what they fixed is no longer reported; positions come from the
// original parse, and nodes a rewrite created (no `loc`) are not reported.
// Names (imports, requires, globals) and values (instance members of Buffers, emitters, hashes and
// responses, argument values) are checked against the chosen release's surface table.
import type { ASTNode } from "jscodeshift";
import type { CodeRule } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import type { CompatProblem } from "../src/compat/analyze-code";
import { analyzeCode } from "../src/compat/analyze-code";
import { absentGlobals, globalObjects } from "../src/compat/globals";
import { defaultSurface, surfaceFor } from "../src/compat/surface";

export const llrtCompatRuleName = "llrt-compat";

const mentions = new RegExp(`\\b(require|import|${[...Object.keys(absentGlobals), ...Object.keys(globalObjects)].join("|")})\\b`);

/** Values the tracker follows that need no import: fetch responses, global classes. */
const valueSources = /\b(fetch|Response|Request|Headers|TextDecoder|ReadableStream|URL|URLSearchParams)\b/;

type Located = ASTNode & { loc?: { start: { line: number; column: number } } | null };

/** The node itself when it has a position, else its first child that has one (a rewrite may rebuild a wrapper around original nodes). */
function located(node: Located, depth = 2): Located | undefined {
  if (node.loc) return node;
  if (depth === 0) return undefined;
  for (const value of Object.values(node)) {
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child && typeof child === "object" && typeof (child as { type?: unknown }).type === "string") {
        const found = located(child as Located, depth - 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

export function compatMessage(problem: Pick<CompatProblem, "subject" | "detail">): string {
  return `${problem.subject}: ${problem.detail}`;
}

export const llrtCompatRule: CodeRule = {
  name: llrtCompatRuleName,
  nodeSafe: true,
  mayApply: (source) => mentions.test(source) || valueSources.test(source),
  apply(ctx) {
    const surface = surfaceFor(ctx.options.llrtVersion) ?? defaultSurface;
    for (const problem of analyzeCode(ctx.j, ctx.root, surface).problems) {
      const at = located(problem.node as Located);
      if (!at) continue;
      ctx.report({ rule: llrtCompatRuleName, severity: problem.severity, ...positionOf(at), message: compatMessage(problem), fix: problem.fix });
    }
    return false;
  },
};

export default toJscodeshiftTransform(llrtCompatRule);
