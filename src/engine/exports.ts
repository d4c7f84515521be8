// Finds the functions a module exports, in the CommonJS and ESM shapes Lambda handlers are written in.
import type { ASTPath, Collection, JSCodeshift } from "jscodeshift";
import type { ArrowFunctionExpression, FunctionDeclaration, FunctionExpression } from "jscodeshift";

export type FunctionNode = FunctionDeclaration | FunctionExpression | ArrowFunctionExpression;

export interface ExportedFunction {
  exportName: string;
  fn: ASTPath<FunctionNode>;
}

const functionTypes = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

function isFunctionPath(path: ASTPath | undefined): path is ASTPath<FunctionNode> {
  return !!path && functionTypes.has(path.node.type);
}

/**
 * The module's named functions, each name's first declaration in document order: one walk per file
 * however many exports look a name up (a shared library may export hundreds).
 */
class LocalFunctions {
  private declarations?: Map<string, ASTPath<FunctionNode>>;
  private variables?: Map<string, ASTPath>;

  constructor(private readonly j: JSCodeshift, private readonly root: Collection) {}

  /** The path of a function an expression stands for: inline, or a local declared in the module. */
  resolve(valuePath: ASTPath): ASTPath<FunctionNode> | undefined {
    if (isFunctionPath(valuePath)) return valuePath;
    if (valuePath.node.type !== "Identifier") return undefined;
    const name = (valuePath.node as { name: string }).name;
    const declared = this.declarationsByName().get(name);
    if (declared) return declared;
    const init = this.variablesByName().get(name)?.get("init") as ASTPath | undefined;
    return init && isFunctionPath(init) ? init : undefined;
  }

  private declarationsByName(): Map<string, ASTPath<FunctionNode>> {
    if (!this.declarations) {
      const byName = new Map<string, ASTPath<FunctionNode>>();
      this.root.find(this.j.FunctionDeclaration).forEach((path) => {
        const name = path.node.id?.type === "Identifier" ? path.node.id.name : undefined;
        if (name !== undefined && !byName.has(name)) byName.set(name, path);
      });
      this.declarations = byName;
    }
    return this.declarations;
  }

  private variablesByName(): Map<string, ASTPath> {
    if (!this.variables) {
      const byName = new Map<string, ASTPath>();
      this.root.find(this.j.VariableDeclarator).forEach((path) => {
        const id = path.node.id;
        if (id.type === "Identifier" && !byName.has(id.name)) byName.set(id.name, path);
      });
      this.variables = byName;
    }
    return this.variables;
  }
}

function propertyName(node: { type: string; name?: string; value?: unknown }): string | undefined {
  if (node.type === "Identifier") return node.name;
  if (node.type === "StringLiteral" && typeof node.value === "string") return node.value;
  return undefined;
}

function isModuleExports(j: JSCodeshift, node: unknown): boolean {
  return (
    j.MemberExpression.check(node) &&
    !node.computed &&
    j.Identifier.check(node.object) &&
    node.object.name === "module" &&
    propertyName(node.property as never) === "exports"
  );
}

/** `exports.x`, `module.exports.x`: the exported name, else undefined. */
function commonJsExportName(j: JSCodeshift, node: unknown): string | undefined {
  if (!j.MemberExpression.check(node) || node.computed) return undefined;
  const isExports = j.Identifier.check(node.object) && node.object.name === "exports";
  return isExports || isModuleExports(j, node.object) ? propertyName(node.property as never) : undefined;
}

export function findExportedFunctions(j: JSCodeshift, root: Collection): ExportedFunction[] {
  const found: ExportedFunction[] = [];
  const locals = new LocalFunctions(j, root);
  const add = (exportName: string | undefined, value: ASTPath | undefined) => {
    const fn = exportName && value ? locals.resolve(value) : undefined;
    if (exportName && fn) found.push({ exportName, fn });
  };

  root.find(j.AssignmentExpression, { operator: "=" }).forEach((path) => {
    const named = commonJsExportName(j, path.node.left);
    if (named) return add(named, path.get("right") as ASTPath);
    // module.exports = { handler, other: function () {} }
    if (!isModuleExports(j, path.node.left) || !j.ObjectExpression.check(path.node.right)) return;
    (path.get("right", "properties") as ASTPath).each((prop: ASTPath) => {
      const node = prop.node as { type: string; key?: never };
      if ((node.type === "ObjectProperty" || node.type === "Property") && node.key) {
        add(propertyName(node.key), prop.get("value") as ASTPath);
      }
    });
  });

  root.find(j.ExportNamedDeclaration).forEach((path) => {
    const decl = path.node.declaration;
    if (decl && j.FunctionDeclaration.check(decl) && decl.id) {
      add(String(decl.id.name), path.get("declaration") as ASTPath);
    } else if (decl && j.VariableDeclaration.check(decl)) {
      (path.get("declaration", "declarations") as ASTPath).each((d: ASTPath) => {
        const id = (d.node as { id: { type: string; name?: string } }).id;
        if (id.type === "Identifier") add(id.name, d.get("init") as ASTPath);
      });
    }
    if (!path.node.source) {
      for (const spec of path.node.specifiers ?? []) {
        if (spec.type !== "ExportSpecifier") continue;
        const exported = String(spec.exported.name);
        const local = spec.local ? String(spec.local.name) : exported;
        add(exported, { node: j.identifier(local) } as unknown as ASTPath);
      }
    }
  });

  return dedupe(found);
}

function dedupe(found: ExportedFunction[]): ExportedFunction[] {
  const seen = new Set<string>();
  return found.filter(({ exportName }) => !seen.has(exportName) && !!seen.add(exportName));
}

const handlerParamNames = /^(context|ctx|_context|_ctx|lambdaContext)$/;

/**
 * Whether an export looks like a Lambda handler when no infrastructure code names it: exported as
 * `handler`, or taking `(event, context[, callback])`.
 */
export function looksLikeHandler(exported: ExportedFunction): boolean {
  if (exported.exportName === "handler") return true;
  const params = exported.fn.node.params;
  const second = params[1];
  return params.length >= 2 && params.length <= 3 && second?.type === "Identifier" && handlerParamNames.test(second.name);
}
