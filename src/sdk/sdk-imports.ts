// The AWS SDK v3 packages a file imports (`import ... from`, `require(...)`, `import(...)`), with
// the node that names each one, so rules can report on it.
import type { Collection, ImportDeclaration, JSCodeshift } from "jscodeshift";

export interface SdkImport {
  /** Package name without a subpath (`@aws-sdk/core/client` stays whole: LLRT embeds subpaths by name). */
  name: string;
  node: { loc?: { start: { line: number; column: number } } | null };
}

const sdkPackage = /^@(aws-sdk|smithy|aws-crypto)\/[^/]+(\/.+)?$/;

/**
 * TypeScript drops an import whose names appear only in type positions (`catch (e: ServiceException)`),
 * so it never loads at run time: the codemod writes such imports from packages LLRT does not embed.
 */
function onlyUsedAsTypes(j: JSCodeshift, root: Collection, node: ImportDeclaration): boolean {
  const locals = (node.specifiers ?? []).map((s) => s.local?.name).filter((n): n is string => typeof n === "string");
  if (locals.length === 0) return false;
  return locals.every((name) => root.find(j.Identifier, { name }).filter((p) => !/Specifier$/.test(p.parent.node.type))
    .every((p) => /^TS(TypeReference|QualifiedName|ExpressionWithTypeArguments|TypeQuery)$/.test(p.parent.node.type)));
}

export function sdkImports(j: JSCodeshift, root: Collection): SdkImport[] {
  const found: SdkImport[] = [];
  const add = (value: unknown, node: SdkImport["node"]) => {
    if (typeof value === "string" && sdkPackage.test(value)) found.push({ name: value, node });
  };
  root.find(j.ImportDeclaration).forEach(({ node }) => {
    if (node.importKind !== "type" && !onlyUsedAsTypes(j, root, node)) add(node.source.value, node);
  });
  root.find(j.CallExpression).forEach(({ node }) => {
    const isLoader = (j.Identifier.check(node.callee) && node.callee.name === "require") || node.callee.type === "Import";
    if (isLoader) add((node.arguments[0] as { value?: unknown } | undefined)?.value, node);
  });
  return found;
}

/** Package names imported by a source text (for project rules, which read files without parsing). */
export function sdkPackagesInText(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(/(?:from\s*|require\s*\(\s*|import\s*\(\s*|import\s+)["'](@(?:aws-sdk|smithy)\/[^"']+)["']/g)) {
    names.add(m[1]);
  }
  return names;
}
