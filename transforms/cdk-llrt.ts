// AWS CDK (TypeScript) stacks: Node.js Lambda constructs move to LLRT.
// - `NodejsFunction` becomes `LlrtFunction` from cdk-lambda-llrt: NodejsFunction accepts only Node
//   runtimes, and LlrtFunction is the construct that bundles for LLRT and adds the bootstrap
//   (runtime removed, architecture set, the shared LLRT layer with --llrt-delivery layer).
// - `lambda.Function` on a Node runtime gets `Runtime.PROVIDED_AL2023`, the architecture and an LLRT
//   layer (an existing ARN, or a LayerVersion from the release zip: never a made-up ARN).
// The tree is only read (parsed without recast, so node offsets index the real text even with tabs
// or CRLF): changes are text edits at node offsets, so the rest of the file (comments, blank lines,
// trailing commas) stays byte for byte, which a reprint of the edited objects does not.
// Standalone: npx jscodeshift -t transforms/cdk-llrt.ts lib/stack.ts --arch=arm64 --llrtLayerArn=...
import type { API, ASTPath, Collection, FileInfo, JSCodeshift, NewExpression, ObjectExpression, ObjectProperty, Options } from "jscodeshift";
import { isTypeScript, positionOf, reportLine } from "../src/engine/code-rule";
import { verbatimTree } from "../src/engine/source-tree";
import { TextEdits } from "../src/engine/text-edits";
import { markedBetween } from "../src/iac/opt-out";
import type { MigrationOptions, RuleFinding } from "../src/engine/types";
import { defaultOptions } from "../src/engine/types";
import { llrtAsset } from "../src/iac/llrt-deployment";
import { deployableRelease } from "../src/compat/surface";

const ruleName = "cdk-llrt";
const isNodeRuntime = (runtime: string | undefined) => !!runtime && /\bNODEJS_\w+$/.test(runtime);
const cdkLib = "aws-cdk-lib";
const lambdaModule = "aws-cdk-lib/aws-lambda";
const nodejsModule = "aws-cdk-lib/aws-lambda-nodejs";
/** CDK v1 packages: cdk-lambda-llrt needs aws-cdk-lib (v2), and v1 has no Runtime.PROVIDED_AL2023. */
const v1Modules = new Set(["@aws-cdk/aws-lambda", "@aws-cdk/aws-lambda-nodejs"]);
export const llrtConstructModule = "cdk-lambda-llrt";
/** The variable holding the LLRT layer in each block that needs one. */
const layerVariable = "llrtLayer";

export type CdkConstructKind = "NodejsFunction" | "LlrtFunction" | "Function";

/** One Lambda construct as written in the stack. */
export interface CdkConstruct {
  kind: CdkConstructKind;
  path: ASTPath<NewExpression>;
  id: string;
  props: ObjectExpression | undefined;
  /** Source text of the runtime value (`lambda.Runtime.NODEJS_20_X`), when given; a same-file const is read through. */
  runtime: string | undefined;
  /** A `// llrt-migrate-ignore` comment on or above the construct opts it out. */
  ignored: boolean;
  /** Declared through CDK v1 (`@aws-cdk/aws-lambda`). */
  v1: boolean;
}

interface Span {
  start: number;
  end: number;
}
const span = (node: unknown) => node as Span;

/**
 * Which local names mean which CDK module: `lambda` in `import * as lambda from "aws-cdk-lib/aws-lambda"`
 * (or `const lambda = require(...)`, `import lambda = require(...)`), `cdk` for `aws-cdk-lib` itself.
 */
interface CdkImports {
  namespaces: Map<string, string>;
  named: Map<string, { module: string; imported: string }>;
  /** The file loads modules with `require` and has no `import` declaration (a CommonJS stack). */
  commonJs: boolean;
}

type AnyNode = { type: string; [key: string]: unknown };
const nameOf = (node: unknown) => ((node as AnyNode | undefined)?.type === "Identifier" ? String((node as AnyNode).name) : undefined);
const stringOf = (node: unknown) => ((node as AnyNode | undefined)?.type === "StringLiteral" ? String((node as AnyNode).value) : undefined);

/** `require("x")` -> "x". */
function requiredModule(node: unknown): string | undefined {
  const call = node as AnyNode | undefined;
  if (call?.type !== "CallExpression" || nameOf(call.callee) !== "require") return undefined;
  return stringOf((call.arguments as unknown[])[0]);
}

function readImports(j: JSCodeshift, root: Collection): CdkImports {
  const imports: CdkImports = { namespaces: new Map(), named: new Map(), commonJs: false };
  const addNamed = (local: string, module: string, imported: string) => {
    // `import { aws_lambda as lambda } from "aws-cdk-lib"` is a namespace in disguise.
    if (module === cdkLib && imported.startsWith("aws_")) imports.namespaces.set(local, `${cdkLib}/${imported.replace(/_/g, "-")}`);
    else imports.named.set(local, { module, imported });
  };
  const declarations = root.find(j.ImportDeclaration);
  declarations.forEach(({ node }) => {
    const source = String(node.source.value);
    for (const spec of node.specifiers ?? []) {
      const local = spec.local?.name as string | undefined;
      if (!local) continue;
      if (spec.type === "ImportNamespaceSpecifier" || spec.type === "ImportDefaultSpecifier") imports.namespaces.set(local, source);
      else if (spec.type === "ImportSpecifier") addNamed(local, source, String(spec.imported.name));
    }
  });
  root.find(j.TSImportEqualsDeclaration).forEach(({ node }) => {
    const ref = node.moduleReference as unknown as AnyNode;
    const source = ref.type === "TSExternalModuleReference" ? stringOf(ref.expression) : undefined;
    if (source) imports.namespaces.set(String(node.id.name), source);
  });
  let requires = 0;
  root.find(j.VariableDeclarator).forEach(({ node }) => {
    const source = requiredModule(node.init);
    if (!source) return;
    requires++;
    const local = nameOf(node.id);
    if (local) imports.namespaces.set(local, source);
    else if (node.id.type === "ObjectPattern") {
      for (const p of node.id.properties as unknown as AnyNode[]) {
        const imported = p.type === "ObjectProperty" || p.type === "Property" ? nameOf(p.key) : undefined;
        const alias = imported ? nameOf(p.value) : undefined;
        if (imported && alias) addNamed(alias, source, imported);
      }
    }
  });
  imports.commonJs = declarations.size() === 0 && requires > 0;
  return imports;
}

/** `cdk.aws_lambda_nodejs.NodejsFunction` -> the module and export it names, through the file's imports. */
function resolveName(node: unknown, imports: CdkImports): { module: string; name: string } | undefined {
  const chain: string[] = [];
  let n = node as AnyNode;
  while (n.type === "MemberExpression" && !n.computed && nameOf(n.property)) {
    chain.unshift(nameOf(n.property)!);
    n = n.object as AnyNode;
  }
  const root = nameOf(n);
  if (!root) return undefined;
  const named = imports.named.get(root);
  let module = named?.module ?? imports.namespaces.get(root);
  if (!module) return undefined;
  if (named) chain.unshift(named.imported);
  // `cdk.aws_lambda.Function`: aws-cdk-lib re-exports each module as `aws_<name>`.
  while (module === cdkLib && chain[0]?.startsWith("aws_")) module = `${cdkLib}/${chain.shift()!.replace(/_/g, "-")}`;
  return chain.length === 1 ? { module, name: chain[0] } : undefined;
}

function constructKind(callee: unknown, imports: CdkImports): { kind: CdkConstructKind; v1: boolean } | undefined {
  const resolved = resolveName(callee, imports);
  if (!resolved) return undefined;
  const { module, name } = resolved;
  const v1 = v1Modules.has(module);
  const base = v1 ? module.replace("@aws-cdk/", `${cdkLib}/`) : module;
  if (base === nodejsModule && name === "NodejsFunction") return { kind: "NodejsFunction", v1 };
  if (module === llrtConstructModule && name === "LlrtFunction") return { kind: "LlrtFunction", v1 };
  if (base === lambdaModule && name === "Function") return { kind: "Function", v1 };
  return undefined;
}

const propKey = (p: unknown) => {
  const prop = p as { type: string; key?: { type: string; name?: string; value?: unknown }; computed?: boolean };
  if ((prop.type !== "ObjectProperty" && prop.type !== "Property") || prop.computed) return undefined;
  return prop.key?.type === "Identifier" ? prop.key.name : prop.key?.type === "StringLiteral" ? String(prop.key.value) : undefined;
};

export function getProp(props: ObjectExpression | undefined, key: string): ObjectProperty | undefined {
  return props?.properties.find((p) => propKey(p) === key) as ObjectProperty | undefined;
}

/** `NODE` in `runtime: NODE` -> the initializer of the file's one `const NODE = ...` (else the node itself). */
function throughConst(j: JSCodeshift, root: Collection, node: unknown): unknown {
  const name = (node as { type?: string; name?: string } | undefined)?.type === "Identifier" ? (node as { name: string }).name : undefined;
  if (!name) return node;
  const declarations = root.find(j.VariableDeclarator, { id: { type: "Identifier", name } });
  const only = declarations.length === 1 ? declarations.paths()[0] : undefined;
  return only?.node.init && (only.parent.node as { kind?: string }).kind === "const" ? only.node.init : node;
}

/** Every Lambda construct in the file. */
export function findCdkConstructs(j: JSCodeshift, root: Collection, source: string): CdkConstruct[] {
  const imports = readImports(j, root);
  const found: CdkConstruct[] = [];
  root.find(j.NewExpression).forEach((path) => {
    const { kind, v1 } = constructKind(path.node.callee, imports) ?? {};
    if (!kind) return;
    const [, idArg, propsArg] = path.node.arguments;
    const props = propsArg?.type === "ObjectExpression" ? propsArg : undefined;
    const runtime = throughConst(j, root, getProp(props, "runtime")?.value);
    found.push({
      kind,
      path,
      id: idArg?.type === "StringLiteral" ? idArg.value : idArg ? source.slice(span(idArg).start, span(idArg).end) : "(unnamed)",
      props,
      runtime: runtime ? source.slice(span(runtime).start, span(runtime).end) : undefined,
      ignored: markedBetween(source, span(path.node).start, span(path.node).end),
      v1: !!v1,
    });
  });
  return found;
}

/** A runtime we cannot read (`props.runtime`, an import): the construct may be on Node. */
const computedRuntime = (runtime: string | undefined) => runtime !== undefined && !/\bRuntime\.\w+$/.test(runtime);

/** A construct that is, or may be, on Node.js: every NodejsFunction, a lambda.Function on a Node (or unreadable) runtime. */
export const mayRunNode = (c: CdkConstruct) => c.kind === "NodejsFunction" || (c.kind === "Function" && (isNodeRuntime(c.runtime) || computedRuntime(c.runtime)));

/**
 * Why a Node.js construct cannot move to LLRT as written (it keeps its runtime), or undefined.
 * The same answer for the listing (src/iac/cdk.ts) and the edit, so the two always agree.
 */
export function cannotMigrate(c: CdkConstruct): RuleFinding | undefined {
  const warnAt = (node: Parameters<typeof positionOf>[0], message: string, fix: string): RuleFinding => ({ rule: ruleName, severity: "warning", ...positionOf(node), message, fix });
  const warn = (message: string, fix: string) => warnAt(c.path.node, message, fix);
  const runtime = c.runtime ?? "its runtime";
  if (c.v1) {
    return warn(`${c.kind} ${c.id} stays on ${runtime}: it is a CDK v1 construct (@aws-cdk/*), and LLRT needs aws-cdk-lib v2 (Runtime.PROVIDED_AL2023, cdk-lambda-llrt).`,
      "Move the app to aws-cdk-lib v2 (CDK v1 is end-of-support), then run llrt-migrate again.");
  }
  const code = getProp(c.props, "code")?.value as { type: string; callee?: { type: string; property?: { name?: string } } } | undefined;
  if (c.kind === "Function" && code?.type === "CallExpression" && code.callee?.type === "MemberExpression" && code.callee.property?.name === "fromInline") {
    // CloudFormation takes inline code (ZipFile) only with Node.js or Python runtimes.
    return warn(`${c.id} has inline code (Code.fromInline), which CloudFormation only accepts with a Node.js or Python runtime; it stays on ${runtime}.`,
      "Move the code into a directory (Code.fromAsset) or a NodejsFunction entry to run it on LLRT.");
  }
  const propsArg = c.path.node.arguments[2];
  if (!c.props && (propsArg || c.kind === "Function")) {
    return warn(`${c.id} stays on ${runtime}: its props are not an object literal, so llrt-migrate cannot edit them.`,
      c.kind === "Function" ? "Set runtime Runtime.PROVIDED_AL2023, the architecture and an LLRT layer by hand." : "Replace NodejsFunction with LlrtFunction from cdk-lambda-llrt by hand.");
  }
  if (c.kind === "Function" && computedRuntime(c.runtime)) {
    // A parameter, an import, a property: not a Runtime we can read (as SAM does for `!Ref`).
    return warnAt(getProp(c.props, "runtime") ?? c.path.node, `${c.id} takes its runtime from \`${c.runtime}\`, which llrt-migrate cannot evaluate; it was left alone.`,
      "Use lambda.Runtime.NODEJS_* (or a const of this file holding it) so llrt-migrate can move it, or set Runtime.PROVIDED_AL2023, the architecture and an LLRT layer by hand.");
  }
  return undefined;
}

/** The edits of one file: text changes at node offsets, with imports and object keys batched. */
class SourceEditor {
  private readonly edits = new TextEdits();
  private readonly newImports = new Map<string, string[]>();
  /** New properties per construct: added to its props object, or as a new props argument when it has none. */
  private readonly newProps = new Map<NewExpression, string[]>();
  /** Import declarations removed whole: new imports must not be anchored to them. */
  readonly removedImports = new Set<unknown>();
  /** Properties removed (a NodejsFunction's `runtime`), with the text range removed: new ones go before it. */
  private readonly removedProps = new Map<unknown, Span>();
  readonly quote: string;
  /** The file's line break: new lines use it too. */
  readonly eol: string;
  /** One level of the file's indentation (a tab, or its usual run of spaces). */
  readonly unit: string;

  constructor(
    readonly j: JSCodeshift,
    readonly root: Collection,
    readonly source: string,
    readonly imports: CdkImports,
    /** TypeScript source (type annotations allowed). */
    readonly typed: boolean,
  ) {
    this.quote = (source.match(/'/g) ?? []).length > (source.match(/"/g) ?? []).length ? "'" : '"';
    this.eol = source.includes("\r\n") ? "\r\n" : "\n";
    // Leading white space of code lines (not of ` * ` comment continuations).
    const indents = [...source.matchAll(/^([ \t]+)[^\s*]/gm)].map((m) => m[1]);
    const spaces = indents.filter((i) => /^ +$/.test(i)).map((i) => i.length);
    const tabs = indents.filter((i) => i.startsWith("\t")).length;
    this.unit = tabs > spaces.length ? "\t" : " ".repeat(spaces.length ? Math.min(...spaces) : 2);
  }

  get changed(): boolean {
    return this.edits.size > 0 || this.newProps.size > 0 || this.newImports.size > 0;
  }

  /** Text edits are written with "\n"; the file gets its own line breaks. */
  replace(start: number, end: number, text: string): void {
    this.edits.replace(start, end, this.eol === "\n" ? text : text.replace(/\n/g, this.eol));
  }

  insert(at: number, text: string): void {
    this.replace(at, at, text);
  }

  str(value: string): string {
    return this.quote === "'" ? `'${value.replace(/'/g, "\\'")}'` : JSON.stringify(value);
  }

  /** The local name for an export of `module` (a type when `type`), imported when the file does not import it yet. */
  named(module: string, name: string, type = false): string {
    const local = [...this.imports.named].find(([, v]) => v.module === module && v.imported === name)?.[0];
    if (local) return local;
    this.imports.named.set(name, { module, imported: name });
    this.newImports.set(module, [...(this.newImports.get(module) ?? []), type ? `type ${name}` : name]);
    return name;
  }

  /** `lambda.Architecture` (or `cdk.aws_lambda.Architecture`) through a namespace import, or the named export `Architecture`. */
  lambda(name: string, type = false): string {
    const ns = [...this.imports.namespaces].find(([, module]) => module === lambdaModule)?.[0];
    if (ns) return `${ns}.${name}`;
    const cdk = [...this.imports.namespaces].find(([, module]) => module === cdkLib)?.[0];
    if (cdk && !this.imports.named.has(name)) return `${cdk}.aws_lambda.${name}`;
    return this.named(lambdaModule, name, type);
  }

  /** A Node `path` module binding: `path.join`, or a `join` imported from it; else `path` gets imported. */
  pathJoin(): string {
    const ns = [...this.imports.namespaces].find(([, module]) => module === "path" || module === "node:path")?.[0];
    if (ns) return `${ns}.join`;
    const join = [...this.imports.named].find(([, v]) => (v.module === "path" || v.module === "node:path") && v.imported === "join")?.[0];
    if (join) return join;
    this.imports.namespaces.set("path", "path");
    this.newImports.set("path", ["* as path"]);
    return "path.join";
  }

  /** Sets `key: value` in a construct's props: replaces an existing value or adds the key at the end. */
  setProp(c: CdkConstruct, key: string, value: string): void {
    const existing = getProp(c.props, key);
    if (existing) this.replace(span(existing.value).start, span(existing.value).end, value);
    else this.newProps.set(c.path.node, [...(this.newProps.get(c.path.node) ?? []), `${key}: ${value}`]);
  }

  /** Removes a property with its line when it sits on lines of its own. */
  removeProp(props: ObjectExpression, prop: ObjectProperty): void {
    const { start, end } = this.withComments(prop);
    const lineStart = this.source.lastIndexOf("\n", start - 1) + 1;
    const rest = /^[ \t]*,?[ \t]*(\/\/[^\n]*)?\r?\n/.exec(this.source.slice(end));
    const remove = (from: number, to: number) => {
      this.removedProps.set(prop, { start: from, end: to });
      this.replace(from, to, "");
    };
    if (/^[ \t]*$/.test(this.source.slice(lineStart, start)) && rest) remove(lineStart, end + rest[0].length);
    else {
      const i = props.properties.indexOf(prop);
      const next = props.properties[i + 1];
      if (next) remove(start, this.withComments(next).start);
      else remove(i > 0 ? span(props.properties[i - 1]).end : start, end);
    }
  }

  /** A node's range widened to its own leading comments. */
  withComments(node: unknown): Span {
    const comments = (node as { leadingComments?: Span[] | null }).leadingComments ?? [];
    return { start: Math.min(span(node).start, ...comments.map((c) => c.start)), end: span(node).end };
  }

  apply(): string {
    for (const [construct, added] of this.newProps) this.insertProps(construct, added);
    for (const [module, names] of this.newImports) this.insertImport(module, names);
    return this.edits.apply(this.source);
  }

  /**
   * Adds properties after the last one, placed from the tree: the comma goes right after the last
   * property's node (whatever follows it: a comment, the closing brace on the same line), and new lines
   * only when the closing brace sits on a line of its own.
   */
  private insertProps(construct: NewExpression, added: string[]): void {
    const props = construct.arguments[2] as ObjectExpression | undefined;
    if (!props) {
      this.insert(span(construct.arguments[1]).end, `, { ${added.join(", ")} }`);
      return;
    }
    const kept = props.properties.filter((p) => !this.removedProps.has(p));
    const last = kept[kept.length - 1];
    // The `}`, or where a removed property's text starts after the last kept one.
    const close = Math.min(span(props).end - 1, ...[...this.removedProps.values()].map((r) => r.start).filter((at) => last && at >= span(last).end));
    if (!last) {
      this.insert(close, ` ${added.join(", ")} `);
      return;
    }
    const lastEnd = span(last).end;
    // What lies between the last property and `}`: a trailing comma, comments, line breaks.
    const between = this.source.slice(lastEnd, close);
    const comma = /^\s*,/.test(between) ? lastEnd + between.indexOf(",") + 1 : undefined;
    const lineBreak = /\n/.test(between.replace(/\/\*[\s\S]*?\*\//g, ""));
    if (!lineBreak) {
      // `{ a: 1 }`, or a last property whose `}` closes the object on the same line.
      this.insert(comma ?? lastEnd, `${comma ? " " : ", "}${added.join(", ")}${comma ? "," : ""}`);
      return;
    }
    const lineStart = this.source.lastIndexOf("\n", span(last).start - 1) + 1;
    const indent = /^[ \t]*/.exec(this.source.slice(lineStart))![0];
    // After the last property's line (and a comment that ends it), keeping the file's trailing-comma habit.
    const lineEnd = lastEnd + between.search(/\r?\n/);
    const lines = added.map((p, i) => `\n${indent}${p}${comma !== undefined || i < added.length - 1 ? "," : ""}`).join("");
    // The missing comma and the new lines as one edit when they meet (two inserts at one offset would swap).
    if (comma === undefined && lineEnd > lastEnd) this.insert(lastEnd, ",");
    this.insert(lineEnd, `${comma === undefined && lineEnd === lastEnd ? "," : ""}${lines}`);
  }

  private insertImport(module: string, names: string[]): void {
    const { j } = this;
    if (this.imports.commonJs) {
      const binding = names[0].startsWith("* as ") ? names[0].slice(5) : `{ ${names.map((n) => n.replace(/^type /, "")).join(", ")} }`;
      const requires = this.root.find(j.VariableDeclaration).filter((p) => p.parent.node.type === "Program" && p.node.declarations.some((d) => requiredModule((d as { init?: unknown }).init)));
      const anchor = requires.size() > 0 ? span(requires.nodes()[requires.size() - 1]).end : 0;
      this.insert(anchor, `${anchor ? "\n" : ""}const ${binding} = require(${this.str(module)});${anchor ? "" : "\n"}`);
      return;
    }
    const existing = this.root.find(j.ImportDeclaration, { source: { value: module } })
      .filter((p) => (p.node.importKind ?? "value") === "value" && (p.node.specifiers ?? []).length > 0 && p.node.specifiers!.every((s) => s.type === "ImportSpecifier"));
    if (existing.size() > 0 && !names[0].startsWith("* as ")) {
      const specifiers = existing.get().node.specifiers as Span[];
      this.insert(specifiers[specifiers.length - 1].end, names.map((n) => `, ${n}`).join(""));
      return;
    }
    const statement = names[0].startsWith("* as ") ? `import ${names[0]} from ${this.str(module)};` : `import { ${names.join(", ")} } from ${this.str(module)};`;
    const all = this.root.find(j.ImportDeclaration).nodes();
    const kept = all.filter((node) => !this.removedImports.has(node));
    if (kept.length > 0) this.insert(span(kept[kept.length - 1]).end, `\n${statement}`);
    else this.insert(all.length > 0 ? span(all[0]).start : 0, `${statement}\n`);
  }
}

/** `.ts`, `.tsx`, `.mts`, `.cts`: new code may carry type annotations. */
const archName = (arch: string) => (arch === "arm64" ? "ARM_64" : "X86_64");

/** An LLRT layer declaration to write before the statement at `at`, for the construct scope `scope`. */
interface LayerDeclaration {
  at: number;
  indent: string;
  scope: string;
  inConstructor: boolean;
}

interface Context {
  ed: SourceEditor;
  options: MigrationOptions;
  report(finding: RuleFinding): void;
  /** By block node: where the LLRT layer gets declared. */
  layers: Map<object, LayerDeclaration>;
  /** The file name (beside the stack) of a NodejsFunction's default entry, `<stack>.<id>.ts`. */
  defaultEntry(c: CdkConstruct): string;
}

function migrateNodejsFunction({ ed, options, report, defaultEntry }: Context, c: CdkConstruct): void {
  const props = c.props;
  ed.replace(span(c.path.node.callee).start, span(c.path.node.callee).end, ed.named(llrtConstructModule, "LlrtFunction"));
  // NodejsFunction finds its default entry next to the file that calls its constructor, which would
  // now be cdk-lambda-llrt's own folder: the entry is written out.
  const entry = getProp(props, "entry") ? undefined : defaultEntry(c);
  if (entry) ed.setProp(c, "entry", `${ed.pathJoin()}(__dirname, ${ed.str(entry)})`);
  const runtime = getProp(props, "runtime");
  if (props && runtime) ed.removeProp(props, runtime);
  ed.setProp(c, "architecture", `${ed.lambda("Architecture")}.${archName(options.arch)}`);
  if (options.llrtDelivery === "layer" && !getProp(props, "useLambdaLayer")) ed.setProp(c, "useLambdaLayer", "true");
  if (options.variant !== "std") {
    ed.setProp(c, "llrtBinaryType", `${ed.named(llrtConstructModule, "LlrtBinaryType")}.${options.variant === "full-sdk" ? "FULL_SDK" : "NO_SDK"}`);
  }
  // LlrtFunction downloads the `latest` release at synth time unless told which: the one our analysis describes.
  const release = deployableRelease(options.llrtVersion);
  if (!getProp(props, "llrtVersion")) {
    ed.setProp(c, "llrtVersion", ed.str(release.version));
    if (release.instead) {
      report({
        rule: ruleName, severity: "warning", ...positionOf(c.path.node),
        message: `${c.id}: the analysis checked against ${release.instead}, but ${release.instead} is not a published LLRT release, so llrtVersion pins ${release.version}, which may lack what ${release.instead} has.`,
        fix: `Pin llrtVersion to a published release that has what the code needs, or rerun without --llrt-version to check against ${release.version}.`,
      });
    }
  }
  if (options.memory !== undefined) ed.setProp(c, "memorySize", String(options.memory));
  report({
    rule: ruleName, severity: "info", ...positionOf(c.path.node),
    message: `${c.id}: NodejsFunction -> LlrtFunction (cdk-lambda-llrt)${c.runtime ? `, runtime ${c.runtime} removed` : ""}, architecture ${options.arch}, LLRT ${release.version}${options.llrtDelivery === "layer" ? " from its shared layer" : " bundled into the asset"}${entry ? `, entry ${entry} written out` : ""}.`,
    fix: "LlrtFunction bundles to ESM with the AWS SDK left to LLRT, and downloads the pinned LLRT release at synth time (network needed; cached in .tmp/).",
  });
  const bundling = getProp(props, "bundling");
  if (bundling) {
    report({
      rule: ruleName, severity: "warning", ...positionOf(bundling),
      message: `${c.id}: its own \`bundling\` options are merged over LlrtFunction's defaults (ESM, minify, SDK externals).`,
      fix: "Check that `format`, `target` and `externalModules` in `bundling` do not undo LLRT's settings.",
    });
  }
}

function migrateFunction(ctx: Context, c: CdkConstruct): void {
  const { ed, options, report } = ctx;
  const props = c.props!;
  const runtime = getProp(props, "runtime")! as ObjectProperty & { shorthand?: boolean };
  const value = runtime.value as { type: string; property?: unknown };
  if (value.type === "MemberExpression") ed.replace(span(value.property).start, span(value.property).end, "PROVIDED_AL2023");
  else {
    // `runtime: NODE` (a const read through): the construct gets the runtime itself; the const stays for its other users.
    const target = runtime.shorthand ? runtime : value;
    ed.replace(span(target).start, span(target).end, `${runtime.shorthand ? "runtime: " : ""}${ed.lambda("Runtime")}.PROVIDED_AL2023`);
  }
  ed.setProp(c, "architecture", `${ed.lambda("Architecture")}.${archName(options.arch)}`);
  if (options.memory !== undefined) ed.setProp(c, "memorySize", String(options.memory));
  if (options.llrtDelivery === "layer") addLayer(ctx, c);
  else {
    report({
      rule: ruleName, severity: "warning", ...positionOf(c.path.node),
      message: `${c.id}: LLRT is delivered inside the package, so the code asset must hold LLRT's \`bootstrap\` next to the handler.`,
      fix: "Copy `bootstrap` from llrt-lambda-<arm64|x64>.zip (LLRT releases) into the asset directory, or use the layer delivery.",
    });
  }
  report({
    rule: ruleName, severity: "info", ...positionOf(c.path.node),
    message: `${c.id}: runtime ${c.runtime} -> Runtime.PROVIDED_AL2023, architecture ${options.arch}.`,
    fix: "Code.fromAsset ships files as they are: bundle the handler to ESM for es2023 (esbuild --format=esm --target=es2023 --external:@aws-sdk --external:@smithy) into the asset directory.",
  });
}

/** Whether a statement already sees a `llrtLayer` declared in its block or an enclosing one (an earlier run's). */
function layerInScope(stmt: ASTPath): boolean {
  for (let p: ASTPath | null = stmt.parent; p; p = p.parent) {
    const body = (p.node as { body?: unknown }).body;
    if (!Array.isArray(body)) continue;
    const declared = body.some((s: { type: string; declarations?: Array<{ id: { type: string; name?: string } }> }) =>
      s.type === "VariableDeclaration" && s.declarations!.some((d) => d.id.type === "Identifier" && d.id.name === layerVariable));
    if (declared) return true;
  }
  return false;
}

/** Declares the LLRT layer once per block (before the first statement that needs it) and adds it to `layers`. */
function addLayer(ctx: Context, c: CdkConstruct): void {
  const { ed, options, report, layers: declarations } = ctx;
  let stmt: ASTPath = c.path;
  while (stmt.parent && !Array.isArray(stmt.parent.node.body)) stmt = stmt.parent;
  const block = stmt.parent as ASTPath | undefined;
  if (!block) return;
  // A class field initializer (`readonly fn = new lambda.Function(this, ...)`) has no statement list
  // to declare a variable in: the layer expression goes into `layers` itself.
  const scopeArg = span(c.path.node.arguments[0]);
  const scope = ed.source.slice(scopeArg.start, scopeArg.end);
  const inClassBody = block.node.type === "ClassBody";
  const layerValue = inClassBody ? layerReuseOrCreation(ctx, scope, `${lineIndent(ed.source, span(c.path.node).start)}${ed.unit}${ed.unit}`) : layerVariable;
  if (!inClassBody && !declarations.has(block.node) && !layerInScope(stmt)) {
    const at = ed.withComments(stmt.node).start;
    const lineStart = ed.source.lastIndexOf("\n", at - 1) + 1;
    const fn = block.parent?.node as { type: string; kind?: string } | undefined;
    declarations.set(block.node, {
      at: lineStart,
      indent: lineIndent(ed.source, at),
      scope,
      inConstructor: (fn?.type === "ClassMethod" || fn?.type === "MethodDefinition") && fn.kind === "constructor",
    });
    if (!options.llrtLayerArn) {
      const zip = llrtAsset(options.arch, options.variant);
      report({
        rule: ruleName, severity: "warning", ...positionOf(c.path.node),
        message: `Added an LLRT LayerVersion (\`${layerVariable}\`) built from ${zip}.`,
        fix: `Download ${zip} from https://github.com/awslabs/llrt/releases into the CDK app's directory, or rerun with --llrt-layer-arn.`,
      });
    }
  }
  const layers = getProp(c.props, "layers");
  if (!layers) ed.setProp(c, "layers", `[${layerValue}]`);
  else if (layers.value.type === "ArrayExpression") {
    const elements = layers.value.elements;
    if (elements.some((e) => e?.type === "Identifier" && e.name === layerVariable)) return;
    const last = elements[elements.length - 1];
    if (last) ed.insert(span(last).end, `, ${layerValue}`);
    else ed.replace(span(layers.value).start, span(layers.value).end, `[${layerValue}]`);
  } else {
    const v = span(layers.value);
    ed.replace(v.start, v.end, `[...${ed.source.slice(v.start, v.end)}, ${layerValue}]`);
  }
}
/** The leading white space of the line that holds `offset`. */
const lineIndent = (source: string, offset: number) => /^[ \t]*/.exec(source.slice(source.lastIndexOf("\n", offset - 1) + 1))![0];

/**
 * Writes the pending layer declarations. A construct id is unique within its scope, so a plain
 * `new LayerVersion(this, "LlrtLayer")` is right only when it runs once per scope: the single
 * declaration of the file, directly in a constructor. In a loop, a method or a helper (which may run
 * more than once, or after another one) it reuses the scope's layer when it exists.
 */
function writeLayerDeclarations(ctx: Context): void {
  const { ed, layers } = ctx;
  const once = layers.size === 1 && [...layers.values()][0].inConstructor;
  for (const { at, indent, scope, inConstructor } of layers.values()) {
    const inner = `${indent}${ed.unit}`;
    const value = once && inConstructor ? ` ${layerCreation(ctx, scope, indent)}` : `\n${inner}${layerReuseOrCreation(ctx, scope, inner)}`;
    ed.insert(at, `${indent}const ${layerVariable} =${value};\n\n`);
  }
}

/** `new LayerVersion(scope, "LlrtLayer", {...})`, or the given ARN's layer, indented for its place. */
function layerCreation({ ed, options }: Context, scope: string, indent: string): string {
  const id = ed.str("LlrtLayer");
  if (options.llrtLayerArn) return `${ed.lambda("LayerVersion")}.fromLayerVersionArn(${scope}, ${id}, ${ed.str(options.llrtLayerArn)})`;
  const inner = `${indent}${ed.unit}`;
  return (
    `new ${ed.lambda("LayerVersion")}(${scope}, ${id}, {\n` +
    `${inner}code: ${ed.lambda("Code")}.fromAsset(${ed.str(llrtAsset(options.arch, options.variant))}),\n` +
    `${inner}compatibleRuntimes: [${ed.lambda("Runtime")}.PROVIDED_AL2023],\n` +
    `${inner}compatibleArchitectures: [${ed.lambda("Architecture")}.${archName(options.arch)}],\n${indent}})`
  );
}

/** The scope's LLRT layer when one exists, else a new one: safe wherever the code may run more than once. */
function layerReuseOrCreation(ctx: Context, scope: string, indent: string): string {
  const { ed } = ctx;
  const cast = ed.typed ? ` as ${ed.lambda("ILayerVersion", true)} | undefined` : "";
  return `(${scope}.node.tryFindChild(${ed.str("LlrtLayer")})${cast}) ??\n${indent}${layerCreation(ctx, scope, indent)}`;
}

/** Drops `NodejsFunction` from its import once nothing else uses it. */
function pruneImport(ed: SourceEditor, name: string, renamed: Set<unknown>): void {
  const { j, root } = ed;
  const uses = root.find(j.Identifier, { name }).filter((p) => p.parent.node.type !== "ImportSpecifier" && !renamed.has(p.node)).size();
  if (uses > 0) return;
  root.find(j.ImportDeclaration).forEach((decl) => {
    const specifiers = (decl.node.specifiers ?? []) as Array<Span & { type: string; local?: { name: string } }>;
    const i = specifiers.findIndex((s) => s.type === "ImportSpecifier" && s.local?.name === name);
    if (i < 0) return;
    if (specifiers.length === 1) {
      ed.removedImports.add(decl.node);
      const { start, end } = span(decl.node);
      ed.replace(start, end + (/^\r?\n/.exec(ed.source.slice(end))?.[0].length ?? 0), "");
    } else if (i < specifiers.length - 1) ed.replace(specifiers[i].start, specifiers[i + 1].start, "");
    else ed.replace(specifiers[i - 1].end, specifiers[i].end, "");
  });
}

/** Where a construct's own decisions come from when the caller knows more than the file (src/iac/cdk.ts). */
export interface CdkMigrationHooks {
  /** Constructs that keep their runtime (opted out, code not checked, not migratable): not edited. Default: marked llrt-migrate-ignore. */
  keep?: (c: CdkConstruct) => boolean;
  /** TypeScript source (new code may carry types). */
  typed?: boolean;
  /** The file name of a NodejsFunction's default entry, beside the stack. */
  defaultEntry?: (c: CdkConstruct) => string;
}

/** Migrates one CDK source file; `report` receives findings positioned in the original text. */
export function migrateCdkSource(
  j: JSCodeshift,
  root: Collection,
  source: string,
  options: MigrationOptions,
  report: (f: RuleFinding) => void,
  { keep = (c) => c.ignored, typed = true, defaultEntry = (c) => `${c.id}.ts` }: CdkMigrationHooks = {},
): string {
  const imports = readImports(j, root);
  const ed = new SourceEditor(j, root, source, imports, typed);
  const ctx: Context = { ed, options, report, layers: new Map(), defaultEntry };
  const renamed = new Set<unknown>();
  for (const c of findCdkConstructs(j, root, source)) {
    if (c.kind === "LlrtFunction" || !mayRunNode(c) || keep(c)) continue; // already migrated, not Node, or held
    const why = cannotMigrate(c);
    if (why) {
      report(why);
      continue;
    }
    if (c.kind === "NodejsFunction") {
      renamed.add(c.path.node.callee);
      migrateNodejsFunction(ctx, c);
    } else migrateFunction(ctx, c);
  }
  const names = new Set([...renamed].flatMap((callee) => ((callee as { type: string }).type === "Identifier" ? [(callee as { name: string }).name] : [])));
  for (const name of names) pruneImport(ed, name, renamed);
  writeLayerDeclarations(ctx);
  return ed.changed ? ed.apply() : source;
}

/** jscodeshift entry point: options are MigrationOptions fields (`--arch=arm64 --llrtLayerArn=...`). */
export default function transform(file: FileInfo, api: API, options: Options): string | undefined {
  if (!/aws-cdk-lib/.test(file.source)) return undefined;
  const j = api.jscodeshift;
  // Without a project to look in, a NodejsFunction's default entry is assumed in the stack's own language.
  const stack = file.path.replace(/^.*\//, "").replace(/\.[^.]+$/, "");
  const out = migrateCdkSource(j, verbatimTree(j, file.path, file.source), file.source, { ...defaultOptions, ...(options as Partial<MigrationOptions>) }, (f) =>
    api.report?.(reportLine(file.path, f)), { typed: isTypeScript(file.path), defaultEntry: (c) => `${stack}.${c.id}.${isTypeScript(file.path) ? "ts" : "js"}` });
  return out === file.source ? undefined : out;
}
