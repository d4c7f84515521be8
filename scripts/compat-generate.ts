// Generates the LLRT surface table of one release from an LLRT checkout:
//   npm run compat:generate -- <path to an LLRT checkout at a tag> [--out src/compat/releases/<version>.json] [--source <text>]
// It reads LLRT's types/*.d.ts (classes, members, inheritance) with the TypeScript compiler, checks
// every declared module export and member against the Rust module sources (what LLRT really
// defines: `declare(...)` lists, `.set("x", ...)`, `#[qjs(rename = ...)]`, methods of
// `#[rquickjs::methods]` impls), follows the sources where they disagree and records each
// disagreement, and compares each class with the same class in @types/node to list what Node has
// and LLRT lacks. Curated messages and fixes stay hand-written in src/compat/.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import type { LlrtSurface, SurfaceClass } from "../src/compat/surface-types";
import { classKeyOf, useTypeScript } from "./compat-type-keys";

useTypeScript(ts);

const require = createRequire(import.meta.url);

function usage(message: string): never {
  if (!process.argv[1]?.includes("compat-generate")) throw new Error(message);
  console.error(`compat:generate: ${message}`);
  console.error("usage: npm run compat:generate -- <llrt checkout> [--version vX.Y.Z] [--unreleased] [--out <file.json>] [--source <description>]");
  process.exit(2);
}

function walk(dir: string, ext: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, ext, out);
    else if (entry.endsWith(ext)) out.push(path);
  }
  return out;
}

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

// ---- Rust sources -------------------------------------------------------------------------------

interface RustFacts {
  /** Module name -> names its `declare()` lists literally. */
  declared: Map<string, Set<string>>;
  /** Modules whose `declare()` also declares computed names, with the helper function that computes them. */
  computedDeclares: Map<string, string>;
  /** Module name -> the crate directory that defines it. */
  crateOf: Map<string, string>;
  /** Crate directory -> every JS-visible name it defines (approximate: a superset is safe). */
  names: Map<string, Set<string>>;
  /**
   * Names a crate builds at run time, `prototype.set(["read", name].concat(), ...)`: the prefix joined
   * with every capitalised string literal of that file (a superset: what LLRT may define).
   */
  computedNames: Map<string, Map<string, Set<string>>>;
  /** `<crate>::<JS class name>` -> members and statics of its `#[rquickjs::methods]` impl blocks. */
  classMethods: Map<string, { members: Set<string>; statics: Set<string> }>;
  /** Global name -> the members set on it in the same file (`globals.set("Intl", intl)` + `intl.set("x", ...)`). */
  globals: Map<string, Set<string>>;
}

/** Globals a source file defines: `globals.set("X", v)` (members: `v.set("m", ...)`), `Class::<X>::define(&globals)`. */
function readGlobals(text: string, into: RustFacts["globals"]): void {
  const add = (name: string) => into.get(name) ?? into.set(name, new Set()).get(name)!;
  for (const m of text.matchAll(/globals(?:\(\))?\.set\(\s*(?:"(\w+)"|stringify!\((\w+)\))\s*,\s*(\w+)/g)) {
    const members = add(m[1] ?? m[2]);
    for (const s of text.matchAll(new RegExp(`\\b${m[3]}\\.set\\(\\s*(?:"(\\w+)"|stringify!\\((\\w+)\\))`, "g"))) members.add(s[1] ?? s[2]);
  }
  for (const m of text.matchAll(/Class::<(\w+)(?:<[^>]*>)?>::define\(\s*&?(?:globals|ctx\.globals\(\))/g)) add(m[1]);
}

/** The text of the `{ ... }` block that starts at `open` (an index of `{`). */
function blockAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Members of `#[methods] impl X { ... }` blocks: fn names camelCased, `rename`, `static`, `skip`/`constructor` left out. */
function readMethods(text: string, crate: string, into: RustFacts["classMethods"]): void {
  const jsNames = new Map<string, string>();
  for (const m of text.matchAll(/#\[(?:rquickjs::)?class\(\s*rename\s*=\s*"(\w+)"[^\]]*\]\s*(?:#\[[^\]]*\]\s*)*pub\s+struct\s+(\w+)/g)) jsNames.set(m[2], m[1]);
  for (const m of text.matchAll(/#\[(?:rquickjs::)?methods[^\]]*\]\s*impl(?:<[^>]*>)?\s+(\w+)(?:<[^>]*>)?\s*\{/g)) {
    const className = `${crate}::${jsNames.get(m[1]) ?? m[1]}`;
    const entry = into.get(className) ?? { members: new Set<string>(), statics: new Set<string>() };
    into.set(className, entry);
    const body = blockAt(text, m.index! + m[0].length - 1);
    for (const fn of body.matchAll(/((?:#\[[^\]]*\]\s*)*)(?:pub(?:\([^)]*\))?\s+)?(?:async\s+)?fn\s+(\w+)/g)) {
      const attrs = fn[1];
      if (/\b(skip|constructor)\b/.test(attrs)) continue;
      const renamed = /rename\s*=\s*"([^"]+)"/.exec(attrs)?.[1] ?? /rename\s*=\s*PredefinedAtom::(\w+)/.exec(attrs)?.[1]?.replace(/^./, (c) => c.toLowerCase());
      if (/PredefinedAtom::Symbol/.test(attrs)) continue;
      (/\bstatic\b/.test(attrs) ? entry.statics : entry.members).add(renamed ?? camel(fn[2]));
    }
  }
}

function crateDir(root: string, file: string): string {
  const rel = relative(root, file).split(/[\\/]/);
  return rel[0] === "modules" ? join(root, rel[0], rel[1]) : join(root, rel[0]);
}

function readRust(root: string): RustFacts {
  const files = [...walk(join(root, "modules"), ".rs"), ...walk(join(root, "llrt_modules", "src"), ".rs")];
  const facts: RustFacts = { declared: new Map(), computedDeclares: new Map(), crateOf: new Map(), names: new Map(), computedNames: new Map(), classMethods: new Map(), globals: new Map() };
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const crate = crateDir(root, file);
    readMethods(text, crate, facts.classMethods);
    readGlobals(text, facts.globals);
    const names = facts.names.get(crate) ?? new Set<string>();
    facts.names.set(crate, names);
    for (const m of text.matchAll(/\.(?:set|declare|export|prop)\(\s*"([^"]+)"/g)) names.add(m[1]);
    for (const m of text.matchAll(/stringify!\((\w+)\)/g)) names.add(m[1]);
    for (const m of text.matchAll(/PredefinedAtom::(\w+)/g)) names.add(m[1][0].toLowerCase() + m[1].slice(1));
    for (const m of text.matchAll(/\.set\(\s*\[\s*"(\w+)"\s*,\s*\w+\s*\]\.concat\(\)/g)) {
      const byPrefix = facts.computedNames.get(crate) ?? new Map<string, Set<string>>();
      facts.computedNames.set(crate, byPrefix);
      const built = byPrefix.get(m[1]) ?? new Set<string>();
      byPrefix.set(m[1], built);
      for (const literal of text.matchAll(/"([A-Z]\w*)"/g)) {
        built.add(`${m[1]}${literal[1]}`);
        names.add(`${m[1]}${literal[1]}`);
      }
    }
    for (const m of text.matchAll(/rename\s*=\s*"([^"]+)"/g)) names.add(m[1]);
    for (const m of text.matchAll(/"([A-Za-z_$][\w$]*)"/g)) names.add(`"${m[1]}`); // raw literals, marked with a quote
    if (/#\[(?:rquickjs::)?methods\b/.test(text)) for (const m of text.matchAll(/\bfn\s+([a-z_][a-z0-9_]*)/g)) names.add(camel(m[1]));
    // `impl From<X> for ModuleInfo<X> { ... name: "fs/promises" }` and `impl ModuleDef for X { fn declare ... }`.
    const moduleNames = new Map<string, string>();
    for (const m of text.matchAll(/impl\s+From<(\w+)>\s+for\s+ModuleInfo<\w+>\s*\{[\s\S]*?name:\s*"([^"]+)"/g)) moduleNames.set(m[1], m[2]);
    for (const m of text.matchAll(/impl\s+ModuleDef\s+for\s+(\w+)\s*\{\s*fn\s+declare\([^)]*\)[^{]*\{([\s\S]*?)\n\s*fn\s+evaluate/g)) {
      const name = moduleNames.get(m[1]);
      if (!name) continue;
      const set = new Set<string>();
      for (const d of m[2].matchAll(/declare\.declare\(([^)]*\)?)\)/g)) {
        const arg = d[1].trim();
        const literal = /^"([^"]+)"$/.exec(arg)?.[1] ?? /^stringify!\((\w+)\)$/.exec(arg)?.[1];
        if (literal) set.add(literal);
        else facts.computedDeclares.set(name, /(\w+)\(\)$/.exec(arg)?.[1] ?? "");
      }
      facts.declared.set(name, set);
      facts.crateOf.set(name, crate);
    }
  }
  return facts;
}

/** The string literals a Rust `fn <name>` of the crate returns (its match arms). */
function helperLiterals(crate: string, fn: string): string[] {
  for (const file of walk(crate, ".rs")) {
    const body = new RegExp(`fn\\s+${fn}\\b[^{]*\\{([\\s\\S]*?)\\n    \\}`).exec(readFileSync(file, "utf8"))?.[1];
    if (body) return [...body.matchAll(/=>\s*"([^"]+)"/g)].map((m) => m[1]);
  }
  return [];
}

/** Names in a `match` of string arms that a Rust `TryFrom<&str>`/phf map accepts, lower-cased. */
function hashAlgorithms(root: string): string[] {
  const file = walk(join(root, "modules"), ".rs").find((f) => f.endsWith(join("llrt_crypto", "src", "hash.rs")));
  if (!file) return [];
  const text = readFileSync(file, "utf8");
  const block = /impl\s+TryFrom<&str>\s+for\s+HashAlgorithm[\s\S]*?match[\s\S]*?\{([\s\S]*?)_\s*=>/.exec(text)?.[1] ?? "";
  return [...new Set([...block.matchAll(/"([^"]+)"\s*=>/g)].map((m) => m[1].toLowerCase()))].sort();
}

function encodings(root: string): string[] {
  for (const file of walk(join(root, "libs"), ".rs")) {
    const text = readFileSync(file, "utf8");
    const map = /ENCODING_MAP[^=]*=\s*phf::phf_map!\s*\{([\s\S]*?)\};/.exec(text)?.[1];
    if (map) return [...map.matchAll(/"([^"]+)"\s*=>/g)].map((m) => m[1]).sort();
  }
  return [];
}

/** Modules LLRT bundles from JavaScript (build.mjs ENTRYPOINTS: `stream` is readable-stream). */
function javascriptModules(root: string): string[] {
  try {
    const text = readFileSync(join(root, "build.mjs"), "utf8");
    const list = /const\s+ENTRYPOINTS\s*=\s*\[([\s\S]*?)\]/.exec(text)?.[1] ?? "";
    return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]).filter((n) => !n.includes("/") || n.startsWith("stream"));
  } catch {
    return [];
  }
}

// ---- Type declarations ----------------------------------------------------------------------------

interface Declared {
  /** Module -> exported names. */
  modules: Map<string, Set<string>>;
  /** Class key -> members, statics and the base class key. */
  classes: Map<string, SurfaceClass & { file: string; flattened: string[] }>;
}

const isMemberName = (name: string) => !name.startsWith("__@") && !name.startsWith("#") && name !== "prototype";

function programOver(rootFiles: string[], types: string[]): ts.Program {
  const options: ts.CompilerOptions = {
    noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2023.d.ts"], types,
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  return ts.createProgram(rootFiles, options);
}

/** Instance and static sides of a class-like symbol (a class, an interface + var pair, a var with a construct signature). */
function sidesOf(checker: ts.TypeChecker, symbol: ts.Symbol): { instance?: ts.Type; statics?: ts.Type } {
  const value = symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Variable) ? checker.getTypeOfSymbol(symbol) : undefined;
  let instance: ts.Type | undefined;
  if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) instance = checker.getDeclaredTypeOfSymbol(symbol);
  else if (value) instance = value.getConstructSignatures()[0]?.getReturnType();
  return { instance, statics: value };
}

/** Own members: those declared on the class's own declarations (not inherited), by name. */
/** Members not inherited from `base` nor from an ECMAScript class; `base` null: every member. */
function ownMembers(checker: ts.TypeChecker, type: ts.Type | undefined, base: string | undefined | null, program: ts.Program): string[] {
  if (!type) return [];
  const names = new Set<string>();
  for (const prop of checker.getPropertiesOfType(type)) {
    if (!isMemberName(prop.name)) continue;
    const decl = prop.declarations?.[0];
    const owner = decl ? classKeyOf(decl, program) : undefined;
    if (base === null || (owner !== base && !owner?.startsWith("es."))) names.add(prop.name);
  }
  return [...names].sort();
}

/** The key of the first base class (heritage `extends`) of a class-like symbol. */
function baseOf(checker: ts.TypeChecker, symbol: ts.Symbol, program: ts.Program): string | undefined {
  for (const decl of symbol.declarations ?? []) {
    if (!ts.isClassDeclaration(decl) && !ts.isInterfaceDeclaration(decl)) continue;
    for (const clause of decl.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      const expr = clause.types[0]?.expression;
      let base = expr ? checker.getSymbolAtLocation(expr) : undefined;
      if (base && base.flags & ts.SymbolFlags.Alias) base = checker.getAliasedSymbol(base);
      const baseDecl = base?.declarations?.find((d) => ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d));
      const key = baseDecl ? classKeyOf(baseDecl, program) : undefined;
      if (key) return key;
    }
  }
  return undefined;
}

function collect(program: ts.Program, include: (file: ts.SourceFile) => boolean): Declared {
  const checker = program.getTypeChecker();
  const declared: Declared = { modules: new Map(), classes: new Map() };
  const addClass = (symbol: ts.Symbol, key: string, file: string) => {
    if (declared.classes.has(key)) return;
    const { instance, statics } = sidesOf(checker, symbol);
    const hasInstance = instance && (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) || statics?.getConstructSignatures().length);
    if (!hasInstance) return;
    const base = baseOf(checker, symbol, program);
    declared.classes.set(key, {
      ...(base ? { extends: base } : {}),
      members: ownMembers(checker, instance, key.startsWith("es.") ? null : base, program),
      flattened: ownMembers(checker, instance, key.startsWith("es.") ? null : undefined, program),
      statics: statics ? checker.getPropertiesOfType(statics).map((p) => p.name).filter(isMemberName).sort() : [],
      file: symbol.declarations?.[0]?.getSourceFile().fileName ?? file,
    });
    // ECMAScript bases (Uint8Array, Error): record them too, so the table resolves what LLRT inherits.
    if (base?.startsWith("es.") && !declared.classes.has(base)) {
      const esName = base.slice(3);
      const esSymbol = checker.getSymbolsInScope(program.getSourceFiles()[0], ts.SymbolFlags.Value | ts.SymbolFlags.Type).find((s) => s.name === esName);
      if (esSymbol) addClass(esSymbol, base, "lib");
    }
  };
  for (const sf of program.getSourceFiles()) {
    if (!include(sf)) continue;
    sf.forEachChild(function visit(node: ts.Node): void {
      if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
        const module = node.name.text.replace(/^node:/, "");
        const symbol = checker.getSymbolAtLocation(node.name);
        if (!symbol) return;
        const names = declared.modules.get(module) ?? new Set<string>();
        declared.modules.set(module, names);
        const exportEquals = symbol.exports?.get("export=" as ts.__String);
        const exported = exportEquals ? checker.getPropertiesOfType(checker.getTypeOfSymbol(exportEquals)) : checker.getExportsOfModule(symbol);
        for (const exp of exported) {
          const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
          if (!(target.flags & ts.SymbolFlags.Value)) continue; // types are not exports LLRT must provide
          names.add(exp.name);
          if (target.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.Variable)) {
            const decl = target.declarations?.find((d) => ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d)) ?? target.declarations?.[0];
            const key = decl ? classKeyOf(decl, program) ?? `${module}.${exp.name}` : `${module}.${exp.name}`;
            addClass(target, key.startsWith("global.") ? `${module}.${exp.name}` : key, sf.fileName);
          }
        }
        return;
      }
      if (ts.isModuleDeclaration(node) && node.flags & ts.NodeFlags.GlobalAugmentation && node.body && ts.isModuleBlock(node.body)) {
        for (const stmt of node.body.statements) {
          const names = ts.isVariableStatement(stmt) ? stmt.declarationList.declarations.map((d) => d.name) : "name" in stmt ? [stmt.name as ts.Node] : [];
          for (const name of names) {
            if (!name || !ts.isIdentifier(name)) continue;
            const symbol = checker.getSymbolAtLocation(name);
            if (symbol) addClass(symbol, `global.${name.text}`, sf.fileName);
          }
        }
      }
    });
  }
  return declared;
}

// ---- Composition ------------------------------------------------------------------------------------

/** The LLRT module whose crate defines a global class (fetch's Response lives in llrt_fetch). */
function crateForTypesFile(root: string, file: string, rust: RustFacts): string | undefined {
  const stem = relative(join(root, "types"), file).replace(/\.d\.ts$/, "").replace(/[\\/]/g, "_");
  const candidates = [stem, stem.replace(/_promises$/, ""), { "dom-events": "events", https: "http", globals: "perf_hooks" }[stem]];
  for (const c of candidates) if (c && rust.names.has(join(root, "modules", `llrt_${c}`))) return join(root, "modules", `llrt_${c}`);
  return undefined;
}

export function generate(root: string, source: string, versionOverride?: string): LlrtSurface {
  const rust = readRust(root);
  const version = /version\s*=\s*"([^"]+)"/.exec(readFileSync(join(root, "llrt", "Cargo.toml"), "utf8"))?.[1];
  if (!version) usage(`no version in ${join(root, "llrt", "Cargo.toml")}`);
  const typesRoot = join(root, "types");
  const llrtProgram = programOver(walk(typesRoot, ".d.ts").filter((f) => !f.includes("node_modules")), []);
  const llrt = collect(llrtProgram, (sf) => sf.fileName.startsWith(resolve(typesRoot)));
  const nodeTypes = dirname(require.resolve("@types/node/package.json"));
  const nodeProgram = programOver([join(nodeTypes, "index.d.ts")], []);
  const node = collect(nodeProgram, (sf) => sf.fileName.includes("@types/node") || sf.fileName.includes("undici-types"));

  const disagreements: LlrtSurface["disagreements"] = [];
  const modules: LlrtSurface["modules"] = {};
  const jsModules = new Set(javascriptModules(root));
  for (const [module, declaredNames] of [...rust.declared].sort(([a], [b]) => a.localeCompare(b))) {
    const inTypes = llrt.modules.get(module) ?? new Set<string>();
        const exports = new Set(declaredNames);
    // `declare.declare(algorithm.class_name())`: the names are the string literals that helper returns.
    const helper = rust.computedDeclares.get(module);
    if (helper) for (const name of helperLiterals(rust.crateOf.get(module)!, helper)) exports.add(name);
    for (const name of inTypes) {
      if (exports.has(name)) continue;
      if (name !== "default") disagreements.push({ subject: `${module}.${name}`, note: "declared in types/ but not exported by the module sources: treated as missing" });
    }
    for (const name of declaredNames) if (!inTypes.has(name) && name !== "default") disagreements.push({ subject: `${module}.${name}`, note: "exported by the module sources but not declared in types/: treated as present" });
    modules[module] = [...exports].filter((n) => n !== "default").sort();
  }
  // JavaScript modules (build.mjs bundles readable-stream as `stream`): listed without exports, since
  // their types/ do not enumerate what the bundle exports; the curated table describes them.
  for (const module of jsModules) if (!modules[module]) modules[module] = [];

  const classes: LlrtSurface["classes"] = {};
  const allNames = new Set([...rust.names.values()].flatMap((names) => [...names]));
  const crateOfClass = (key: string) => {
    const cls = llrt.classes.get(key);
    return !cls || key.startsWith("es.") ? undefined : rust.crateOf.get(key.slice(0, key.indexOf("."))) ?? crateForTypesFile(root, cls.file, rust);
  };
  /** Whether the sources of the class, or of a class it extends, define `member`. */
  const definedInSources = (key: string, member: string): boolean => {
    for (let k: string | undefined = key, depth = 0; k && depth < 10; k = llrt.classes.get(k)?.extends, depth++) {
      const crate = crateOfClass(k);
      // Globals may live in any crate (Blob is in llrt_buffer, not llrt_fetch).
      const names = k.startsWith("global.") ? allNames : crate ? rust.names.get(crate) : undefined;
      if (!crate || k.startsWith("es.") || !names || names.has(member) || names.has(`"${member}`)) return true;
    }
    return false;
  };
  for (const [key, cls] of [...llrt.classes].sort(([a], [b]) => a.localeCompare(b))) {
    const module = key.slice(0, key.indexOf("."));
    const crate = crateOfClass(key);
    const present = (member: string) => definedInSources(key, member);
    const keep = (list: string[], kind: string) => list.filter((m) => {
      if (present(m)) return true;
      disagreements.push({ subject: `${key}${kind}${m}`, note: `declared in types/ but not found in ${relative(root, crate!)}: treated as missing` });
      return false;
    });
    // Names the sources build with a prefix the class's declared members share (Buffer's read*/write*).
    const built = [...(crate ? rust.computedNames.get(crate) ?? [] : [])]
      .filter(([prefix]) => cls.members.some((m) => m.startsWith(prefix)))
      .flatMap(([, names]) => [...names])
      .filter((m) => !cls.members.includes(m));
    // Methods of the Rust class of the same name that types/ does not declare (URLSearchParams#size).
    // A module's class comes from the module's crate (net and dgram both have a Socket); a global from any crate.
    const shortKey = key.slice(key.indexOf(".") + 1);
    const methods = [...rust.classMethods].filter(([k]) => k.endsWith(`::${shortKey}`) && (key.startsWith("global.") || k === `${crate}::${shortKey}`))
      .reduce((all, [, m]) => ({ members: new Set([...all.members, ...m.members]), statics: new Set([...all.statics, ...m.statics]) }), { members: new Set<string>(), statics: new Set<string>() });
    const sourceOnly = (declared: string[], found: Set<string> | undefined) => [...(found ?? [])].filter((m) => !declared.includes(m) && !built.includes(m));
    const extraMembers = key.startsWith("es.") ? [] : sourceOnly(cls.members, methods.members);
    const extraStatics = key.startsWith("es.") ? [] : sourceOnly(cls.statics, methods.statics);
    for (const m of built) disagreements.push({ subject: `${key}#${m}`, note: "defined by the module sources but not declared in types/: treated as present" });
    for (const m of extraMembers) disagreements.push({ subject: `${key}#${m}`, note: "defined by the module sources but not declared in types/: treated as present" });
    for (const m of extraStatics) disagreements.push({ subject: `${key}.${m}`, note: "defined by the module sources but not declared in types/: treated as present" });
    classes[key] = {
      ...(cls.extends ? { extends: cls.extends } : {}),
      members: jsModules.has(module) ? cls.members : [...keep(cls.members, "#"), ...built, ...extraMembers].sort(),
      statics: jsModules.has(module) ? cls.statics : [...keep(cls.statics, "."), ...extraStatics].sort(),
    };
  }
  // What Node has and LLRT lacks, class by class (after inheritance on both sides).
  const all = (table: Map<string, SurfaceClass> | Record<string, SurfaceClass>, key: string, side: "members" | "statics"): Set<string> => {
    const get = (k: string) => (table instanceof Map ? table.get(k) : table[k]);
    const out = new Set<string>();
    for (let k: string | undefined = key, depth = 0; k && depth < 10; k = get(k)?.extends, depth++) for (const m of get(k)?.[side] ?? []) out.add(m);
    return out;
  };
  for (const key of Object.keys(classes)) {
    if (key.startsWith("es.") || jsModules.has(key.slice(0, key.indexOf(".")))) continue;
    const nodeKey = node.classes.has(key) ? key : [...node.classes.keys()].find((k) => k.endsWith(`.${key.slice(key.indexOf(".") + 1)}`) && k.startsWith("global."));
    if (!nodeKey) continue;
    const have = all(classes, key, "members");
    const missing = node.classes.get(nodeKey)!.flattened.filter((m) => !have.has(m)).sort();
    if (missing.length) classes[key].missing = missing;
  }
  return {
    release: { version: versionOverride ?? `v${version}`, source },
    modules,
    classes,
    globals: Object.fromEntries([...rust.globals].sort(([a], [b]) => a.localeCompare(b)).map(([name, members]) => [name, [...members].sort()])),
    values: { hashAlgorithms: hashAlgorithms(root), encodings: encodings(root) },
    disagreements: disagreements.sort((a, b) => a.subject.localeCompare(b.subject)),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const checkout = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  if (!checkout) usage("give the path of an LLRT checkout");
  const root = resolve(checkout);
  try {
    statSync(join(root, "types"));
    statSync(join(root, "modules"));
  } catch {
    usage(`${root} has no types/ and modules/: not an LLRT checkout`);
  }
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  // A tag's Cargo.toml may lag the tag (v0.8.1-beta still says 0.8.0-beta): --version names the release.
  const surface = generate(root, flag("--source") ?? `awslabs/llrt at ${basename(root)}`, flag("--version"));
  if (args.includes("--unreleased")) surface.release.unreleased = true;
  const out = flag("--out") ?? join("src", "compat", "releases", `${surface.release.version}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(surface, null, 1)}\n`);
  const count = Object.values(surface.classes).reduce((n, c) => n + c.members.length + c.statics.length, 0);
  console.log(`${out}: ${surface.release.version}, ${Object.keys(surface.modules).length} modules, ${Object.keys(surface.classes).length} classes (${count} members), ${surface.disagreements.length} types/ vs sources disagreements`);
}

// Run as a script (npm run compat:generate), not when a test imports generate().
if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) main();
