// LLRT loads every `.js` file outside node_modules as an ES module, whatever package.json says
// (llrt.md §3), so CommonJS in a `.js` file breaks there: `exports` is not the module's exports and
// the handler is never exported. When no bundler rewrites the file (ctx.bundled), we convert it to
// ESM in place, but only in the shapes where the result provably behaves the same:
// - requires are top-level statements (`const x = require("m")`, `const { a } = require("m")`,
//   `const x = require("m").a`, `require("m")`) and nothing else runs before them (imports are hoisted);
// - exports are top-level `module.exports = ...` or `exports.a = ...` assignments, each name once;
// - no other use of `require`, `module`, `exports` or top-level `this`; `__dirname`/`__filename`
//   are rebuilt from import.meta.url (LLRT has no import.meta.dirname).
// Every converted file's default export is what `require()` returned, so an importer can always
// `import x from "./file.js"`. Anything else becomes an error finding that says how to fix it.
import type { ASTPath } from "jscodeshift";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";
import { dirname } from "../src/engine/project";
import { isUnboundGlobal, isVariableReference, keyName, nameInUse, requiredModule, statementsOf, topLevelNameTaken } from "./lib/module-bindings";

const ruleName = "module-format";

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;
type Problem = { node: AnyNode; reason: string };

const fix =
  "Convert the file to ES modules by hand (import/export), or rename it to .cjs and update the function's Handler to match, or bundle the function (SAM Metadata.BuildMethod: esbuild, Format: esm).";

const isIdentifierName = (name: string | undefined): name is string => !!name && /^[A-Za-z_$][\w$]*$/.test(name) && name !== "default";

/** `exports.a` / `module.exports.a` → "a"; `module.exports` → "" ; otherwise undefined. */
function exportTarget(node: AnyNode): string | undefined {
  if (node?.type !== "MemberExpression") return undefined;
  const isModuleExports = (n: AnyNode) =>
    n?.type === "MemberExpression" && n.object.type === "Identifier" && n.object.name === "module" && keyName(n.property, n.computed) === "exports";
  if (isModuleExports(node)) return "";
  const isExportsObject = (node.object.type === "Identifier" && node.object.name === "exports") || isModuleExports(node.object);
  return isExportsObject ? keyName(node.property, node.computed) ?? "\0computed" : undefined;
}

/** One top-level require statement, as the import it becomes. */
interface RequirePlan {
  statement: ASTPath<AnyNode>;
  build(): AnyNode[];
}

/** Words an export may be called (`exports.delete = ...`) but a `const` may not: strict-mode reserved words. */
const reservedWords = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval").split(" "),
);

class Conversion {
  readonly problems: Problem[] = [];
  private readonly requires: RequirePlan[] = [];
  private readonly exportStatements: Array<{ path: ASTPath<AnyNode>; build(): AnyNode[] }> = [];
  private readonly exportedNames: string[] = [];
  /** Export name -> the local that holds it, when that differs (see exportDeclaration). */
  private readonly exportLocals = new Map<string, string>();
  private defaultExport: "object" | "value" | undefined;
  private readonly handled = new Set<AnyNode>();
  /** Project file specifier -> the local its default import is bound to (one import per file). */
  private readonly moduleLocals = new Map<string, string>();
  private readonly body: ASTPath<AnyNode>[];

  constructor(private readonly ctx: CodeRuleContext) {
    this.body = [];
    (ctx.root.get("program", "body") as ASTPath).each((p: ASTPath) => void this.body.push(p as ASTPath<AnyNode>));
  }

  private problem(node: AnyNode, reason: string): void {
    this.problems.push({ node, reason });
  }

  /** The specifier an import needs: relative ones get the file's real extension, as ESM requires. */
  private specifier(node: AnyNode): AnyNode | undefined {
    const value = String(node.value);
    if (!value.startsWith(".")) return node; // the original node: the analyzer reports positions from it
    const resolved = this.ctx.resolveRelative?.(value);
    if (!resolved && /\.[cm]?js$/.test(value)) return node;
    if (!resolved || !/\.[cm]?js$/.test(resolved)) {
      return void this.problem(node, resolved ? `'${value}' is ${resolved}, which an ES module cannot import like a .js file` : `'${value}' cannot be resolved to a .js file in the project`);
    }
    const from = dirname(this.ctx.file);
    const relative = relativePath(from, resolved);
    return this.ctx.j.stringLiteral(relative);
  }

  private isReassigned(name: string): boolean {
    return this.reassignedNames().has(name);
  }

  /** Names assigned (`x = ...`) or updated (`x++`) anywhere in the file: one walk, read before any edit. */
  private reassigned?: Set<string>;
  private reassignedNames(): Set<string> {
    if (this.reassigned) return this.reassigned;
    const { j, root } = this.ctx;
    const names = new Set<string>();
    root.find(j.AssignmentExpression).forEach((p) => void (p.node.left.type === "Identifier" && names.add(p.node.left.name)));
    root.find(j.UpdateExpression).forEach((p) => {
      const name = (p.node.argument as AnyNode).name;
      if (typeof name === "string") names.add(name);
    });
    this.reassigned = names;
    return names;
  }

  /** A local name for a module's default import, unused in the file and not yet given to another module. */
  private freshName(specifier: string): string {
    const known = this.moduleLocals.get(specifier);
    if (known) return known;
    const base = (specifier.split("/").pop() ?? "module").replace(/\.[cm]?js$/, "").replace(/[^\w$]+(\w)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase()) || "module";
    const stem = /^\d/.test(base) ? `_${base}` : base;
    for (let i = 0; ; i++) {
      const name = i === 0 ? `${stem}Module` : `${stem}Module${i}`;
      if (nameInUse(this.ctx.j, this.ctx.root, name) || [...this.moduleLocals.values()].includes(name)) continue;
      this.moduleLocals.set(specifier, name);
      return name;
    }
  }

  planRequires(): void {
    const { j } = this.ctx;
    let seenOtherCode: AnyNode | undefined;
    for (const statement of this.body) {
      const node = statement.node;
      const requiresHere = j(statement).find(j.CallExpression, { callee: { type: "Identifier", name: "require" } }).filter((p) => isUnboundGlobal(p, "require"));
      const plan = this.requirePlan(statement);
      if (plan) {
        requiresHere.forEach((p) => void this.handled.add(p.node));
        if (seenOtherCode) this.problem(node, "code above this require() would run after it once it is an import (imports run first)");
        this.requires.push(plan);
      } else if (node.type !== "FunctionDeclaration" && !(node.type === "ExpressionStatement" && node.directive)) {
        seenOtherCode ??= node;
      }
    }
  }

  private requirePlan(statement: ASTPath<AnyNode>): RequirePlan | undefined {
    const { j } = this.ctx;
    const node = statement.node;
    if (node.type === "ExpressionStatement" && requiredModule(node.expression) !== undefined) {
      const source = node.expression.arguments[0];
      return { statement, build: () => { const s = this.specifier(source); return s ? [j.importDeclaration([], s)] : []; } };
    }
    if (node.type !== "VariableDeclaration" || node.declarations.length === 0) return undefined;
    const parts = node.declarations.map((d: AnyNode) => {
      const direct = requiredModule(d.init) !== undefined;
      const member = d.init?.type === "MemberExpression" && requiredModule(d.init.object) !== undefined;
      return direct || member ? { d, member } : undefined;
    });
    if (parts.some((p: unknown) => !p)) return undefined;
    return {
      statement,
      build: () => parts.flatMap(({ d, member }: { d: AnyNode; member: boolean }) => this.importFor(node.kind, d, member)),
    };
  }

  /** The import (plus, for project files, a destructuring const) one require declarator becomes. */
  private importFor(kind: string, d: AnyNode, member: boolean): AnyNode[] {
    const { j } = this.ctx;
    const call = member ? d.init.object : d.init;
    const source = this.specifier(call.arguments[0]);
    if (!source) return [];
    const names = d.id.type === "Identifier" ? [d.id.name] : (d.id.properties ?? []).map((p: AnyNode) => p.value?.name);
    if (kind !== "const") for (const name of names.filter(Boolean)) if (this.isReassigned(name)) this.problem(d, `\`${name}\` is reassigned, but an imported binding is read-only`);
    const relative = String(call.arguments[0].value).startsWith(".");
    const memberName = member ? keyName(d.init.property, d.init.computed) : undefined;
    if (d.id.type === "Identifier" && !member) return [j.importDeclaration([j.importDefaultSpecifier(j.identifier(d.id.name))], source)];
    // Project files: import the default (what require() returned) and take the parts from it,
    // which holds whatever shape the other file has. Packages and built-ins: named imports.
    if (relative) {
      const specifier = String(call.arguments[0].value);
      const imported = this.moduleLocals.has(specifier);
      const local = this.freshName(specifier);
      const init = member ? j.memberExpression(j.identifier(local), j.identifier(memberName ?? "")) : j.identifier(local);
      if (member && !isIdentifierName(memberName)) this.problem(d, "the required member is not a plain name");
      // A second require of the same file reuses the first import (two would bind the same name twice).
      const declaration = j.variableDeclaration("const", [j.variableDeclarator(d.id, init)]);
      return imported ? [declaration] : [j.importDeclaration([j.importDefaultSpecifier(j.identifier(local))], source), declaration];
    }
    if (member) {
      if (!isIdentifierName(memberName) || d.id.type !== "Identifier") {
        this.problem(d, "the required member is not a plain name bound to a variable");
        return [];
      }
      return [j.importDeclaration([j.importSpecifier(j.identifier(memberName), j.identifier(d.id.name))], source)];
    }
    const specifiers: AnyNode[] = (d.id.properties as AnyNode[]).map((p) => {
      const key = p.type === "ObjectProperty" ? keyName(p.key, p.computed) : undefined;
      if (!isIdentifierName(key) || p.value?.type !== "Identifier") return void this.problem(p, "only `{ a, b: c }` destructuring of a require() becomes named imports");
      return j.importSpecifier(j.identifier(key), j.identifier(p.value.name));
    });
    return [j.importDeclaration(specifiers.filter(Boolean), source)];
  }

  planExports(): void {
    for (const statement of this.body) {
      const expr = statement.node.type === "ExpressionStatement" ? statement.node.expression : undefined;
      const target = expr?.type === "AssignmentExpression" && expr.operator === "=" ? exportTarget(expr.left) : undefined;
      if (target === undefined) continue;
      this.handled.add(expr.left);
      if (target === "") this.planModuleExports(statement, expr.right);
      else this.planNamedExport(statement, target, expr.right);
    }
    if (this.defaultExport === "value" && this.exportedNames.length) this.problem(this.body[0].node, "the file both replaces module.exports and adds properties to it");
  }

  private planModuleExports(statement: ASTPath<AnyNode>, value: AnyNode): void {
    const { j } = this.ctx;
    if (this.defaultExport) return this.problem(statement.node, "module.exports is assigned more than once");
    if (value.type !== "ObjectExpression") {
      this.defaultExport = "value";
      this.exportStatements.push({ path: statement, build: () => [j.exportDefaultDeclaration(value)] });
      return;
    }
    this.defaultExport = "object";
    const built: AnyNode[] = [];
    const specifiers: AnyNode[] = [];
    for (const prop of value.properties) {
      const key = prop.type === "ObjectProperty" ? keyName(prop.key, prop.computed) : undefined;
      if (!isIdentifierName(key)) { this.problem(prop, "module.exports has a property that is not a plain `name: value` pair (method, getter, spread or computed key)"); continue; }
      this.exportedNames.push(key);
      if (prop.value.type === "Identifier") {
        if (this.isReassigned(prop.value.name)) this.problem(prop, `\`${prop.value.name}\` is reassigned after it is exported`);
        specifiers.push(j.exportSpecifier.from({ local: j.identifier(prop.value.name), exported: j.identifier(key) }));
        continue;
      }
      if (j(prop.value).find(j.ThisExpression).size() > 0 && prop.value.type !== "ArrowFunctionExpression") this.problem(prop, `\`${key}\` uses \`this\`, which is module.exports in CommonJS`);
      built.push(...this.exportDeclaration(key, prop.value));
    }
    const locals = value.properties.map((p: AnyNode) => {
      const key = keyName(p.key) ?? "";
      return this.defaultExportProperty(key, p.value?.type === "Identifier" ? p.value.name : this.exportLocals.get(key) ?? key);
    });
    this.exportStatements.push({
      path: statement,
      build: () => [...built, ...(specifiers.length ? [j.exportNamedDeclaration(null, specifiers)] : []), j.exportDefaultDeclaration(j.objectExpression(locals))],
    });
  }

  private planNamedExport(statement: ASTPath<AnyNode>, name: string, value: AnyNode): void {
    const { j } = this.ctx;
    if (!isIdentifierName(name)) return this.problem(statement.node, "an export name is computed or not a plain name");
    if (this.exportedNames.includes(name)) return this.problem(statement.node, `exports.${name} is assigned more than once`);
    this.exportedNames.push(name);
    if (value.type === "Identifier" && value.name === name) {
      if (this.isReassigned(name)) this.problem(statement.node, `\`${name}\` is reassigned after it is exported`);
      this.exportStatements.push({ path: statement, build: () => [j.exportNamedDeclaration(null, [j.exportSpecifier.from({ local: j.identifier(name), exported: j.identifier(name) })])] });
      return;
    }
    const nodes = this.exportDeclaration(name, value);
    this.exportStatements.push({ path: statement, build: () => nodes });
  }

  /**
   * `export const name = value`, or, when the file already uses `name` (a top-level binding, or a
   * global such as `process` that the export would shadow) or `name` cannot name a variable
   * (`exports.delete`), `const nameExport = value` exported as `name`.
   */
  private exportDeclaration(name: string, value: AnyNode): AnyNode[] {
    const { j, root } = this.ctx;
    const declare = (local: string) => j.variableDeclaration("const", [j.variableDeclarator(j.identifier(local), value)]);
    if (!topLevelNameTaken(j, root, name) && !reservedWords.has(name)) return [j.exportNamedDeclaration(declare(name))];
    let local = `${name}Export`;
    for (let i = 1; topLevelNameTaken(j, root, local) || nameInUse(j, root, local); i++) local = `${name}Export${i}`;
    this.exportLocals.set(name, local);
    return [declare(local), j.exportNamedDeclaration(null, [j.exportSpecifier.from({ local: j.identifier(local), exported: j.identifier(name) })])];
  }

  /** `name` (shorthand) or `name: local` in the default export object. */
  private defaultExportProperty(name: string, local: string): AnyNode {
    const { j } = this.ctx;
    return Object.assign(j.objectProperty(j.identifier(name), j.identifier(local)), { shorthand: name === local });
  }

  /** Uses of CommonJS names that no plan covers, and sloppy-mode code that strict ESM would change. */
  checkLeftovers(): void {
    const { j, root } = this.ctx;
    root.find(j.Identifier).forEach((p) => {
      const name = p.node.name;
      if (!["require", "module", "exports"].includes(name) || !isVariableReference(p) || !isUnboundGlobal(p, name)) return;
      // Covered: the call of a planned require, or the left side of a planned export assignment.
      const covered = this.handled.has(p.parent.node) || this.handled.has(p.parent.parent?.node);
      if (!covered) this.problem(p.node, name === "require" ? "require() is called inside code (dynamic or conditional require), not as a top-level statement" : `\`${name}\` is used other than by a top-level export assignment`);
    });
    root.find(j.ThisExpression).forEach((p) => {
      let q: ASTPath | undefined = p.parent as ASTPath;
      while (q && !/^(Function|ClassMethod|ClassPrivateMethod|ObjectMethod|ClassProperty|ClassPrivateProperty)/.test(q.node.type) && q.node.type !== "FunctionExpression" && q.node.type !== "FunctionDeclaration") q = q.parent as ASTPath | undefined;
      if (!q) this.problem(p.node, "top-level `this` is module.exports in CommonJS but undefined in an ES module");
    });
    const strict = this.body.some((s) => s.node.type === "ExpressionStatement" && s.node.directive === "use strict") ||
      ((root.get("program").node as AnyNode).directives ?? []).some((d: AnyNode) => d.value.value === "use strict");
    if (strict) return;
    root.find(j.AssignmentExpression).forEach((p) => {
      const left = p.node.left as AnyNode;
      if (left.type === "Identifier" && isUnboundGlobal(p, left.name)) this.problem(left, `\`${left.name}\` is assigned without being declared, which throws in an ES module (strict mode)`);
    });
  }

  /** `__dirname` / `__filename` rebuilt from import.meta.url (LLRT has no import.meta.dirname). */
  private pathGlobals(): AnyNode[] {
    const { j, root } = this.ctx;
    const used = (name: string) => root.find(j.Identifier, { name }).some((p) => isVariableReference(p) && isUnboundGlobal(p, name));
    const dir = used("__dirname");
    const file = used("__filename");
    if (!dir && !file) return [];
    for (const name of ["fileURLToPath", ...(dir ? ["dirname"] : [])]) if (nameInUse(j, root, name)) this.problem(this.body[0].node, `\`${name}\` is already a variable, so __dirname/__filename cannot be rebuilt from import.meta.url`);
    const lines = [
      'import { fileURLToPath } from "url";',
      ...(dir ? ['import { dirname } from "path";'] : []),
      ...(file ? ["const __filename = fileURLToPath(import.meta.url);"] : []),
      ...(dir ? [`const __dirname = dirname(${file ? "__filename" : "fileURLToPath(import.meta.url)"});`] : []),
    ];
    return statementsOf(j, lines.join("\n"));
  }

  apply(): void {
    const helpers = this.pathGlobals();
    const importNodes = this.requires.map((r) => ({ r, nodes: r.build() }));
    const exportNodes = this.exportStatements.map((e) => ({ e, nodes: e.build() }));
    if (this.problems.length) return;
    for (const { r, nodes } of importNodes) replaceKeepingComments(r.statement, nodes);
    for (const { e, nodes } of exportNodes) replaceKeepingComments(e.path, nodes);
    // ESM is strict already: the directive goes.
    const program = this.ctx.root.get("program").node as AnyNode;
    const strictDirectives = (program.directives ?? []).filter((d: AnyNode) => d.value.value === "use strict");
    program.directives = (program.directives ?? []).filter((d: AnyNode) => d.value.value !== "use strict");
    // Its comments (often the file's header above it) go to the first statement.
    const directiveComments = strictDirectives.flatMap((d: AnyNode) => d.comments ?? []);
    if (directiveComments.length && program.body.length) {
      const first = program.body[0];
      first.comments = [...directiveComments.map((c: AnyNode) => ({ ...c, leading: true, trailing: false })), ...(first.comments ?? [])];
    }
    this.ctx.root.find(this.ctx.j.ExpressionStatement).filter((p) => (p.node as AnyNode).directive === "use strict").remove();
    if (helpers.length) {
      const body = program.body as AnyNode[];
      const lastImport = body.map((s) => s.type).lastIndexOf("ImportDeclaration");
      body.splice(lastImport + 1, 0, ...helpers);
    }
    if (this.defaultExport === undefined && this.exportedNames.length) {
      const j = this.ctx.j;
      const props = this.exportedNames.map((name) => this.defaultExportProperty(name, this.exportLocals.get(name) ?? name));
      program.body.push(j.exportDefaultDeclaration(j.objectExpression(props)));
    }
  }
}

/** Replaces a statement; the comments attached to it go to the first statement that replaces it. */
function replaceKeepingComments(path: ASTPath<AnyNode>, nodes: AnyNode[]): void {
  const comments = path.node.comments;
  if (comments?.length && nodes[0] && !nodes[0].comments?.length) nodes[0].comments = comments;
  path.replace(...nodes);
}

function relativePath(fromDir: string, to: string): string {
  const from = fromDir ? fromDir.split("/") : [];
  const target = to.split("/");
  let common = 0;
  while (common < from.length && from[common] === target[common]) common++;
  const up = from.slice(common).map(() => "..");
  const rel = [...up, ...target.slice(common)].join("/");
  return up.length ? rel : `./${rel}`;
}

const isCommonJs = (source: string) => /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/.test(source);

export const moduleFormatRule: CodeRule = {
  name: ruleName,
  mayApply: isCommonJs,
  apply(ctx) {
    if (!ctx.file.endsWith(".js") || ctx.bundled) return false;
    const { j, root } = ctx;
    // A file with import/export is already ESM (LLRT also has require() in ESM): not ours.
    if (root.find(j.ImportDeclaration).size() || root.find(j.ExportNamedDeclaration).size() || root.find(j.ExportDefaultDeclaration).size()) return false;
    const conversion = new Conversion(ctx);
    conversion.planRequires();
    conversion.planExports();
    conversion.checkLeftovers();
    conversion.apply();
    if (conversion.problems.length) {
      for (const problem of conversion.problems) {
        ctx.report({
          rule: ruleName,
          severity: "error",
          ...positionOf(problem.node),
          message: `CommonJS in a .js file, which LLRT loads as an ES module, and it cannot be converted automatically: ${problem.reason}.`,
          fix,
        });
      }
      return false;
    }
    ctx.report({
      rule: ruleName,
      severity: "info",
      line: 1,
      column: 1,
      message: "Converted from CommonJS to an ES module (LLRT loads .js files as ES modules): require() became import, module.exports/exports.x became export; the default export is what require() returned.",
      fix: "The file now runs in strict mode. Under Node.js, package.json needs \"type\": \"module\" (or Node 22+/20.19+ module detection) for local runs.",
    });
    return true;
  },
};

export default toJscodeshiftTransform(moduleFormatRule);
