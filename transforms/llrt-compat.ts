// LLRT compatibility analysis for one file: every use of a Node built-in or global that LLRT lacks
// (or has in a different form) becomes a finding with the concrete fix. It changes nothing. It runs
// last, after the rewrites, so what they fixed is no longer reported; positions come from the
// original parse, and nodes a rewrite created (no `loc`) are not reported.
// Two passes: names (imports, requires, globals; ../src/compat/analyze-code) on the parsed tree, then,
// only for files whose text could hold such a use, types (instance members of Buffers, emitters,
// hashes, responses, and argument values; ../src/compat/type-analysis) on the original text.
import type { ASTNode } from "jscodeshift";
import type { CodeRule } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import type { CompatProblem } from "../src/compat/analyze-code";
import { analyzeCode } from "../src/compat/analyze-code";
import { absentGlobals, globalObjects } from "../src/compat/globals";
import { defaultSurface, surfaceFor } from "../src/compat/surface";
import { mayNeedTypes, typeAwareProblems } from "../src/compat/type-analysis";

export const llrtCompatRuleName = "llrt-compat";

const mentions = new RegExp(`\\b(require|import|${[...Object.keys(absentGlobals), ...Object.keys(globalObjects)].join("|")})\\b`);

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
  mayApply: (source) => mentions.test(source) || mayNeedTypes(source, defaultSurface),
  async apply(ctx) {
    const surface = surfaceFor(ctx.options.llrtVersion) ?? defaultSurface;
    const seen = new Set<string>();
    for (const problem of analyzeCode(ctx.j, ctx.root, surface).problems) {
      const at = located(problem.node as Located);
      if (!at) continue;
      const position = positionOf(at);
      seen.add(`${position.line}:${problem.subject}`);
      ctx.report({ rule: llrtCompatRuleName, severity: problem.severity, ...position, message: compatMessage(problem), fix: problem.fix });
    }
    if (!mayNeedTypes(ctx.source, surface)) return false;
    for (const problem of await typeAwareProblems(ctx.file, ctx.source, surface)) {
      if (seen.has(`${problem.line}:${problem.subject}`)) continue;
      const { line, column, severity, fix } = problem;
      ctx.report({ rule: llrtCompatRuleName, severity, line, column, message: compatMessage(problem), fix });
    }
    return false;
  },
};

export default toJscodeshiftTransform(llrtCompatRule);
