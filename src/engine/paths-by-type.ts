// One traversal of a parsed tree that collects the paths of several node types at once, for code that
// reads (never edits) a tree and would otherwise walk it once per `root.find(type)`: each walk costs
// as much as the whole file, and ast-types' path visiting is most of a run's time.
import type { ASTPath, Collection, JSCodeshift } from "jscodeshift";

/**
 * For each type name, the paths `root.find(j[type])` would give, in the same (document) order and as
 * the same path objects: a node matches a type when the type is its own or one of its supertypes
 * (`OptionalMemberExpression` is also a `MemberExpression`), as ast-types dispatches visitor methods.
 */
export function pathsByType<T extends string>(j: JSCodeshift, root: Collection, types: readonly T[]): Record<T, ASTPath[]> {
  const found = Object.fromEntries(types.map((type) => [type, [] as ASTPath[]])) as Record<T, ASTPath[]>;
  const wanted = new Set<string>(types);
  const matchesOf = new Map<string, T[]>();
  const matching = (nodeType: string): T[] => {
    let matches = matchesOf.get(nodeType);
    if (!matches) {
      const names = j.types.namedTypes[nodeType as keyof typeof j.types.namedTypes] ? [nodeType, ...j.types.getSupertypeNames(nodeType)] : [];
      matches = names.filter((name): name is T => wanted.has(name));
      matchesOf.set(nodeType, matches);
    }
    return matches;
  };
  for (const start of root.paths()) {
    // ast-types visits from a path as well as from a node: starting at the path reuses its cached child paths.
    j.types.visit(start as never, {
      visitNode(path) {
        if (path !== start) for (const type of matching(path.node.type)) found[type].push(path as ASTPath);
        this.traverse(path);
      },
    });
  }
  return found;
}
