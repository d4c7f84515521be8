// A CloudFormation/SAM template in JSON as a TemplateDoc. jsonc-parser gives every value's offset;
// edits splice only the changed value or the inserted member, in the file's own indentation, so
// the rest of the file keeps its bytes.
import { findNodeAtLocation, parse, parseTree, printParseErrorCode } from "jsonc-parser";
import type { Node as JsonNode, ParseError as JsonParseError } from "jsonc-parser";
import { ParseError } from "../engine/errors";
import { lineColumnAt } from "../engine/text-position";
import type { Path, Position, TemplateDoc } from "./template-doc";

/** Parses strict JSON (CloudFormation allows no comments); throws a ParseError naming the position. */
export function parseJson(text: string): unknown {
  const errors: JsonParseError[] = [];
  const data = parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const error = errors[0];
  if (error) {
    const { line, column } = lineColumnAt(text, error.offset);
    throw new ParseError(`JSON syntax error: ${printParseErrorCode(error.error)}`, line, column);
  }
  return data;
}

export class JsonTemplate implements TemplateDoc {
  readonly data: unknown;
  private current: string;
  private readonly unit: string;

  constructor(private readonly source: string) {
    this.data = parseJson(source);
    this.current = source;
    this.unit = /\n([ \t]+)\S/.exec(source)?.[1] ?? "  ";
  }

  position(path: Path): Position {
    const tree = parseTree(this.source);
    for (let n = path.length; n >= 0 && tree; n--) {
      const node = findNodeAtLocation(tree, path.slice(0, n));
      if (node) return lineColumnAt(this.source, node.offset);
    }
    return { line: 1, column: 1 };
  }

  replace(path: Path, value: string | number): void {
    const node = this.nodeAt(path);
    this.splice(node.offset, node.length, JSON.stringify(value));
  }

  addKey(mapPath: Path, key: string, value: unknown): void {
    this.insertInto(this.nodeAt(mapPath), `${JSON.stringify(key)}: `, value);
  }

  append(listPath: Path, value: unknown): void {
    this.insertInto(this.nodeAt(listPath), "", value);
  }

  hasIgnoreComment(): boolean {
    return false; // JSON has no comments: JSON templates opt out through Metadata (see lambda-template.ts)
  }

  text(): string {
    if (this.current !== this.source) parseJson(this.current); // throws if an edit broke the file
    return this.current;
  }

  private nodeAt(path: Path): JsonNode {
    const node = findNodeAtLocation(parseTree(this.current)!, path);
    if (!node) throw new Error(`nothing at ${path.join(".")}`);
    return node;
  }

  private splice(offset: number, length: number, text: string): void {
    this.current = this.current.slice(0, offset) + text + this.current.slice(offset + length);
  }

  /**
   * Adds a member after the container's last one (jsonc-parser's own formatter would also reflow the
   * neighbouring members): on one line when the container is on one line, else on a new line at the
   * last member's indentation, nested values indented with the file's own step.
   */
  private insertInto(container: JsonNode, prefix: string, value: unknown): void {
    const children = container.children ?? [];
    const last = children[children.length - 1];
    const lineOf = (offset: number) => this.current.slice(0, offset).split("\n").length;
    const oneLine = lineOf(container.offset) === lineOf(container.offset + container.length);
    if (oneLine || !last) {
      const compact = JSON.stringify(value, null, 1).replace(/\n */g, " ").replace(/([[{]) | ([\]}])/g, "$1$2");
      return last ? this.splice(last.offset + last.length, 0, `, ${prefix}${compact}`) : this.splice(container.offset + 1, 0, `${prefix}${compact}`);
    }
    const lineStart = this.current.lastIndexOf("\n", last.offset) + 1;
    const indent = /^[ \t]*/.exec(this.current.slice(lineStart))![0];
    const eol = this.current.includes("\r\n") ? "\r\n" : "\n";
    const pretty = JSON.stringify(value, null, this.unit).replace(/\n/g, eol + indent);
    this.splice(last.offset + last.length, 0, `,${eol}${indent}${prefix}${pretty}`);
  }
}
