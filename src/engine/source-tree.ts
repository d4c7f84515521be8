// A syntax tree whose node offsets index the text exactly as it is, for rules that only read the
// tree and edit the text at node offsets (the CDK stacks). jscodeshift parses through recast, which
// first rewrites the text it hands to the parser: leading tabs become spaces and CRLF becomes LF (a
// BOM counts for nothing), so in such a file `node.start` points somewhere else in the real text.
// Parsing with Babel directly, with the syntax jscodeshift's `ts`/`tsx` parsers accept, avoids that.
import { parse } from "@babel/parser";
import type { ParserPlugin } from "@babel/parser";
import type { Collection, JSCodeshift } from "jscodeshift";
import { parserFor } from "./code-rule";

const plugins: ParserPlugin[] = ["typescript", "decorators-legacy", "decoratorAutoAccessors", "importAttributes", "doExpressions", "exportDefaultFrom", "functionBind", "throwExpressions"];

/** Parses `text` (a `.ts`/`.tsx`/`.js`... file at `path`) into a read-only Collection; throws Babel's SyntaxError. */
export function verbatimTree(j: JSCodeshift, path: string, text: string): Collection {
  const ast = parse(text, {
    sourceType: "module",
    allowImportExportEverywhere: true,
    allowReturnOutsideFunction: true,
    plugins: parserFor(path) === "tsx" ? [...plugins, "jsx"] : plugins,
  });
  return j(ast as never);
}
