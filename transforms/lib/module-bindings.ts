// The top-level names a file binds to a module, whatever the import form, so a rewrite can find
// `fs.existsSync(...)` or `promisify(...)` without caring how `fs` or `promisify` got into scope.
// Shared by the rewrite transforms; kept in transforms/ so they still run standalone under jscodeshift.
import type { ASTPath, Collection, JSCodeshift } from "jscodeshift";
import { stringValue } from "../../src/engine/ast-values";

// The AST nodes are walked generically; ast-types' unions make narrowing each shape more noise than help.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

export interface ModuleBinding {
  /** The module as written, without a `node:` prefix. */
  module: string;
  local: string;
  /** `*` for the module object itself (default or namespace import, `const fs = require("fs")`), else the member name. */
  imported: string;
  style: "import" | "require";
  /** The top-level statement that declares the binding. */
  statement: ASTPath<AnyNode>;
  /** The specifier, pattern property or declarator to remove to drop this one binding. */
  path: ASTPath<AnyNode>;
}

export const bareModule = (specifier: string) => specifier.replace(/^node:/, "");

export { stringValue };

/** `require("x")` with one string argument: the specifier, else undefined. */
export function requiredModule(node: AnyNode): string | undefined {
  const isRequire = node?.type === "CallExpression" && node.callee.type === "Identifier" && node.callee.name === "require";
  return isRequire && node.arguments.length === 1 ? stringValue(node.arguments[0]) : undefined;
}

/** A property key's name when it is a plain identifier or string, else undefined. */
export function keyName(node: AnyNode, computed = false): string | undefined {
  if (!computed && node?.type === "Identifier") return node.name;
  return stringValue(node);
}

function importBindings(root: Collection, j: JSCodeshift, wanted: (m: string) => boolean): ModuleBinding[] {
  const found: ModuleBinding[] = [];
  root.find(j.ImportDeclaration).forEach((statement) => {
    const node = statement.node as AnyNode;
    const module = bareModule(String(stringValue(node.source)));
    if (!wanted(module) || node.importKind === "type") return;
    (statement.get("specifiers") as ASTPath).each((spec: ASTPath) => {
      const s = spec.node as AnyNode;
      if (s.importKind === "type") return;
      const imported = s.type === "ImportSpecifier" ? keyName(s.imported) ?? "" : "*";
      found.push({ module, local: s.local.name, imported, style: "import", statement, path: spec });
    });
  });
  return found;
}

function requireBindings(root: Collection, j: JSCodeshift, wanted: (m: string) => boolean): ModuleBinding[] {
  const found: ModuleBinding[] = [];
  (root.get("program", "body") as ASTPath).each((statement: ASTPath) => {
    if (statement.node.type !== "VariableDeclaration") return;
    (statement.get("declarations") as ASTPath).each((declarator: ASTPath) => {
      const { id, init } = declarator.node as AnyNode;
      // require("fs") or require("fs").promises
      const direct = requiredModule(init);
      const member = init?.type === "MemberExpression" ? requiredModule(init.object) : undefined;
      const module = bareModule(direct ?? member ?? "");
      if (!wanted(module)) return;
      const base = { module, style: "require" as const, statement };
      if (direct !== undefined && id.type === "Identifier") {
        found.push({ ...base, local: id.name, imported: "*", path: declarator });
      } else if (member !== undefined && id.type === "Identifier") {
        const name = keyName(init.property, init.computed);
        if (name) found.push({ ...base, local: id.name, imported: name, path: declarator });
      } else if (direct !== undefined && id.type === "ObjectPattern") {
        (declarator.get("id", "properties") as ASTPath).each((prop: ASTPath) => {
          const p = prop.node as AnyNode;
          const name = p.type === "ObjectProperty" || p.type === "Property" ? keyName(p.key, p.computed) : undefined;
          if (name && p.value.type === "Identifier") found.push({ ...base, local: p.value.name, imported: name, path: prop });
        });
      }
    });
  });
  return found;
}

/** Every top-level binding of the given modules (`node:` prefixes ignored), in import and require form. */
export function moduleBindings(j: JSCodeshift, root: Collection, modules: readonly string[]): ModuleBinding[] {
  const wanted = (m: string) => modules.includes(m);
  return [...importBindings(root, j, wanted), ...requireBindings(root, j, wanted)];
}

type Scope = { lookup(name: string): Scope | null; isGlobal: boolean } | null | undefined;
const scopeOf = (path: ASTPath) => (path as ASTPath & { scope?: Scope }).scope;

/** Whether the identifier at `path` names a variable (not a property key, member name or label). */
export function isVariableReference(path: ASTPath): boolean {
  const parent = path.parent?.node as AnyNode;
  const node = path.node;
  if (!parent) return true;
  if ((parent.type === "MemberExpression" || parent.type === "OptionalMemberExpression") && parent.property === node) return parent.computed;
  if ((parent.type === "ObjectProperty" || parent.type === "Property" || parent.type === "ObjectMethod" || parent.type === "ClassProperty" || parent.type === "ClassMethod") && parent.key === node) {
    return parent.computed || (parent.shorthand && parent.value === node);
  }
  if (parent.type === "ObjectProperty" && parent.shorthand && parent.value === node) return true;
  if (/^(Import|Export)\w*Specifier$/.test(parent.type) || /Label|TS\w+/.test(parent.type)) return false;
  if ((parent.type === "BreakStatement" || parent.type === "ContinueStatement")) return false;
  return true;
}

/** Whether `name`, seen at `path`, is the module-level binding (true) rather than a local shadowing it. */
export function refersToTopLevel(path: ASTPath, name: string): boolean {
  return scopeOf(path)?.lookup(name)?.isGlobal === true;
}

/** Whether `name`, seen at `path`, is bound nowhere in the file (a global such as `process`). */
export function isUnboundGlobal(path: ASTPath, name: string): boolean {
  return !scopeOf(path)?.lookup(name);
}

/** The places where the top-level binding `local` is used, its own declaration excluded. */
export function referencesTo(j: JSCodeshift, root: Collection, binding: Pick<ModuleBinding, "local" | "path">): ASTPath[] {
  const declared = j(binding.path).find(j.Identifier, { name: binding.local }).paths();
  const own = new Set<unknown>(declared.map((p) => p.node));
  if ((binding.path.node as AnyNode).type === "Identifier") own.add(binding.path.node);
  return root
    .find(j.Identifier, { name: binding.local })
    .filter((p) => !own.has(p.node) && isVariableReference(p) && refersToTopLevel(p, binding.local))
    .paths();
}

/**
 * Whether a new top-level binding `name` would collide with the file: it declares `name` at the top
 * level, or reads a global `name` (such as `process`) that the new binding would shadow.
 */
export function topLevelNameTaken(j: JSCodeshift, root: Collection, name: string): boolean {
  return root.find(j.Identifier, { name }).some((p) => isVariableReference(p) && (isUnboundGlobal(p, name) || refersToTopLevel(p, name)));
}

/** Whether any binding in the file, at any level, already uses `name`. */
export function nameInUse(j: JSCodeshift, root: Collection, name: string): boolean {
  return root.find(j.Identifier, { name }).some((p) => isVariableReference(p) && !isUnboundGlobal(p, name));
}

/** The `const ... = require(...)` declarator a binding belongs to (undefined for imports). */
export function declaratorOf(binding: ModuleBinding): ASTPath | undefined {
  let p: ASTPath | undefined = binding.path;
  while (p && p.node.type !== "VariableDeclarator") p = p.parent as ASTPath | undefined;
  return p;
}

/** Drops one binding; the whole import/require statement goes when nothing is left in it. */
export function removeBinding(j: JSCodeshift, binding: ModuleBinding): void {
  const declarator = declaratorOf(binding);
  binding.path.prune(); // ast-types drops a declaration left without declarators
  const pattern = (declarator?.node as AnyNode)?.id;
  if (declarator && pattern?.type === "ObjectPattern") {
    if (pattern.properties.length === 0) declarator.prune();
    else keepPatternOnOneLine(j, declarator);
  }
  const statement = binding.statement.node as AnyNode;
  if (statement.type === "ImportDeclaration" && statement.specifiers.length === 0) binding.statement.prune();
}

/**
 * recast prints an edited object pattern one property per line. When the user wrote
 * `const { a, b } = require("x")` on one line, rebuild it on one line from the parts' own text.
 */
export function keepPatternOnOneLine(j: JSCodeshift, declarator: ASTPath): void {
  const decl = (declarator.parent as ASTPath).node as AnyNode;
  const { id } = declarator.node as AnyNode;
  if (decl.declarations?.length !== 1 || id.type !== "ObjectPattern" || id.properties.length === 0) return;
  if (!decl.loc || decl.loc.start.line !== decl.loc.end.line) return;
  const parts = id.properties.map((p: AnyNode) => j(p).toSource());
  const [rebuilt] = statementsOf(j, `const { ${parts.join(", ")} } = x;`);
  declarator.get("id").replace(rebuilt.declarations[0].id);
}

/** Inserts `nodes` after `statement` and the import/require statements that directly follow it. */
export function insertAfterImports(statement: ASTPath, nodes: AnyNode[]): void {
  const body = statement.parent.node.body as AnyNode[];
  let index = body.indexOf(statement.node);
  while (index + 1 < body.length && isImportStatement(body[index + 1])) index++;
  (statement.parent.get("body", index) as ASTPath).insertAfter(...nodes);
}

function isImportStatement(node: AnyNode): boolean {
  if (node.type === "ImportDeclaration") return true;
  return node.type === "VariableDeclaration" && node.declarations.every((d: AnyNode) => {
    const init = d.init?.type === "MemberExpression" ? d.init.object : d.init;
    return requiredModule(init) !== undefined;
  });
}

/** Parses `code` with the file's parser and returns its top-level statements (for generated helpers). */
export function statementsOf(j: JSCodeshift, code: string): AnyNode[] {
  const parsed = j(code);
  // Positions in `code` mean nothing in the file the statements go to: recast would reuse that text
  // and lose the line breaks between two inserted helpers. Without them it prints the nodes afresh.
  parsed.find(j.Node).forEach(({ node }) => void ((node as AnyNode).loc = null));
  return (parsed.get().node as AnyNode).program.body;
}

export { isTypeScript } from "../../src/engine/code-rule";
