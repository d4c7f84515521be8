// Finds every use of a Node built-in or global in one parsed file and says what it means on LLRT,
// using the data in ./builtins and ./globals. Pure analysis: it changes nothing. The code rule
// (transforms/llrt-compat.ts) reports the problems; the dependency analyzer runs the same analysis
// on files inside node_modules and also uses the module references it collects.
import type { ASTNode, ASTPath, Collection, JSCodeshift } from "jscodeshift";
import { stringValue } from "../engine/ast-values";
import { pathsByType } from "../engine/paths-by-type";
import type { Severity } from "../engine/types";
import type { MemberNote } from "./builtins";
import { builtinModules, builtinName, isLlrtModule, memberVerdict, missingModuleFix, resolvesInLlrt, universalMembers } from "./builtins";
import { absentGlobals, absentImportMeta, globalObjects } from "./globals";
import { classHas, defaultSurface } from "./surface";
import { memberName, ValueTracker } from "./value-tracking";
import type { LlrtSurface } from "./surface-types";

export interface CompatProblem {
  /** The node to point at (the analyzer's tree: it may lack `loc` when a rewrite created it). */
  node: ASTNode;
  severity: Severity;
  /** What is used: `http`, `crypto.createCipheriv`, `process.on`, `WebSocket`. */
  subject: string;
  /** What goes wrong, e.g. "not available in LLRT; ...". */
  detail: string;
  fix: string;
  /** True when it runs while the module loads (top-level code, static imports), not only when called. */
  atLoad: boolean;
}

/** A module the file imports that is not a Node built-in: a package or a relative file. */
export interface ModuleReference {
  specifier: string;
  node: ASTNode;
  /** `require()` picks the package's "require" export condition, `import` the "import" one. */
  kind: "import" | "require";
  atLoad: boolean;
}

export interface CodeAnalysis {
  problems: CompatProblem[];
  references: ModuleReference[];
}

type AnyPath = ASTPath<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The node types the analysis reads, collected in one walk of the tree (see pathsByType). */
const referenceTypes = ["ImportDeclaration", "TSImportEqualsDeclaration", "ExportNamedDeclaration", "ExportAllDeclaration", "CallExpression", "ImportExpression"] as const;
const analyzedTypes = [...referenceTypes, "VariableDeclarator", "MemberExpression", "OptionalMemberExpression", "Identifier", "MetaProperty", "NewExpression"] as const;
export type AnalyzedPaths = Record<(typeof analyzedTypes)[number], AnyPath[]>;
type Scope = { lookup(name: string): unknown } | null | undefined;

const functionTypes = new Set([
  "FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ObjectMethod", "ClassMethod", "ClassPrivateMethod",
]);

/** Whether code runs unconditionally when the module loads: top level, not inside a try block. */
function runsAtLoad(path: AnyPath): boolean {
  for (let p = path.parent as AnyPath | null; p; p = p.parent) {
    if (functionTypes.has(p.node.type) || (p.node.type === "TryStatement" && p.node.block === path.node)) return false;
    path = p;
  }
  return true;
}



function noteProblem(node: ASTNode, subject: string, note: MemberNote, atLoad: boolean): CompatProblem {
  return { node, severity: note.severity, subject, detail: note.message, fix: note.fix, atLoad };
}

function missingModuleProblem(node: ASTNode, name: string, how: "static" | "require" | "dynamic" | "member", atLoad: boolean): CompatProblem {
  const consequence = {
    static: "a static import fails when the file loads, even if nothing from it is called",
    require: "the require() call throws",
    dynamic: "the import() rejects",
    member: "the property is undefined",
  }[how];
  return { node, severity: "error", subject: name, detail: `not available in LLRT (no such module); ${consequence}`, fix: missingModuleFix(name), atLoad };
}

function missingMemberProblem(node: ASTNode, module: string, member: string, fix: string, atLoad: boolean, namedImport: boolean): CompatProblem {
  const detail = namedImport
    ? `not exported by LLRT's '${module}'; the import fails when the file loads`
    : `not available in LLRT's '${module}' (undefined; calling it throws)`;
  return { node, severity: "error", subject: `${module}.${member}`, detail, fix, atLoad };
}

/** What one member use of module `module` means; `undefined` when it is fine. */
function checkMember(surface: LlrtSurface, node: ASTNode, module: string, member: string, atLoad: boolean, namedImport = false): CompatProblem | undefined {
  const verdict = memberVerdict(module, member, surface);
  if (verdict.status === "missing") return missingMemberProblem(node, module, member, verdict.fix, atLoad, namedImport);
  if (verdict.status === "differs") return noteProblem(node, `${module}.${member}`, verdict.note, atLoad);
  if (verdict.status === "submodule" && !resolvesInLlrt(verdict.module)) {
    return missingModuleProblem(node, verdict.module, namedImport ? "static" : "member", atLoad || namedImport);
  }
  return undefined;
}

class Analyzer {
  readonly problems: CompatProblem[] = [];
  readonly references: ModuleReference[] = [];
  /** Local names bound to a built-in module object, per declaring scope. */
  private readonly bindings = new Map<string, Array<{ scope: unknown; module: string }>>();
  private readonly reported = new Set<ASTNode>();

  constructor(private readonly j: JSCodeshift, private readonly paths: Partial<AnalyzedPaths>, private readonly surface: LlrtSurface) {}

  /** The module references only: what the dependency analyzer needs. */
  referencesOnly(): ModuleReference[] {
    this.staticImports();
    this.importEquals();
    this.reExports();
    this.calls();
    return this.references;
  }

  run(): CodeAnalysis {
    this.referencesOnly();
    this.declarations();
    this.memberUses();
    this.globals();
    const tracker = new ValueTracker(this.j, this.paths as AnalyzedPaths, this.surface, (path) => this.moduleOf(path), runsAtLoad);
    for (const problem of tracker.run()) this.add(problem);
    return { problems: this.problems, references: this.references };
  }

  private all(type: keyof AnalyzedPaths): AnyPath[] {
    return this.paths[type] ?? [];
  }

  private add(problem: CompatProblem | undefined): void {
    if (!problem || this.reported.has(problem.node)) return;
    this.reported.add(problem.node);
    this.problems.push(problem);
  }

  private bind(name: string, scope: unknown, module: string): void {
    this.bindings.set(name, [...(this.bindings.get(name) ?? []), { scope, module }]);
  }

  /**
   * Resolves a specifier: undefined for packages and relative files (recorded as references), the
   * built-in's name otherwise. A missing built-in is reported here.
   */
  private builtin(specifier: string, node: ASTNode, how: "static" | "require" | "dynamic", atLoad: boolean): string | undefined {
    if (isLlrtModule(specifier)) return undefined;
    const name = builtinName(specifier);
    if (!name) {
      this.references.push({ specifier, node, kind: how === "require" ? "require" : "import", atLoad });
      return undefined;
    }
    if (!resolvesInLlrt(name)) {
      this.add(missingModuleProblem(node, name, how, atLoad));
      return undefined;
    }
    const onImport = builtinModules[name].onImport;
    if (onImport) this.add(noteProblem(node, name, onImport, atLoad));
    return name;
  }

  private staticImports(): void {
    const { j } = this;
    this.all("ImportDeclaration").forEach((path: AnyPath) => {
      const node = path.node;
      if (node.importKind === "type") return;
      const module = this.builtin(String(node.source.value), node, "static", true);
      if (!module) return;
      for (const spec of node.specifiers ?? []) {
        if (spec.type === "ImportDefaultSpecifier" || spec.type === "ImportNamespaceSpecifier") {
          this.bind(spec.local.name, path.scope, module);
        } else if (spec.type === "ImportSpecifier" && spec.importKind !== "type") {
          const imported = spec.imported.name ?? spec.imported.value;
          this.add(checkMember(this.surface, spec, module, imported, true, true));
          const verdict = memberVerdict(module, imported, this.surface);
          if (verdict.status === "submodule" && resolvesInLlrt(verdict.module)) this.bind(spec.local.name, path.scope, verdict.module);
        }
      }
    });
  }

  private reExports(): void {
    const { j } = this;
    const check = (path: AnyPath) => {
      const node = path.node;
      if (!node.source || node.exportKind === "type") return;
      const module = this.builtin(String(node.source.value), node, "static", true);
      if (!module) return;
      for (const spec of node.specifiers ?? []) {
        const name = spec.local?.name;
        if (spec.type === "ExportSpecifier" && name) this.add(checkMember(this.surface, spec, module, name, true, true));
      }
    };
    this.all("ExportNamedDeclaration").forEach(check);
    this.all("ExportAllDeclaration").forEach(check);
  }

  /** `require('x')` and `import('x')`: missing modules and package references. */
  private calls(): void {
    const { j } = this;
    this.all("CallExpression").forEach((path: AnyPath) => {
      const specifier = this.requiredSpecifier(path);
      if (specifier === undefined) return;
      const dynamic = path.node.callee.type === "Import";
      this.builtin(specifier, path.node, dynamic ? "dynamic" : "require", !dynamic && runsAtLoad(path));
    });
    // Newer Babel versions produce ImportExpression for `import('x')`.
    this.all("ImportExpression").forEach((path: AnyPath) => {
      const specifier = stringValue(path.node.source);
      if (specifier !== undefined) this.builtin(specifier, path.node, "dynamic", false);
    });
  }

  /** The literal module name of `require('x')` (the global require) or `import('x')`. */
  private requiredSpecifier(path: AnyPath): string | undefined {
    const { callee, arguments: args } = path.node;
    const isRequire = callee.type === "Identifier" && callee.name === "require" && isRequireFunction(path);
    if (!isRequire && callee.type !== "Import") return undefined;
    return args.length >= 1 ? stringValue(args[0]) : undefined;
  }

  /** `import fs = require('fs')` (TypeScript). */
  private importEquals(): void {
    this.all("TSImportEqualsDeclaration").forEach((path: AnyPath) => {
      const ref = path.node.moduleReference;
      const specifier = ref?.type === "TSExternalModuleReference" ? stringValue(ref.expression) : undefined;
      if (specifier === undefined || path.node.importKind === "type") return;
      const module = this.builtin(specifier, path.node, "static", true);
      // ast-types does not record import-equals bindings: uses then resolve to no scope at all (null).
      const name = path.node.id.name;
      if (module) this.bind(name, (path.scope as Scope)?.lookup(name) ?? null, module);
    });
  }

  /** The built-in module an expression evaluates to (`require('fs')`, a binding, `fs.promises`), if any. */
  private moduleOf(path: AnyPath): string | undefined {
    const node = path.node;
    switch (node.type) {
      case "CallExpression": {
        const specifier = this.requiredSpecifier(path);
        const name = specifier === undefined ? undefined : builtinName(specifier);
        return name && resolvesInLlrt(name) ? name : undefined;
      }
      case "ImportExpression": {
        const name = builtinName(stringValue(node.source) ?? "");
        return name && resolvesInLlrt(name) ? name : undefined;
      }
      case "AwaitExpression":
      case "TSAsExpression":
      case "TSNonNullExpression":
      case "ParenthesizedExpression":
        return this.moduleOf(path.get(node.type === "AwaitExpression" ? "argument" : "expression"));
      case "Identifier": {
        const scope = (path.scope as Scope)?.lookup(node.name) ?? null;
        // The global `process` is the `process` module: `const p = process` binds p to it.
        if (!scope && path.parent?.node.type === "VariableDeclarator" && path.name === "init") return globalObjects[node.name]?.module;
        return this.bindings.get(node.name)?.find((b) => b.scope === scope)?.module;
      }
      case "MemberExpression":
      case "OptionalMemberExpression": {
        const module = this.moduleOf(path.get("object"));
        const member = module ? memberName(node) : undefined;
        if (!module || member === undefined) return undefined;
        if (member === "default") return module;
        const verdict = memberVerdict(module, member, this.surface);
        return verdict.status === "submodule" && resolvesInLlrt(verdict.module) ? verdict.module : undefined;
      }
      default:
        return undefined;
    }
  }

  /** `const fs = require('fs')`, `const { promisify } = require('util')`, `const p = fs.promises`. */
  private declarations(): void {
    const { j } = this;
    this.all("VariableDeclarator").forEach((path: AnyPath) => {
      if (!path.node.init) return;
      const module = this.moduleOf(path.get("init"));
      if (!module) return;
      const atLoad = runsAtLoad(path);
      if (path.node.id.type === "Identifier") {
        this.bind(path.node.id.name, (path.scope as Scope)?.lookup(path.node.id.name) ?? path.scope, module);
      } else if (path.node.id.type === "ObjectPattern") {
        this.destructure(path.get("id"), module, atLoad);
      }
    });
  }

  private destructure(pattern: AnyPath, module: string, atLoad: boolean): void {
    pattern.get("properties").each((prop: AnyPath) => {
      const node = prop.node;
      if ((node.type !== "ObjectProperty" && node.type !== "Property") || node.computed) return;
      const member = node.key.type === "Identifier" ? node.key.name : stringValue(node.key);
      if (member === undefined) return;
      this.add(checkMember(this.surface, node, module, member, atLoad));
      const verdict = memberVerdict(module, member, this.surface);
      const value = node.value.type === "AssignmentPattern" ? prop.get("value", "left") : prop.get("value");
      if (verdict.status !== "submodule" || !resolvesInLlrt(verdict.module)) return;
      if (value.node.type === "ObjectPattern") this.destructure(value, verdict.module, atLoad);
      else if (value.node.type === "Identifier") this.bind(value.node.name, (prop.scope as Scope)?.lookup(value.node.name) ?? prop.scope, verdict.module);
    });
  }

  /** `fs.existsSync(...)`, `crypto.createCipheriv`, `require('util').promisify`. */
  private memberUses(): void {
    const { j } = this;
    const visit = (path: AnyPath) => {
      const module = this.moduleOf(path.get("object"));
      const member = module ? memberName(path.node) : undefined;
      if (module && member !== undefined && member !== "default") this.add(checkMember(this.surface, path.node, module, member, runsAtLoad(path)));
    };
    this.all("MemberExpression").forEach(visit);
    this.all("OptionalMemberExpression").forEach(visit);
  }

  /** Absent globals (`WebSocket`), partial global objects (`process.on`, `Intl.NumberFormat`), `import.meta.dirname`. */
  private globals(): void {
    const { j } = this;
    this.all("Identifier").forEach((path: AnyPath) => {
      const name: string = path.node.name;
      const absent = absentGlobals[name];
      const object = globalObjects[name];
      if ((absent === undefined && !object) || !isGlobalReference(path)) return;
      if (absent !== undefined && name in this.surface.globals) return; // this release defines it (Temporal on main)
      const atLoad = runsAtLoad(path);
      if (absent !== undefined) {
        this.add({ node: path.node, severity: "error", subject: name, detail: "not defined in LLRT (ReferenceError when this code runs)", fix: absent, atLoad });
        return;
      }
      const parent = path.parent.node;
      const member = (parent.type === "MemberExpression" || parent.type === "OptionalMemberExpression") && parent.object === path.node ? memberName(parent) : undefined;
      if (member === undefined || universalMembers.has(member)) return;
      if (object.module) return void this.add(checkMember(this.surface, parent, object.module, member, atLoad));
      const note = object.differs?.[member];
      const present = object.surfaceClass
        ? classHas(this.surface, object.surfaceClass, member, "statics")
        : object.members?.includes(member) || this.surface.globals[name]?.includes(member);
      if (note) this.add(noteProblem(parent, `${name}.${member}`, note, atLoad));
      else if (!present) {
        const fix = object.missing?.[member] ?? object.fix ?? "";
        this.add({ node: parent, severity: "error", subject: `${name}.${member}`, detail: "not available in LLRT (undefined; using it throws)", fix, atLoad });
      }
    });
    this.all("MetaProperty").forEach((path: AnyPath) => {
      const parent = path.parent.node;
      const member = parent.type === "MemberExpression" && parent.object === path.node ? memberName(parent) : undefined;
      const fix = member === undefined ? undefined : absentImportMeta[member];
      if (fix) this.add({ node: parent, severity: "error", subject: `import.meta.${member}`, detail: "not available in LLRT (undefined)", fix, atLoad: runsAtLoad(path) });
    });
  }
}

/**
 * Whether `require` at this call is a require function: the global one, or a local made by
 * `createRequire(import.meta.url)` (the usual way to require from ESM).
 */
function isRequireFunction(path: AnyPath): boolean {
  const scope = (path.scope as Scope & { getBindings?(): Record<string, AnyPath[]> })?.lookup("require") as
    | { getBindings(): Record<string, AnyPath[]> }
    | null
    | undefined;
  if (!scope) return true;
  const declarator = scope.getBindings().require?.[0]?.parent?.node;
  const init = declarator?.type === "VariableDeclarator" ? declarator.init : undefined;
  const callee = init?.type === "CallExpression" ? init.callee : undefined;
  return (callee?.type === "Identifier" && callee.name === "createRequire") || (callee?.type === "MemberExpression" && callee.property?.name === "createRequire");
}

/** Whether an identifier reads a global: not a property key, type name, declaration or `typeof` test. */
function isGlobalReference(path: AnyPath): boolean {
  const parent = path.parent?.node;
  if (!parent) return false;
  if (path.name === "property" && !parent.computed && /MemberExpression$/.test(parent.type)) return false;
  if (path.name === "key" && !parent.computed) return false;
  if (parent.type.startsWith("TS") || /Specifier$|^Label|^Break|^Continue|MetaProperty/.test(parent.type)) return false;
  if (parent.type === "UnaryExpression" && parent.operator === "typeof") return false;
  return !(path.scope as Scope)?.lookup(path.node.name);
}

/** The whole analysis of a parsed file, from one walk of its tree. */
export function analyzeCode(j: JSCodeshift, root: Collection, surface: LlrtSurface = defaultSurface): CodeAnalysis {
  return new Analyzer(j, pathsByType(j, root, analyzedTypes), surface).run();
}

/** The packages and files a parsed file imports: `analyzeCode(...).references` without the rest of the analysis. */
export function moduleReferences(j: JSCodeshift, root: Collection): ModuleReference[] {
  return new Analyzer(j, pathsByType(j, root, referenceTypes), defaultSurface).referencesOnly();
}
