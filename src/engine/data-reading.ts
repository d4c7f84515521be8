// Reads templates and configuration for the output gate, each with its own parser: JSON (package.json,
// JSON templates; strict JSON stays strict), YAML (every document of the file), HCL (tree-sitter).
import { createScanner, parse, printParseErrorCode, SyntaxKind } from "jsonc-parser";
import type { ParseError as JsonParseError } from "jsonc-parser";
import { Parser as YamlParser, parseAllDocuments } from "yaml";
import { hclComments, parseHcl } from "../iac/hcl";
import { describeError, errorPosition } from "./errors";
import { lineColumnAt } from "./text-position";
import { commentText } from "./text-reading";
import type { Comment, TextProblem, TextReading } from "./text-reading";

function readJson(text: string): TextReading {
  const errors: JsonParseError[] = [];
  parse(text, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
  const problem = (key: string, message: string, offset: number): TextProblem => ({ key, message, line: lineColumnAt(text, offset).line });
  const syntax = errors[0] && problem("syntax", `JSON syntax error: ${printParseErrorCode(errors[0].error)}`, errors[0].offset);
  const comments: Comment[] = [];
  const problems: TextProblem[] = [];
  const strict: JsonParseError[] = [];
  parse(text, strict, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // Strict JSON (package.json, templates) must stay strict; a file that already had comments may keep them.
  if (!syntax && strict[0]) problems.push(problem("not-strict-json", `not strict JSON: ${printParseErrorCode(strict[0].error)}`, strict[0].offset));
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) continue;
    const offset = scanner.getTokenOffset();
    comments.push({ text: commentText(text.slice(offset, offset + scanner.getTokenLength())), line: lineColumnAt(text, offset).line });
  }
  return { syntax, problems, comments };
}

/** Every `#` comment of a YAML text, from the parser's concrete syntax tree (a `#` inside a scalar is not one). */
function yamlComments(text: string): Comment[] {
  const comments: Comment[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    const token = node as { type?: string; offset?: number; source?: string };
    if (token.type === "comment" && typeof token.source === "string") {
      comments.push({ text: commentText(token.source), line: lineColumnAt(text, token.offset ?? 0).line });
    }
    for (const value of Object.values(node)) if (value && typeof value === "object") visit(value);
  };
  for (const token of new YamlParser().parse(text)) visit(token);
  return comments;
}

function readYaml(text: string): TextReading {
  const error = parseAllDocuments(text).flatMap((doc) => ("errors" in doc ? doc.errors : []))[0];
  const syntax = error && { key: "syntax", message: `YAML syntax error: ${error.message.split("\n")[0]}`, line: lineColumnAt(text, error.pos[0]).line };
  return { syntax, problems: [], comments: yamlComments(text) };
}

async function readHcl(text: string): Promise<TextReading> {
  try {
    await parseHcl(text);
  } catch (error) {
    return { syntax: { key: "syntax", message: describeError(error), line: errorPosition(error).line }, problems: [], comments: [] };
  }
  return { problems: [], comments: (await hclComments(text)).map((c) => ({ text: commentText(c.text), line: c.line })) };
}

/** The reader for a data file's type, or undefined for a type the gate does not parse. */
export function dataReader(path: string, text: string): ((text: string) => TextReading | Promise<TextReading>) | undefined {
  if (/\.(tf|tfvars|hcl)$/.test(path)) return readHcl;
  if (path.endsWith(".json")) return readJson;
  if (/\.ya?ml$/.test(path)) return readYaml;
  // A .template is JSON or YAML: the original text says which.
  if (path.endsWith(".template")) return text.trimStart().startsWith("{") ? readJson : readYaml;
  return undefined;
}
