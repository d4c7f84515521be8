// aws-sdk-js-codemod deletes the `aws-sdk` require with the comments on its line
// (`const AWS = require('aws-sdk'); // eslint-disable-line import/no-unresolved`), or leaves them
// dangling on a line of their own. Those comments describe the import, so they are taken off before
// the codemod runs and put back on the v3 import that replaces it.
import type { ASTPath, Collection, JSCodeshift } from "jscodeshift";
import { requiredModule } from "../../transforms/lib/module-bindings";
import { stringValue } from "../engine/ast-values";

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;
type Comment = { type: string; value: string; leading?: boolean; trailing?: boolean };

const isV2Source = (value: unknown) => typeof value === "string" && /^aws-sdk(\/|$)/.test(value);
const isV3Source = (value: unknown) => typeof value === "string" && value.startsWith("@aws-sdk/");

/** `require(x)` or `require(x).Member` */
const requiredBy = (init: AnyNode) => requiredModule(init) ?? (init?.type === "MemberExpression" ? requiredModule(init.object) : undefined);

const importsFrom = (node: AnyNode, wanted: (source: unknown) => boolean): boolean =>
  node.type === "ImportDeclaration" ? wanted(stringValue(node.source)) :
    node.type === "VariableDeclaration" && node.declarations.some((d: AnyNode) => wanted(requiredBy(d.init)));

/**
 * Takes off, and returns, the comments on the line of each `aws-sdk` import: the statement's trailing
 * comments, and in a `var` with several declarators, those of the `aws-sdk` declarator.
 */
export function detachV2ImportComments(j: JSCodeshift, tree: Collection): Comment[] {
  const taken: Comment[] = [];
  const take = (node: AnyNode, keep: (c: Comment) => boolean) => {
    const comments: Comment[] = node.comments ?? [];
    taken.push(...comments.filter((c) => !keep(c)));
    node.comments = comments.filter(keep);
  };
  tree.find(j.Statement).filter(({ node }) => importsFrom(node, isV2Source)).forEach(({ node }) => {
    take(node, (c) => !c.trailing);
    for (const d of (node as AnyNode).declarations ?? []) if (isV2Source(requiredBy(d.init))) take(d, () => false);
  });
  return taken;
}

/**
 * Puts the comments back as trailing comments of the first v3 import statement; false (nothing done)
 * when the tree has none.
 */
export function attachToV3Import(j: JSCodeshift, tree: Collection, comments: Comment[]): boolean {
  const first = tree.find(j.Statement).filter(({ node }) => importsFrom(node, isV3Source)).paths()[0] as ASTPath | undefined;
  if (!first) return comments.length === 0;
  const node = first.node as AnyNode;
  // Their positions still point into the codemod's input, where recast finds the space before them.
  node.comments = [...(node.comments ?? []), ...comments.map((c) => ({ ...c, leading: false, trailing: true }))];
  return true;
}
