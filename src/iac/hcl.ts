// Reading Terraform HCL with source positions, so edits can replace exact byte ranges and keep
// comments and formatting. web-tree-sitter runs the HCL grammar's WebAssembly build: a real parser
// with positions and no native compilation (the JSON converters drop comments and positions).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Language, Parser } from "web-tree-sitter";
import type { Node as SyntaxNode } from "web-tree-sitter";
import { ParseError } from "../engine/errors";

let parser: Promise<Parser> | undefined;

const grammarFile = "tree-sitter-hcl.wasm";

/** The grammar beside the bundled CLI (dist/, the npm package), or from its package in a clone. */
function grammarPath(): string {
  const bundled = fileURLToPath(new URL(grammarFile, import.meta.url));
  return existsSync(bundled) ? bundled : createRequire(import.meta.url).resolve(`@tree-sitter-grammars/tree-sitter-hcl/${grammarFile}`);
}

function loadParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const instance = new Parser();
    instance.setLanguage(await Language.load(grammarPath()));
    return instance;
  })();
  return parser;
}

/** A source range, copied out of the syntax tree (tree-sitter trees are freed right after parsing). */
export interface HclSpan {
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  column: number;
  text: string;
}

export interface HclExpr extends HclSpan {
  /** Element expressions when this is a tuple literal `[a, b]`. */
  items?: HclExpr[];
}

export interface HclAttribute extends HclSpan {
  name: string;
  expr: HclExpr;
}

export interface HclBlock extends HclSpan {
  /** `resource`, `module`, `variable`, `data`, ... */
  type: string;
  labels: string[];
  /** Offset just before the closing `}`. */
  bodyEnd: number;
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

const span = (node: SyntaxNode): HclSpan => ({
  start: node.startIndex, end: node.endIndex, line: node.startPosition.row + 1, column: node.startPosition.column + 1, text: node.text,
});

function toExpr(node: SyntaxNode): HclExpr {
  const collection = node.namedChildren[0]?.type === "collection_value" ? node.namedChildren[0].namedChildren[0] : undefined;
  const items = collection?.type === "tuple" ? collection.namedChildren.filter((c): c is SyntaxNode => c?.type === "expression").map(toExpr) : undefined;
  return { ...span(node), ...(items ? { items } : {}) };
}

export interface HclFile {
  text: string;
  /** Top-level attributes (a .tfvars file is only these). */
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
}

function readBody(body: SyntaxNode | null | undefined): { attributes: Map<string, HclAttribute>; blocks: HclBlock[] } {
  const attributes = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  for (const child of body?.namedChildren ?? []) {
    if (!child) continue;
    if (child.type === "attribute") {
      const [name, expr] = child.namedChildren;
      if (name && expr) attributes.set(name.text, { ...span(child), name: name.text, expr: toExpr(expr) });
    } else if (child.type === "block") {
      const parts = child.namedChildren.filter((c): c is SyntaxNode => !!c);
      const inner = readBody(parts.find((c) => c.type === "body"));
      blocks.push({
        type: parts[0]?.text ?? "",
        labels: parts.filter((c) => c.type === "string_lit" || (c.type === "identifier" && c !== parts[0])).map((c) => c.text.replace(/^"|"$/g, "")),
        ...span(child),
        bodyEnd: parts.find((c) => c.type === "block_end")?.startIndex ?? child.endIndex,
        ...inner,
      });
    }
  }
  return { attributes, blocks };
}

/** Parses HCL; a syntax error becomes a ParseError at its line and column. */
export async function parseHcl(text: string): Promise<HclFile> {
  const tree = (await loadParser()).parse(text);
  if (!tree) throw new ParseError("HCL parser failed");
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const bad = root.descendantsOfType(["ERROR"])[0] ?? findMissing(root) ?? root;
      throw new ParseError("HCL syntax error", bad.startPosition.row + 1, bad.startPosition.column + 1);
    }
    return { text, ...readBody(root.namedChildren.find((c) => c?.type === "body")) };
  } finally {
    tree.delete();
  }
}

/** The comments of an HCL text as written, with their 1-based lines (the output gate counts them). */
export async function hclComments(text: string): Promise<Array<{ text: string; line: number }>> {
  const tree = (await loadParser()).parse(text);
  if (!tree) throw new ParseError("HCL parser failed");
  try {
    return tree.rootNode.descendantsOfType("comment").flatMap((node) => (node ? [{ text: node.text, line: node.startPosition.row + 1 }] : []));
  } finally {
    tree.delete();
  }
}

function findMissing(node: SyntaxNode): SyntaxNode | undefined {
  if (node.isMissing) return node;
  for (const child of node.children) {
    const found = child && findMissing(child);
    if (found) return found;
  }
  return undefined;
}

/** The value of a plain string literal (`"nodejs20.x"`), undefined for anything computed. */
export function stringValue(expr: HclExpr | undefined): string | undefined {
  if (!expr) return undefined;
  const match = /^"([^"$%\\]*)"$/.exec(expr.text);
  return match ? match[1] : undefined;
}

/** `var.name` -> `name`. */
export function variableName(expr: HclExpr | undefined): string | undefined {
  return expr ? /^var\.([A-Za-z_][\w-]*)$/.exec(expr.text)?.[1] : undefined;
}

/** A path literal, also written as `"${path.module}/..."` (relative to the module directory). */
export function pathValue(expr: HclExpr | undefined): string | undefined {
  const match = expr && /^"(?:\$\{path\.(?:module|root)\}\/?)?([^"$%\\]*)"$/.exec(expr.text);
  return match ? match[1] || "." : undefined;
}
