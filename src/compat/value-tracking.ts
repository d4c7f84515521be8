// Follows values, not only names: what class an expression evaluates to (a Buffer from `Buffer.from`,
// an EventEmitter or a subclass of it, a Hash from `createHash`, a fetch `Response`), through
// variables, `await`, method chains and TypeScript annotations. Each member used on such a value is
// checked against the release's surface table for that class, with inheritance (Buffer extends
// Uint8Array), and arguments are checked where LLRT narrows them (encodings, hash algorithms,
// net.createServer options). It works on the tree the engine already parsed, so it costs one walk.
import type { ASTNode, ASTPath, JSCodeshift } from "jscodeshift";
import { stringValue } from "../engine/ast-values";
import type { AnalyzedPaths, CompatProblem } from "./analyze-code";
import { builtinName, universalMembers } from "./builtins";
import { genericMemberFix, ignoredServerOptions, memberNotes, missingMemberFixes } from "./class-notes";
import { acceptsValue, classHas, llrtClassKey } from "./surface";
import type { LlrtSurface } from "./surface-types";

type AnyPath = ASTPath<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Scope = { lookup(name: string): (Scope & { getBindings(): Record<string, AnyPath[]> }) | null } | null | undefined;

/** What an expression evaluates to: an instance of a surface class, a constructor, a module function, or a promise of one. */
type Value =
  | { kind: "instance"; key: string; own: ReadonlySet<string> }
  | { kind: "class"; key: string; own: ReadonlySet<string> }
  | { kind: "function"; name: string } // `crypto.createHash`, `global.fetch`, `buffer.Buffer.from`
  | { kind: "promise"; of: Value };

const noOwn: ReadonlySet<string> = new Set();
const instance = (key: string, own = noOwn): Value => ({ kind: "instance", key, own });

/** What calling a Node function returns, by `<module>.<name>`; a function of the arguments when it depends on them. */
const returns: Readonly<Record<string, (args: ASTNode[]) => Value | undefined>> = {
  "crypto.createHash": () => instance("crypto.Hash"),
  "crypto.createHmac": () => instance("crypto.Hmac"),
  "crypto.randomBytes": (args) => (args.length === 1 ? instance("buffer.Buffer") : undefined),
  "fs.readFileSync": (args) => (args.length === 1 ? instance("buffer.Buffer") : undefined),
  "global.fetch": () => ({ kind: "promise", of: instance("global.Response") }),
  "buffer.Buffer.from": () => instance("buffer.Buffer"),
  "buffer.Buffer.alloc": () => instance("buffer.Buffer"),
  "buffer.Buffer.allocUnsafe": () => instance("buffer.Buffer"),
  "buffer.Buffer.allocUnsafeSlow": () => instance("buffer.Buffer"),
  "buffer.Buffer.concat": () => instance("buffer.Buffer"),
  "buffer.Buffer.of": () => instance("buffer.Buffer"),
  ...Object.fromEntries(["gzipSync", "gunzipSync", "deflateSync", "inflateSync", "deflateRawSync", "inflateRawSync", "brotliCompressSync", "brotliDecompressSync"]
    .map((name) => [`zlib.${name}`, () => instance("buffer.Buffer")])),
};

/** What a method returns on an instance, by class key and member. */
const methodReturns: Readonly<Record<string, Readonly<Record<string, (args: ASTNode[]) => Value | undefined>>>> = {
  "crypto.Hash": { update: () => instance("crypto.Hash"), digest: (args) => (args.length === 0 ? instance("buffer.Buffer") : undefined) },
  "crypto.Hmac": { update: () => instance("crypto.Hmac"), digest: (args) => (args.length === 0 ? instance("buffer.Buffer") : undefined) },
  "buffer.Buffer": { subarray: () => instance("buffer.Buffer"), slice: () => instance("buffer.Buffer") },
  "global.Response": { clone: () => instance("global.Response") },
};

/** Where an encoding argument sits: by function (`buffer.Buffer.from`) or method (`buffer.Buffer#toString`); -1 = the last argument. */
const encodingArgument: Readonly<Record<string, number>> = {
  "buffer.Buffer.from": 1, "buffer.Buffer.byteLength": 1, "buffer.Buffer.alloc": 2,
  "buffer.Buffer#toString": 0, "buffer.Buffer#write": -1, "crypto.Hash#digest": 0, "crypto.Hmac#digest": 0,
  "new util.TextDecoder": 0, "new string_decoder.StringDecoder": 0,
};

/** Global classes and functions, when the name is not bound locally. */
const globalValues: Readonly<Record<string, Value>> = {
  fetch: { kind: "function", name: "global.fetch" },
  Buffer: { kind: "class", key: "buffer.Buffer", own: noOwn },
  TextDecoder: { kind: "class", key: "util.TextDecoder", own: noOwn },
  ...Object.fromEntries(["Response", "Request", "Headers", "Blob", "AbortController"].map((n) => [n, { kind: "class", key: `global.${n}`, own: noOwn }])),
  ...Object.fromEntries(["URL", "URLSearchParams"].map((n) => [n, { kind: "class", key: `url.${n}`, own: noOwn }])),
  ReadableStream: { kind: "class", key: "stream/web.ReadableStream", own: noOwn },
};

/** The property name of `a.b` / `a["b"]`, or undefined for a computed expression. */
export function memberName(node: any): string | undefined {
  if (!node.computed && node.property?.type === "Identifier") return node.property.name;
  return node.computed ? stringValue(node.property) : undefined;
}

const shortName = (key: string) => key.slice(key.indexOf(".") + 1);

/** Whether a value is consumed as a stream: a member of it is used, it is iterated, or a stream helper takes it. */
function usedAsStream(path: AnyPath): boolean {
  const parent = path.parent?.node;
  if (!parent) return false;
  if ((parent.type === "MemberExpression" || parent.type === "OptionalMemberExpression") && parent.object === path.node) return true;
  if (parent.type === "ForOfStatement" && parent.right === path.node) return true;
  if (parent.type === "CallExpression" && parent.arguments.includes(path.node)) {
    const callee = parent.callee;
    const name = callee.type === "Identifier" ? callee.name : callee.type === "MemberExpression" && callee.property.type === "Identifier" ? callee.property.name : "";
    return ["fromWeb", "pipeline", "finished", "pipeTo", "pipeThrough"].includes(name);
  }
  return false;
}

/** Names a class body declares itself (methods, fields, `this.x = ...`): a subclass's own members are not LLRT's business. */
function ownMembers(j: JSCodeshift, classPath: AnyPath): Set<string> {
  const names = new Set<string>();
  for (const member of classPath.node.body?.body ?? []) {
    const key = member.key;
    if (key?.type === "Identifier") names.add(key.name);
    else if (key && stringValue(key) !== undefined) names.add(stringValue(key)!);
  }
  j(classPath).find(j.AssignmentExpression).forEach((p: AnyPath) => {
    const left = p.node.left;
    if ((left.type === "MemberExpression" || left.type === "OptionalMemberExpression") && left.object.type === "ThisExpression") {
      const name = memberName(left);
      if (name) names.add(name);
    }
  });
  return names;
}

export class ValueTracker {
  readonly problems: CompatProblem[] = [];
  /** Local names bound to a member of a built-in module (`import { EventEmitter } from "events"`), per declaring scope. */
  private readonly memberBindings = new Map<string, Array<{ scope: unknown; target: string }>>();

  constructor(
    private readonly j: JSCodeshift,
    /** The file's paths by node type (the analyzer's single walk). */
    private readonly paths: AnalyzedPaths,
    private readonly surface: LlrtSurface,
    /** The built-in module an expression is (the name-based analyzer's bindings). */
    private readonly moduleOf: (path: AnyPath) => string | undefined,
    private readonly runsAtLoad: (path: AnyPath) => boolean,
  ) {}

  run(): CompatProblem[] {
    this.collectMemberBindings();
    const visitMember = (path: AnyPath) => this.checkMember(path);
    this.paths.MemberExpression.forEach(visitMember);
    this.paths.OptionalMemberExpression.forEach(visitMember);
    this.paths.CallExpression.forEach((path: AnyPath) => this.checkCall(path));
    this.paths.NewExpression.forEach((path: AnyPath) => this.checkCall(path));
    return this.problems;
  }

  private collectMemberBindings(): void {
    const { j } = this;
    const bind = (name: string, scope: unknown, target: string) =>
      this.memberBindings.set(name, [...(this.memberBindings.get(name) ?? []), { scope, target }]);
    this.paths.ImportDeclaration.forEach((path: AnyPath) => {
      const module = builtinName(String(path.node.source.value));
      if (!module) return;
      for (const spec of path.node.specifiers ?? []) {
        if (spec.type === "ImportSpecifier") bind(spec.local.name, path.scope, `${module}.${spec.imported.name ?? spec.imported.value}`);
      }
    });
    this.paths.VariableDeclarator.forEach((path: AnyPath) => {
      const { id, init } = path.node;
      if (!init) return;
      const module = this.moduleOf(path.get("init"));
      if (module && id.type === "ObjectPattern") {
        for (const prop of id.properties) {
          if ((prop.type !== "ObjectProperty" && prop.type !== "Property") || prop.computed || prop.value?.type !== "Identifier") continue;
          const member = prop.key.type === "Identifier" ? prop.key.name : stringValue(prop.key);
          if (member) bind(prop.value.name, (path.scope as Scope)?.lookup(prop.value.name) ?? path.scope, `${module}.${member}`);
        }
      }
    });
  }

  /** The module member a local name is bound to, if the name at this path refers to that binding. */
  private boundMember(path: AnyPath, name: string): string | undefined {
    const scope = (path.scope as Scope)?.lookup(name) ?? null;
    return this.memberBindings.get(name)?.find((b) => b.scope === scope)?.target;
  }

  /** A module member `module.member` as a value: a class of the surface table, or a function. */
  private valueOfKey(key: string): Value {
    return this.surface.classes[key] ? { kind: "class", key, own: noOwn } : { kind: "function", name: key };
  }

  /** What the expression at `path` evaluates to, if this tracker knows. */
  valueOf(path: AnyPath, depth = 0): Value | undefined {
    if (depth > 8) return undefined;
    const node = path.node;
    switch (node.type) {
      case "AwaitExpression": {
        const inner = this.valueOf(path.get("argument"), depth + 1);
        return inner?.kind === "promise" ? inner.of : inner;
      }
      case "ParenthesizedExpression":
      case "TSAsExpression":
      case "TSNonNullExpression":
      case "TSSatisfiesExpression":
      case "TypeCastExpression":
        return this.valueOf(path.get("expression"), depth + 1);
      case "Identifier":
        return this.identifierValue(path, depth);
      case "MemberExpression":
      case "OptionalMemberExpression": {
        const member = memberName(node);
        if (member === undefined) return undefined;
        const module = this.moduleOf(path.get("object"));
        if (module) return this.valueOfKey(`${module}.${member}`);
        const owner = this.valueOf(path.get("object"), depth + 1);
        if (owner?.kind === "class") return returns[`${owner.key}.${member}`] ? { kind: "function", name: `${owner.key}.${member}` } : undefined;
        if (owner?.kind === "instance") return { kind: "function", name: `${owner.key}#${member}` };
        return undefined;
      }
      case "CallExpression":
      case "OptionalCallExpression": {
        const local = this.localFunctionResult(path, depth);
        if (local) return local;
        const callee = this.valueOf(path.get("callee"), depth + 1);
        if (callee?.kind !== "function") return undefined;
        const [cls, method] = callee.name.split("#");
        if (method !== undefined) return methodReturns[cls]?.[method]?.(node.arguments);
        return returns[callee.name]?.(node.arguments);
      }
      case "NewExpression": {
        const ctor = this.valueOf(path.get("callee"), depth + 1);
        return ctor?.kind === "class" ? instance(ctor.key, ctor.own) : undefined;
      }
      case "ClassExpression":
      case "ClassDeclaration":
        return this.classValue(path, depth);
      default:
        return undefined;
    }
  }

  /** `make()` where `make` is a local function whose result is known (`() => new EventEmitter()`, `function f() { return Buffer.from(x); }`). */
  private localFunctionResult(path: AnyPath, depth: number): Value | undefined {
    const callee = path.node.callee;
    if (callee.type !== "Identifier") return undefined;
    const binding = (path.scope as Scope)?.lookup(callee.name)?.getBindings()[callee.name]?.[0];
    const declaration = binding?.parent;
    if (!declaration) return undefined;
    const fn = declaration.node.type === "FunctionDeclaration" ? declaration : declaration.node.type === "VariableDeclarator" ? declaration.get("init") : undefined;
    const node = fn?.node;
    if (!node || !/^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/.test(node.type)) return undefined;
    if (node.body.type !== "BlockStatement") return this.valueOf(fn.get("body"), depth + 1);
    const statements: AnyPath[] = fn.get("body", "body").map((p: AnyPath) => p);
    const ret = statements.find((s) => s.node.type === "ReturnStatement" && s.node.argument);
    const value = ret ? this.valueOf(ret.get("argument"), depth + 1) : undefined;
    return value && node.async && value.kind !== "promise" ? { kind: "promise", of: value } : value;
  }

  private classValue(path: AnyPath, depth: number): Value | undefined {
    if (!path.node.superClass) return undefined;
    const base = this.valueOf(path.get("superClass"), depth + 1);
    if (base?.kind !== "class") return undefined;
    return { kind: "class", key: base.key, own: new Set([...base.own, ...ownMembers(this.j, path)]) };
  }

  private identifierValue(path: AnyPath, depth: number): Value | undefined {
    const name: string = path.node.name;
    const scope = (path.scope as Scope)?.lookup(name);
    if (!scope) return globalValues[name];
    const bound = this.boundMember(path, name);
    if (bound) return this.valueOfKey(bound);
    const module = this.moduleOf(path);
    if (module) return undefined;
    const binding = scope.getBindings()[name]?.[0];
    const declaration = binding?.parent;
    if (!declaration) return undefined;
    const decl = declaration.node;
    if (decl.type === "VariableDeclarator" && decl.id === binding.node && decl.init) return this.valueOf(declaration.get("init"), depth + 1);
    if ((decl.type === "ClassDeclaration" || decl.type === "ClassExpression") && decl.id === binding.node) return this.classValue(declaration, depth);
    // A TypeScript annotation: `(buf: Buffer)`, `const e: EventEmitter = make()`.
    const annotation = binding.node.typeAnnotation?.typeAnnotation;
    if (annotation?.type === "TSTypeReference" && annotation.typeName.type === "Identifier") {
      const typeName: string = annotation.typeName.name;
      const bound = this.boundMember(path, typeName);
      const key = bound ?? llrtClassKey(this.surface, `global.${typeName}`);
      return key && this.surface.classes[key] ? instance(key) : undefined;
    }
    return undefined;
  }

  private report(node: ASTNode, path: AnyPath, problem: Omit<CompatProblem, "node" | "atLoad">): void {
    this.problems.push({ node, atLoad: this.runsAtLoad(path), ...problem });
  }

  /** `buf.equals(...)`, `emitter.setMaxListeners(...)`, `response.body` on values of a known class. */
  private checkMember(path: AnyPath): void {
    const member = memberName(path.node);
    if (member === undefined || universalMembers.has(member)) return;
    const owner = this.valueOf(path.get("object"));
    if (owner?.kind !== "instance" || owner.own.has(member)) return;
    const key = owner.key;
    const className = shortName(key);
    const subject = `${className}#${member}`;
    const note = memberNotes[key]?.[member];
    if (note && (!note.releases || note.releases.includes(this.surface.release.version)) && (!note.onlyAsStream || usedAsStream(path))) {
      return this.report(path.node, path, { severity: note.severity, subject, detail: note.message, fix: note.fix });
    }
    if (!this.surface.classes[key] || classHas(this.surface, key, member)) return;
    this.report(path.node, path, {
      severity: "error", subject,
      detail: `not available on LLRT ${this.surface.release.version}'s ${className} (undefined; calling it throws)`,
      fix: missingMemberFixes[key]?.[member] ?? genericMemberFix(className, member),
    });
  }

  /** The string an argument evaluates to: a literal, or a `const` initialised with one. */
  private literal(path: AnyPath | undefined): string | undefined {
    if (!path?.node) return undefined;
    const direct = stringValue(path.node);
    if (direct !== undefined) return direct;
    if (path.node.type !== "Identifier") return undefined;
    const scope = (path.scope as Scope)?.lookup(path.node.name);
    const binding = scope?.getBindings()[path.node.name]?.[0];
    const decl = binding?.parent;
    const kind = decl?.parent?.node?.kind;
    return decl?.node.type === "VariableDeclarator" && kind === "const" && decl.node.init ? stringValue(decl.node.init) : undefined;
  }

  /** Arguments LLRT narrows: encodings, hash algorithms, net.createServer options. */
  private checkCall(path: AnyPath): void {
    const callee = this.valueOf(path.get("callee"));
    const isNew = path.node.type === "NewExpression";
    const name = callee?.kind === "function" ? callee.name : callee?.kind === "class" && isNew ? `new ${callee.key}` : undefined;
    if (!name) return;
    const args: AnyPath[] = path.get("arguments").map((p: AnyPath) => p);
    const shown = name.startsWith("new ") ? `new ${shortName(name.slice(4))}` : name.includes("#") ? `${shortName(name.split("#")[0])}#${name.split("#")[1]}` : name.replace(/^buffer\.Buffer\./, "Buffer.").replace(/^global\./, "");
    const position = encodingArgument[name];
    if (position !== undefined) {
      // -1: the encoding is the last of at least two arguments (`buf.write(text, "hex")`, never the text itself).
      const at = position === -1 ? (args.length >= 2 ? args.at(-1) : undefined) : args[position];
      const value = this.literal(at);
      if (value !== undefined && value !== "" && !acceptsValue(this.surface, "encodings", value)) {
        this.report(at!.node, path, {
          severity: "error", subject: `${shown}(…, '${value}')`,
          detail: `the encoding '${value}' is not supported by LLRT ${this.surface.release.version} (it throws "The "${value}" encoding is not supported")`,
          fix: `Use an encoding LLRT has: utf8, utf16le, latin1, ascii, hex or base64${value.toLowerCase() === "base64url" ? " (for base64url, convert base64: `b64.replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')`, and back before decoding)" : ""}.`,
        });
      }
    }
    if (name === "crypto.createHash" || name === "crypto.createHmac") {
      const value = this.literal(args[0]);
      if (value !== undefined && !acceptsValue(this.surface, "hashAlgorithms", value)) {
        this.report(args[0].node, path, {
          severity: "error", subject: `${name}('${value}')`,
          detail: `the algorithm '${value}' is not available in LLRT ${this.surface.release.version} (it throws "'${value}' not available")`,
          fix: `LLRT hashes with md5, sha1, sha256, sha384 and sha512 only; for another digest use a pure-JavaScript implementation${name === "crypto.createHash" ? " (or `crypto.subtle.digest` for SHA-1/256/384/512)" : ""}.`,
        });
      }
    }
    if (name === "net.createServer" && args[0]?.node.type === "ObjectExpression") {
      for (const prop of args[0].node.properties) {
        const key = prop.key?.type === "Identifier" && !prop.computed ? prop.key.name : prop.key ? stringValue(prop.key) : undefined;
        if (key && ignoredServerOptions.includes(key)) {
          this.report(prop, path, { severity: "warning", subject: `net.createServer({ ${key} })`, detail: `LLRT ignores the server option '${key}'`, fix: "Check that the server does not rely on it." });
        }
      }
    }
  }
}
