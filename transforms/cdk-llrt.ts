// AWS CDK (TypeScript) stacks: Node.js Lambda constructs move to LLRT.
// - `NodejsFunction` becomes `LlrtFunction` from cdk-lambda-llrt: NodejsFunction accepts only Node
//   runtimes, and LlrtFunction is the construct that bundles for LLRT and adds the bootstrap
//   (runtime removed, architecture set, the shared LLRT layer with --llrt-delivery layer).
// - `lambda.Function` on a Node runtime gets `Runtime.PROVIDED_AL2023`, the architecture and an LLRT
//   layer (an existing ARN, or a LayerVersion from the release zip: never a made-up ARN).
// The tree is only read: changes are text edits at node offsets, so the rest of the file (comments,
// blank lines, trailing commas) stays byte for byte, which a reprint of the edited objects does not.
// Standalone: npx jscodeshift -t transforms/cdk-llrt.ts lib/stack.ts --arch=arm64 --llrtLayerArn=...
import type { API, ASTPath, Collection, FileInfo, JSCodeshift, NewExpression, ObjectExpression, ObjectProperty, Options } from "jscodeshift";
import { isTypeScript, parserFor, positionOf, reportLine } from "../src/engine/code-rule";
import { TextEdits } from "../src/engine/text-edits";
import { markedBetween } from "../src/iac/opt-out";
import type { MigrationOptions, RuleFinding } from "../src/engine/types";
import { defaultOptions } from "../src/engine/types";
import { llrtAsset } from "../src/iac/llrt-deployment";

const ruleName = "cdk-llrt";
const lambdaModule = "aws-cdk-lib/aws-lambda";
const nodejsModule = "aws-cdk-lib/aws-lambda-nodejs";
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
}

interface Span {
  start: number;
  end: number;
}
const span = (node: unknown) => node as Span;

/** Which local names mean which aws-cdk-lib module: `lambda` in `import * as lambda from ...`. */
interface CdkImports {
  namespaces: Map<string, string>;
  named: Map<string, { module: string; imported: string }>;
}

function readImports(j: JSCodeshift, root: Collection): CdkImports {
  const imports: CdkImports = { namespaces: new Map(), named: new Map() };
  root.find(j.ImportDeclaration).forEach(({ node }) => {
    const source = String(node.source.value);
    for (const spec of node.specifiers ?? []) {
      const local = spec.local?.name as string | undefined;
      if (!local) continue;
      if (spec.type === "ImportNamespaceSpecifier") imports.namespaces.set(local, source);
      else if (spec.type === "ImportSpecifier") {
        const imported = String(spec.imported.name);
        // `import { aws_lambda as lambda } from "aws-cdk-lib"` is a namespace in disguise.
        if (source === "aws-cdk-lib" && imported === "aws_lambda") imports.namespaces.set(local, lambdaModule);
        else if (source === "aws-cdk-lib" && imported === "aws_lambda_nodejs") imports.namespaces.set(local, nodejsModule);
        else imports.named.set(local, { module: source, imported });
      }
    }
  });
  return imports;
}

function constructKind(callee: unknown, imports: CdkImports): CdkConstructKind | undefined {
  const c = callee as { type: string; name?: string; object?: { type: string; name?: string }; property?: { type: string; name?: string } };
  let module: string | undefined;
  let name: string | undefined;
  if (c.type === "Identifier") ({ module, imported: name } = imports.named.get(c.name!) ?? {});
  else if (c.type === "MemberExpression" && c.object?.type === "Identifier" && c.property?.type === "Identifier") {
    module = imports.namespaces.get(c.object.name!);
    name = c.property.name;
  }
  if (module === nodejsModule && name === "NodejsFunction") return "NodejsFunction";
  if (module === llrtConstructModule && name === "LlrtFunction") return "LlrtFunction";
  if (module === lambdaModule && name === "Function") return "Function";
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
    const kind = constructKind(path.node.callee, imports);
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
    });
  });
  return found;
}

/** `code: lambda.Code.fromInline(...)`: CloudFormation takes inline code (ZipFile) only with Node.js or Python runtimes. */
export function hasInlineCode(c: CdkConstruct): boolean {
  const code = getProp(c.props, "code")?.value as { type: string; callee?: { type: string; property?: { name?: string } } } | undefined;
  return c.kind === "Function" && code?.type === "CallExpression" && code.callee?.type === "MemberExpression" && code.callee.property?.name === "fromInline";
}

export function inlineCodeFinding(c: CdkConstruct): RuleFinding {
  return {
    rule: ruleName, severity: "warning", ...positionOf(c.path.node),
    message: `${c.id} has inline code (Code.fromInline), which CloudFormation only accepts with a Node.js or Python runtime; it stays on ${c.runtime}.`,
    fix: "Move the code into a directory (Code.fromAsset) or a NodejsFunction entry to run it on LLRT.",
  };
}

/** The edits of one file: text changes at node offsets, with imports and object keys batched. */
class SourceEditor {
  readonly edits = new TextEdits();
  private readonly newImports = new Map<string, string[]>();
  private readonly newProps = new Map<ObjectExpression, string[]>();
  /** Import declarations removed whole: new imports must not be anchored to them. */
  readonly removedImports = new Set<unknown>();
  readonly quote: string;

  constructor(
    readonly j: JSCodeshift,
    readonly root: Collection,
    readonly source: string,
    readonly imports: CdkImports,
    /** TypeScript source (type annotations allowed). */
    readonly typed: boolean,
  ) {
    this.quote = (source.match(/'/g) ?? []).length > (source.match(/"/g) ?? []).length ? "'" : '"';
  }

  get changed(): boolean {
    return this.edits.size > 0 || this.newProps.size > 0 || this.newImports.size > 0;
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

  /** `lambda.Architecture` through a namespace import, or the named export `Architecture`. */
  lambda(name: string, type = false): string {
    const ns = [...this.imports.namespaces].find(([, module]) => module === lambdaModule)?.[0];
    return ns ? `${ns}.${name}` : this.named(lambdaModule, name, type);
  }

  /** Sets `key: value` in an object literal: replaces an existing value or adds the key at the end. */
  setProp(props: ObjectExpression, key: string, value: string): void {
    const existing = getProp(props, key);
    if (existing) this.edits.replace(span(existing.value).start, span(existing.value).end, value);
    else this.newProps.set(props, [...(this.newProps.get(props) ?? []), `${key}: ${value}`]);
  }

  /** Removes a property with its line when it sits on lines of its own. */
  removeProp(props: ObjectExpression, prop: ObjectProperty): void {
    const { start, end } = this.withComments(prop);
    const lineStart = this.source.lastIndexOf("\n", start - 1) + 1;
    const rest = /^[ \t]*,?[ \t]*(\/\/[^\n]*)?\n/.exec(this.source.slice(end));
    if (/^[ \t]*$/.test(this.source.slice(lineStart, start)) && rest) this.edits.replace(lineStart, end + rest[0].length, "");
    else {
      const i = props.properties.indexOf(prop);
      const next = props.properties[i + 1];
      if (next) this.edits.replace(start, this.withComments(next).start, "");
      else this.edits.replace(i > 0 ? span(props.properties[i - 1]).end : start, end, "");
    }
  }

  /** A node's range widened to its own comments (leading, and trailing on the same line). */
  withComments(node: unknown): Span {
    const comments = ((node as { comments?: Array<Span & { leading?: boolean }> }).comments ?? []).filter((c) => c.leading);
    return { start: Math.min(span(node).start, ...comments.map((c) => c.start)), end: span(node).end };
  }

  apply(): string {
    for (const [props, added] of this.newProps) this.insertProps(props, added);
    for (const [module, names] of this.newImports) this.insertImport(module, names);
    return this.edits.apply(this.source);
  }

  private insertProps(props: ObjectExpression, added: string[]): void {
    const last = props.properties[props.properties.length - 1];
    const { start, end } = span(props);
    if (!last) {
      this.edits.insert(start + 1, ` ${added.join(", ")} `);
      return;
    }
    const lastEnd = span(last).end;
    const multiline = this.source.slice(start, end).includes("\n");
    if (!multiline) {
      this.edits.insert(lastEnd, `, ${added.join(", ")}`);
      return;
    }
    const lineStart = this.source.lastIndexOf("\n", span(last).start - 1) + 1;
    const indent = /^[ \t]*/.exec(this.source.slice(lineStart))![0];
    const comma = /^[ \t]*,/.test(this.source.slice(lastEnd));
    const lineEnd = this.source.indexOf("\n", lastEnd);
    // After the last key's line (and its comment), keeping the file's trailing-comma habit.
    if (!comma) this.edits.insert(lastEnd, ",");
    this.edits.insert(lineEnd, added.map((p, i) => `\n${indent}${p}${comma || i < added.length - 1 ? "," : ""}`).join(""));
  }

  private insertImport(module: string, names: string[]): void {
    const { j } = this;
    const existing = this.root.find(j.ImportDeclaration, { source: { value: module } })
      .filter((p) => (p.node.importKind ?? "value") === "value" && (p.node.specifiers ?? []).length > 0 && p.node.specifiers!.every((s) => s.type === "ImportSpecifier"));
    if (existing.size() > 0) {
      const specifiers = existing.get().node.specifiers as Span[];
      this.edits.insert(specifiers[specifiers.length - 1].end, names.map((n) => `, ${n}`).join(""));
      return;
    }
    const statement = `import { ${names.join(", ")} } from ${this.str(module)};`;
    const all = this.root.find(j.ImportDeclaration).nodes();
    const kept = all.filter((node) => !this.removedImports.has(node));
    if (kept.length > 0) this.edits.insert(span(kept[kept.length - 1]).end, `\n${statement}`);
    else this.edits.insert(all.length > 0 ? span(all[0]).start : 0, `${statement}\n`);
  }
}

/** `.ts`, `.tsx`, `.mts`, `.cts`: new code may carry type annotations. */
const archName = (arch: string) => (arch === "arm64" ? "ARM_64" : "X86_64");
const isNodeRuntime = (runtime: string | undefined) => !!runtime && /\bNODEJS_\w+$/.test(runtime);

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
}

function migrateNodejsFunction({ ed, options, report }: Context, c: CdkConstruct): void {
  const props = c.props!;
  ed.edits.replace(span(c.path.node.callee).start, span(c.path.node.callee).end, ed.named(llrtConstructModule, "LlrtFunction"));
  const runtime = getProp(props, "runtime");
  if (runtime) ed.removeProp(props, runtime);
  ed.setProp(props, "architecture", `${ed.lambda("Architecture")}.${archName(options.arch)}`);
  if (options.llrtDelivery === "layer" && !getProp(props, "useLambdaLayer")) ed.setProp(props, "useLambdaLayer", "true");
  if (options.variant !== "std") {
    ed.setProp(props, "llrtBinaryType", `${ed.named(llrtConstructModule, "LlrtBinaryType")}.${options.variant === "full-sdk" ? "FULL_SDK" : "NO_SDK"}`);
  }
  if (options.memory !== undefined) ed.setProp(props, "memorySize", String(options.memory));
  report({
    rule: ruleName, severity: "info", ...positionOf(c.path.node),
    message: `${c.id}: NodejsFunction -> LlrtFunction (cdk-lambda-llrt)${c.runtime ? `, runtime ${c.runtime} removed` : ""}, architecture ${options.arch}${options.llrtDelivery === "layer" ? ", LLRT from its shared layer" : ", LLRT bootstrap bundled into the asset"}.`,
    fix: "LlrtFunction bundles to ESM with the AWS SDK left to LLRT, and downloads the LLRT release at synth time (network needed; cached in .tmp/).",
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
  if (value.type === "MemberExpression") ed.edits.replace(span(value.property).start, span(value.property).end, "PROVIDED_AL2023");
  else {
    // `runtime: NODE` (a const read through): the construct gets the runtime itself; the const stays for its other users.
    const target = runtime.shorthand ? runtime : value;
    ed.edits.replace(span(target).start, span(target).end, `${runtime.shorthand ? "runtime: " : ""}${ed.lambda("Runtime")}.PROVIDED_AL2023`);
  }
  ed.setProp(props, "architecture", `${ed.lambda("Architecture")}.${archName(options.arch)}`);
  if (options.memory !== undefined) ed.setProp(props, "memorySize", String(options.memory));
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
  const layerValue = inClassBody ? layerReuseOrCreation(ctx, scope, `${lineIndent(ed.source, span(c.path.node).start)}    `) : layerVariable;
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
  const props = c.props!;
  const layers = getProp(props, "layers");
  if (!layers) ed.setProp(props, "layers", `[${layerValue}]`);
  else if (layers.value.type === "ArrayExpression") {
    const elements = layers.value.elements;
    if (elements.some((e) => e?.type === "Identifier" && e.name === layerVariable)) return;
    const last = elements[elements.length - 1];
    if (last) ed.edits.insert(span(last).end, `, ${layerValue}`);
    else ed.edits.replace(span(layers.value).start, span(layers.value).end, `[${layerValue}]`);
  } else {
    const v = span(layers.value);
    ed.edits.replace(v.start, v.end, `[...${ed.source.slice(v.start, v.end)}, ${layerValue}]`);
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
    const value = once && inConstructor ? ` ${layerCreation(ctx, scope, indent)}` : `\n${indent}  ${layerReuseOrCreation(ctx, scope, `${indent}  `)}`;
    ed.edits.insert(at, `${indent}const ${layerVariable} =${value};\n\n`);
  }
}

/** `new LayerVersion(scope, "LlrtLayer", {...})`, or the given ARN's layer, indented for its place. */
function layerCreation({ ed, options }: Context, scope: string, indent: string): string {
  const id = ed.str("LlrtLayer");
  if (options.llrtLayerArn) return `${ed.lambda("LayerVersion")}.fromLayerVersionArn(${scope}, ${id}, ${ed.str(options.llrtLayerArn)})`;
  return (
    `new ${ed.lambda("LayerVersion")}(${scope}, ${id}, {\n` +
    `${indent}  code: ${ed.lambda("Code")}.fromAsset(${ed.str(llrtAsset(options.arch, options.variant))}),\n` +
    `${indent}  compatibleRuntimes: [${ed.lambda("Runtime")}.PROVIDED_AL2023],\n` +
    `${indent}  compatibleArchitectures: [${ed.lambda("Architecture")}.${archName(options.arch)}],\n${indent}})`
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
      ed.edits.replace(start, ed.source[end] === "\n" ? end + 1 : end, "");
    } else if (i < specifiers.length - 1) ed.edits.replace(specifiers[i].start, specifiers[i + 1].start, "");
    else ed.edits.replace(specifiers[i - 1].end, specifiers[i].end, "");
  });
}

/**
 * Migrates one CDK source file; `report` receives findings positioned in the original text.
 * `skipped` says which constructs the user opted out (by default: a `llrt-migrate-ignore` comment).
 */
export function migrateCdkSource(
  j: JSCodeshift,
  root: Collection,
  source: string,
  options: MigrationOptions,
  report: (f: RuleFinding) => void,
  { skipped = (c) => c.ignored, typed = true }: { skipped?: (c: CdkConstruct) => boolean; typed?: boolean } = {},
): string {
  const imports = readImports(j, root);
  const ed = new SourceEditor(j, root, source, imports, typed);
  const ctx: Context = { ed, options, report, layers: new Map() };
  const renamed = new Set<unknown>();
  for (const c of findCdkConstructs(j, root, source)) {
    if (c.kind === "LlrtFunction" || skipped(c)) continue; // already migrated, or opted out
    if (c.kind === "Function" && !isNodeRuntime(c.runtime)) continue; // Python, Java, already provided...
    if (hasInlineCode(c)) {
      report(inlineCodeFinding(c));
      continue;
    }
    if (!c.props) {
      report({
        rule: ruleName, severity: "warning", ...positionOf(c.path.node),
        message: `${c.id}: its props are not an object literal, so llrt-migrate cannot edit them.`,
        fix: c.kind === "Function" ? "Set runtime Runtime.PROVIDED_AL2023, the architecture and an LLRT layer by hand." : "Replace NodejsFunction with LlrtFunction from cdk-lambda-llrt by hand.",
      });
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
  const j = api.jscodeshift.withParser(parserFor(file.path));
  const out = migrateCdkSource(j, j(file.source), file.source, { ...defaultOptions, ...(options as Partial<MigrationOptions>) }, (f) =>
    api.report?.(reportLine(file.path, f)), { typed: isTypeScript(file.path) });
  return out === file.source ? undefined : out;
}
