// Names a class the way the surface table does, from a TypeScript declaration: `<module>.<Name>` inside
// `declare module "x"`, `global.<Name>` for globals (and the `NodeJS` namespace), `es.<Name>` for the
// ECMAScript library. The generator (scripts/compat-generate.ts) keys LLRT's and Node's classes with
// it, so the two sides of the comparison name a class the same way.
import type ts from "typescript";

type TS = typeof ts;

/** Loaded lazily by callers; this module only needs the syntax-kind tests. */
let tsApi: TS | undefined;
export function useTypeScript(api: TS): void {
  tsApi = api;
}

function api(): TS {
  if (!tsApi) throw new Error("type-keys: TypeScript not loaded");
  return tsApi;
}

const isLibFile = (sf: ts.SourceFile, program?: Pick<ts.Program, "isSourceFileDefaultLibrary">) =>
  program ? program.isSourceFileDefaultLibrary(sf) : /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]+\.d\.ts$/.test(sf.fileName);

/** The class or interface that declares `node` (itself when it is one), or undefined. */
export function declaringClass(node: ts.Node): ts.ClassDeclaration | ts.InterfaceDeclaration | undefined {
  const t = api();
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if ((t.isClassDeclaration(n) || t.isInterfaceDeclaration(n)) && n.name) return n;
    if (t.isSourceFile(n) || t.isModuleBlock(n)) return undefined;
  }
  return undefined;
}

/** The table key of the class that declares `node`, or undefined when it is no class member. */
export function classKeyOf(node: ts.Node, program?: Pick<ts.Program, "isSourceFileDefaultLibrary">): string | undefined {
  const t = api();
  const cls = declaringClass(node);
  if (!cls?.name) return undefined;
  const name = cls.name.text;
  const sf = cls.getSourceFile();
  if (isLibFile(sf, program)) return `es.${name}`;
  for (let n: ts.Node | undefined = cls.parent; n; n = n.parent) {
    if (t.isModuleDeclaration(n)) {
      if (n.flags & t.NodeFlags.GlobalAugmentation) return `global.${name}`;
      if (t.isStringLiteral(n.name)) return `${n.name.text.replace(/^node:/, "")}.${name}`;
      if (n.name.text === "NodeJS") return `global.${name}`;
    }
  }
  // Top level of a .d.ts: a global script, or a module that the globals re-export (undici's fetch classes).
  return `global.${name}`;
}
