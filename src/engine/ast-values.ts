// Reading literal values out of parsed code, whichever parser shaped the tree.

/** The text of a string literal (Babel's StringLiteral or estree's Literal, or a template without expressions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function stringValue(node: any): string | undefined {
  if (node?.type === "StringLiteral" || (node?.type === "Literal" && typeof node.value === "string")) return node.value;
  if (node?.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}
