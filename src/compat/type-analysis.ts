// Type-aware LLRT compatibility: follows values, not only names. The TypeScript checker (with
// @types/node for Node's side) tells what an expression is (a Buffer from `Buffer.from`, an
// EventEmitter subclass instance, a `Hash` from `createHash`, a fetch `Response`), in JavaScript too;
// each member used on such a value is then checked against LLRT's surface table for that class, and
// arguments are checked where LLRT narrows the values it accepts (encodings, hash algorithms,
// net.createServer options). TypeScript is loaded lazily, and only for files that `mayNeedTypes`
// says could produce a finding, so most runs never pay for it.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type ts from "typescript";
import type { Severity } from "../engine/types";
import { builtinModules } from "./builtins";
import { genericMemberFix, ignoredServerOptions, memberNotes, missingMemberFixes } from "./class-notes";
import { acceptsValue, classHas, llrtClassKey } from "./surface";
import type { LlrtSurface } from "./surface-types";
import { classKeyOf, useTypeScript } from "./type-keys";

export interface TypeProblem {
  /** 1-based position in the analysed text. */
  line: number;
  column: number;
  severity: Severity;
  subject: string;
  detail: string;
  fix: string;
}

type TS = typeof ts;
let loaded: { ts: TS; typeRoot: string } | undefined;

/** TypeScript, imported on first use (it is large), and the @types folder installed beside it. */
async function typescript(): Promise<{ ts: TS; typeRoot: string }> {
  if (!loaded) {
    const imported = (await import("typescript")) as TS & { default?: TS };
    const api = imported.default ?? imported;
    useTypeScript(api);
    // node_modules/typescript/lib/typescript.js -> node_modules/@types (where @types/node is installed with it).
    const typeRoot = join(dirname(dirname(dirname(api.sys.getExecutingFilePath()))), "@types");
    if (!existsSync(join(typeRoot, "node", "package.json"))) throw new Error(`@types/node not found in ${typeRoot}`);
    loaded = { ts: api, typeRoot };
  }
  return loaded;
}

/** Library files (lib.*.d.ts, @types/node, undici-types) parsed once per process and shared by every program. */
const libraryFiles = new Map<string, ts.SourceFile>();

const isNodeTypings = (fileName: string) => /[\\/](@types[\\/]node|undici-types)[\\/]/.test(fileName);

// ---- Which files need types ------------------------------------------------------------------------

const triggerCache = new WeakMap<LlrtSurface, RegExp>();

/**
 * A cheap text test: can this file contain a finding only types reveal? It looks for a member name
 * that some Node class has and LLRT lacks (leaving out names LLRT has on any class, such as `on`,
 * which would send almost every file through the checker), a curated partial member, a call whose
 * arguments are checked, or an encoding LLRT does not know.
 */
export function mayNeedTypes(source: string, surface: LlrtSurface): boolean {
  let trigger = triggerCache.get(surface);
  if (!trigger) {
    const present = new Set(Object.values(surface.classes).flatMap((c) => [...c.members, ...c.statics]));
    const missing = new Set(Object.values(surface.classes).flatMap((c) => c.missing ?? []).filter((m) => !present.has(m) && /^\w+$/.test(m)));
    for (const m of Object.keys(builtinModules.process.missing ?? {})) if (!present.has(m)) missing.add(m);
    trigger = new RegExp(`\\.\\s*(?:${[...missing].join("|")})\\b|\\b(?:createHash|createHmac|createServer|TextDecoder|StringDecoder)\\b|["'\`](?:base64url|binary)["'\`]`);
    triggerCache.set(surface, trigger);
  }
  if (trigger.test(source)) return true;
  return /\.\s*body\b/.test(source) && /\b(?:fetch|Response|Request)\b/.test(source);
}

// ---- The program ---------------------------------------------------------------------------------------

function programFor(t: TS, typeRoot: string, fileName: string, source: string): ts.Program {
  const options: ts.CompilerOptions = {
    allowJs: true, checkJs: false, noEmit: true, skipLibCheck: true, noResolve: false,
    target: t.ScriptTarget.ES2022, module: t.ModuleKind.ESNext, moduleResolution: t.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts"], types: ["node"], typeRoots: [typeRoot],
  };
  const host = t.createCompilerHost(options, true);
  const readLibrary = host.getSourceFile.bind(host);
  const inProject = (name: string) => name === fileName;
  const onDisk = (name: string) => isNodeTypings(name) || name.startsWith(dirname(t.getDefaultLibFilePath(options)));
  host.getSourceFile = (name, languageVersion, onError) => {
    if (inProject(name)) return t.createSourceFile(name, source, languageVersion, true);
    if (!onDisk(name)) return undefined;
    let sf = libraryFiles.get(name);
    if (!sf) {
      sf = readLibrary(name, languageVersion, onError);
      if (sf) libraryFiles.set(name, sf);
    }
    return sf;
  };
  // Only the file itself and the type libraries exist: imports of packages and other files stay `any`.
  host.fileExists = (name) => inProject(name) || (onDisk(name) && t.sys.fileExists(name));
  host.readFile = (name) => (inProject(name) ? source : onDisk(name) ? t.sys.readFile(name) : undefined);
  host.directoryExists = (dir) => onDisk(`${dir}/`) || typeRoot.startsWith(dir);
  return t.createProgram([fileName], options, host);
}

// ---- The checks -------------------------------------------------------------------------------------------

const shortName = (key: string) => key.slice(key.indexOf(".") + 1);

class TypeChecks {
  readonly problems: TypeProblem[] = [];
  private readonly checker: ts.TypeChecker;

  constructor(
    private readonly t: TS,
    private readonly program: ts.Program,
    private readonly sf: ts.SourceFile,
    private readonly surface: LlrtSurface,
  ) {
    this.checker = program.getTypeChecker();
  }

  run(): TypeProblem[] {
    const visit = (node: ts.Node): void => {
      const { t } = this;
      if (t.isPropertyAccessExpression(node)) this.member(node.name, node.name.text, node.expression.getText(this.sf));
      else if (t.isElementAccessExpression(node) && t.isStringLiteralLike(node.argumentExpression)) this.member(node.argumentExpression, node.argumentExpression.text, node.expression.getText(this.sf));
      else if (t.isBindingElement(node) && t.isObjectBindingPattern(node.parent)) {
        const name = node.propertyName ?? node.name;
        if (t.isIdentifier(name)) this.member(name, name.text, "");
      }
      if (t.isCallExpression(node) || t.isNewExpression(node)) this.call(node);
      t.forEachChild(node, visit);
    };
    visit(this.sf);
    return this.problems;
  }

  private report(at: ts.Node, severity: Severity, subject: string, detail: string, fix: string): void {
    const { line, character } = this.sf.getLineAndCharacterOfPosition(at.getStart(this.sf));
    this.problems.push({ line: line + 1, column: character + 1, severity, subject, detail, fix });
  }

  /** The Node declaration a name resolves to, when it is one from @types/node (or undici's fetch types). */
  private nodeDeclaration(at: ts.Node): ts.Declaration | undefined {
    let symbol = this.checker.getSymbolAtLocation(at);
    if (!symbol && this.t.isBindingElement(at.parent)) {
      const pattern = at.parent.parent;
      const type = this.checker.getTypeAtLocation(pattern);
      symbol = type.getProperty((at as ts.Identifier).text);
    }
    const decl = symbol?.declarations?.[0];
    return decl && isNodeTypings(decl.getSourceFile().fileName) ? decl : undefined;
  }

  /** A member used on a value whose class TypeScript knows. */
  private member(at: ts.Node, member: string, receiver: string): void {
    const { t } = this;
    const decl = this.nodeDeclaration(at);
    if (!decl) return;
    const nodeKey = classKeyOf(decl);
    // Statics (`Buffer.of`) and module functions are the name-based analyzer's.
    if (!nodeKey || nodeKey.endsWith("Constructor") || (t.getCombinedModifierFlags(decl) & t.ModifierFlags.Static) !== 0) return;
    if (nodeKey === "global.Process") return this.processMember(at, member, receiver);
    const key = llrtClassKey(this.surface, nodeKey);
    if (!key) return;
    const className = shortName(key);
    const subject = `${className}#${member}`;
    const use = receiver ? ` (\`${receiver}.${member}\`)` : "";
    const note = memberNotes[key]?.[member];
    if (note && (!note.releases || note.releases.includes(this.surface.release.version))) {
      return this.report(at, note.severity, subject, `${note.message}${use}`, note.fix);
    }
    if (classHas(this.surface, key, member)) return;
    const fix = missingMemberFixes[key]?.[member] ?? genericMemberFix(className, member);
    this.report(at, "error", subject, `not available on LLRT ${this.surface.release.version}'s ${className}${use} (undefined; calling it throws)`, fix);
  }

  /** `process` reached through a value (`const p = process`, a parameter typed NodeJS.Process). */
  private processMember(at: ts.Node, member: string, receiver: string): void {
    const exports = this.surface.modules.process;
    if (!exports || exports.includes(member) || receiver === "process") return; // `process.x` itself: the name-based analyzer
    const fix = builtinModules.process.missing?.[member] ?? builtinModules.process.fix;
    this.report(at, "error", `process.${member}`, `not available in LLRT's process (undefined; calling it throws)${receiver ? ` (\`${receiver}.${member}\`)` : ""}`, fix);
  }

  /** The literal string an argument evaluates to (a literal, or a const whose type is one). */
  private literal(arg: ts.Expression | undefined): string | undefined {
    if (!arg) return undefined;
    if (this.t.isStringLiteralLike(arg)) return arg.text;
    const type = this.checker.getTypeAtLocation(arg);
    return type.isStringLiteral() ? type.value : undefined;
  }

  private call(node: ts.CallExpression | ts.NewExpression): void {
    const { t } = this;
    const signature = this.checker.getResolvedSignature(node);
    const found = signature?.declaration;
    if (!found || t.isJSDocSignature(found) || !isNodeTypings(found.getSourceFile().fileName)) return;
    const decl: ts.SignatureDeclaration = found;
    const name = decl.name !== undefined && t.isIdentifier(decl.name) ? decl.name.text : "";
    const classKey = classKeyOf(decl);
    const module = moduleOf(t, decl);
    // What the message names: `Buffer#toString`, `Buffer.from`, `new TextDecoder`, `crypto.createHash`.
    const owner = classKey ? shortName(classKey).replace(/Constructor$/, "") : module;
    const callee = t.isNewExpression(node) ? `new ${node.expression.getText(this.sf)}` : classKey && !classKey.endsWith("Constructor") ? `${owner}#${name}` : owner && name ? `${owner}.${name}` : node.expression.getText(this.sf);
    decl.parameters.forEach((param, i) => {
      const paramName = t.isIdentifier(param.name) ? param.name.text : "";
      const arg = node.arguments?.[i];
      if (paramName === "encoding") {
        const value = this.literal(arg);
        if (value !== undefined && value !== "" && !acceptsValue(this.surface, "encodings", value)) {
          this.report(arg!, "error", `${callee}(…, '${value}')`, `the encoding '${value}' is not supported by LLRT ${this.surface.release.version} (it throws "The \\"${value}\\" encoding is not supported")`,
            `Use an encoding LLRT has: utf8, utf16le, latin1, ascii, hex or base64${value.toLowerCase() === "base64url" ? " (for base64url, convert: `b64.replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')` and back)" : ""}.`);
        }
      }
      if (paramName === "algorithm" && module === "crypto" && !classKey && (name === "createHash" || name === "createHmac")) {
        const value = this.literal(arg);
        if (value !== undefined && !acceptsValue(this.surface, "hashAlgorithms", value)) {
          this.report(arg!, "error", `crypto.${name}('${value}')`, `the algorithm '${value}' is not available in LLRT ${this.surface.release.version} (it throws "'${value}' not available")`,
            `LLRT hashes with md5, sha1, sha256, sha384 and sha512 only; for another digest use a pure-JavaScript implementation${name === "createHash" ? " (or `crypto.subtle.digest` for SHA-1/256/384/512)" : ""}.`);
        }
      }
    });
    if (module === "net" && !classKey && name === "createServer" && node.arguments?.[0] && t.isObjectLiteralExpression(node.arguments[0])) {
      for (const prop of node.arguments[0].properties) {
        const key = prop.name && (t.isIdentifier(prop.name) || t.isStringLiteral(prop.name)) ? prop.name.text : undefined;
        if (key && ignoredServerOptions.includes(key)) {
          this.report(prop, "warning", `net.createServer({ ${key} })`, `LLRT ignores the server option '${key}'`, "Check that the server does not rely on it.");
        }
      }
    }
  }
}

/** The module a function declaration belongs to (`declare module "crypto" { function createHash }`). */
function moduleOf(t: TS, decl: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = decl.parent; n; n = n.parent) {
    if (t.isModuleDeclaration(n) && t.isStringLiteral(n.name)) return n.name.text.replace(/^node:/, "");
  }
  return undefined;
}

/** Findings that only types reveal, for one file's text. */
export async function typeAwareProblems(file: string, source: string, surface: LlrtSurface): Promise<TypeProblem[]> {
  const { ts: t, typeRoot } = await typescript();
  const fileName = `/__llrt_migrate__/${file.replace(/^\/+/, "")}`;
  const program = programFor(t, typeRoot, fileName, source);
  const sf = program.getSourceFile(fileName);
  return sf ? new TypeChecks(t, program, sf, surface).run() : [];
}
