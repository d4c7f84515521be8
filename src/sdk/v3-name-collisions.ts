// aws-sdk-js-codemod names the v3 import after the client (`import { S3 } from '@aws-sdk/client-s3'`)
// even when the file already binds that name (`const S3 = new AWS.S3()`, `function DynamoDB() {}`),
// which gives a duplicate binding. The codemod works on text and cannot be told another name, so:
// the file's own bindings of a clashing name get a placeholder name, the codemod runs again, then its
// import is aliased (`import { S3 as S3V3 }`, `const { S3: S3V3 } = require(...)`) and the
// placeholders get the user's name back.
import { parse } from "@babel/parser";
import type { ASTPath, Collection, JSCodeshift } from "jscodeshift";
import { parserOptions } from "../engine/code-reading";
import { isUnboundGlobal, isVariableReference, requiredModule } from "../../transforms/lib/module-bindings";
import { stringValue } from "../engine/ast-values";

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyNode = any;

const isV3Source = (value: unknown) => typeof value === "string" && value.startsWith("@aws-sdk/");
/** A name bound by an import of either SDK is the codemod's to replace, not a clash. */
const isSdkSource = (value: unknown) => typeof value === "string" && /^(@aws-sdk\/|aws-sdk(\/|$))/.test(value);

/** A user binding renamed for the codemod's run, and the alias its clashing v3 import gets. */
export interface Clash {
  name: string;
  placeholder: string;
  alias: string;
}

/** Local names the `@aws-sdk/*` imports and requires of `text` bind (read leniently: duplicates are what we look for). */
function v3ImportedNames(path: string, text: string): Set<string> {
  const names = new Set<string>();
  let ast: AnyNode;
  try {
    ast = parse(text, { ...parserOptions(path), errorRecovery: true });
  } catch {
    return names;
  }
  const visit = (node: AnyNode): void => {
    if (!node || typeof node.type !== "string") return;
    if (node.type === "ImportDeclaration" && isV3Source(node.source.value)) {
      for (const s of node.specifiers) names.add(s.local.name);
    } else if (node.type === "VariableDeclarator" && isV3Source(requiredModule(node.init))) {
      if (node.id.type === "Identifier") names.add(node.id.name);
      for (const p of node.id.properties ?? []) if (p.value?.type === "Identifier") names.add(p.value.name);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "loc" || key === "comments" || key === "leadingComments" || key === "trailingComments") continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === "object") visit(value);
    }
  };
  visit(ast.program);
  return names;
}

/** Names the file binds itself (at any level) other than through an import of an AWS SDK. */
function ownBindings(j: JSCodeshift, tree: Collection, names: Set<string>): string[] {
  return [...names].filter((name) =>
    tree.find(j.Identifier, { name }).some((p) => isVariableReference(p) && isOwnBinding(p, name)));
}

/** Whether `name` at `path` is bound in the file, and not by an import of an AWS SDK. */
function isOwnBinding(path: ASTPath, name: string): boolean {
  if (isUnboundGlobal(path, name)) return false;
  const scope = (path as ASTPath & { scope?: { lookup(n: string): { getBindings(): Record<string, ASTPath[]> } | null } }).scope?.lookup(name);
  const declarations = scope?.getBindings()[name] ?? [];
  return !declarations.every(isSdkImportBinding);
}

function isSdkImportBinding(path: ASTPath): boolean {
  for (let p: ASTPath | undefined = path; p; p = p.parent as ASTPath | undefined) {
    const node = p.node as AnyNode;
    if (node.type === "ImportDeclaration") return isSdkSource(stringValue(node.source));
    if (node.type === "VariableDeclarator") return isSdkSource(requiredModule(node.init));
    if (/Statement|Function/.test(node.type)) return false;
  }
  return false;
}

const freeName = (base: string, text: string) => {
  const taken = (name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(text);
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}${i}`;
  return name;
};

/**
 * The clashes between the v3 names `converted` imports and the bindings of `tree` (the codemod's
 * input). Empty when there is none, which is the usual case.
 */
export function findClashes(j: JSCodeshift, path: string, tree: Collection, input: string, converted: string): Clash[] {
  const text = `${input}\n${converted}`;
  return ownBindings(j, tree, v3ImportedNames(path, converted)).map((name) => ({
    name,
    placeholder: freeName(`${name}_llrtMigrateOwn`, text),
    alias: freeName(`${name}V3`, text),
  }));
}

/**
 * Renames every variable use and declaration of `from` to `to`, keeping what the name means from the
 * outside: a shorthand property keeps its key, an import its imported name, an export its exported name.
 */
function rename(j: JSCodeshift, tree: Collection, from: string, to: string, only: (path: ASTPath) => boolean = () => true): void {
  // A shorthand property or specifier shares one source range between its two names: recast would
  // patch that range for either, so these nodes are replaced whole.
  tree.find(j.Identifier, { name: from }).forEach((path) => {
    const parentPath = path.parent as ASTPath;
    const parent = parentPath?.node as AnyNode;
    const node = path.node as AnyNode;
    if (!only(path)) return;
    if (parent?.type === "ImportSpecifier" && parent.local === node) {
      parentPath.replace({ ...j.importSpecifier(j.identifier(parent.imported.name ?? from), j.identifier(to)), importKind: parent.importKind } as AnyNode);
    } else if (/^Import(Default|Namespace)Specifier$/.test(parent?.type) && parent.local === node) {
      node.name = to;
    } else if (parent?.type === "ExportSpecifier" && parent.local === node) {
      parentPath.replace(j.exportSpecifier.from({ local: j.identifier(to), exported: j.identifier(parent.exported.name ?? from) }));
    } else if (parent?.type === "ObjectProperty" && parent.shorthand && (parent.value === node || parent.key === node)) {
      const key = parent.key.name as string;
      parentPath.replace({ ...j.objectProperty(j.identifier(key), j.identifier(to)), shorthand: key === to } as AnyNode);
    } else if (parent?.type === "AssignmentPattern" && parent.left === node && (parentPath.parent?.node as AnyNode)?.shorthand) {
      const key = (parentPath.parent.node as AnyNode).key.name as string;
      parentPath.parent.replace({ ...j.objectProperty(j.identifier(key), j.assignmentPattern(j.identifier(to), parent.right)), shorthand: key === to } as AnyNode);
    } else if (isVariableReference(path)) {
      if (parent?.type === "ObjectProperty" && parent.value === node && !parent.computed && parent.key.name === to) {
        // `{ S3: S3_llrtMigrateOwn }` was the user's `{ S3 }`.
        parentPath.replace({ ...j.objectProperty(j.identifier(to), j.identifier(to)), shorthand: true } as AnyNode);
      } else {
        node.name = to;
      }
    }
  });
}

/** The codemod's input with the file's own clashing bindings under their placeholder names. */
export function withPlaceholders(j: JSCodeshift, tree: Collection, clashes: Clash[]): void {
  for (const { name, placeholder } of clashes) rename(j, tree, name, placeholder, (p) => isOwnBinding(p, name));
}

/** On the codemod's output: its clashing imports aliased, the file's own bindings back to their names. */
export function restoreNames(j: JSCodeshift, tree: Collection, clashes: Clash[]): void {
  for (const { name, placeholder, alias } of clashes) {
    rename(j, tree, name, alias);
    rename(j, tree, placeholder, name);
  }
}
