// Reading CloudFormation-style YAML (SAM, CloudFormation, Serverless) so it can be edited byte for
// byte: the `yaml` Document keeps every node's source range, and edits are spliced into the text
// (parse-and-restringify would reflow comments, spacing and flow collections).
import { isMap, isScalar, parseDocument } from "yaml";
import type { Document, Node, Scalar, YAMLMap } from "yaml";
import { ParseError } from "../engine/errors";
import { lineColumnAt } from "../engine/text-position";
import { foldFlowCollections } from "./yaml-flow";
export { lineColumnAt };

/** CloudFormation short-form intrinsic functions; any other `!Tag` is an error. */
export const cloudFormationTags = new Set([
  "!Ref", "!GetAtt", "!Sub", "!Join", "!Select", "!Split", "!If", "!Equals", "!And", "!Or", "!Not",
  "!Condition", "!FindInMap", "!Base64", "!Cidr", "!GetAZs", "!ImportValue", "!Transform", "!Length",
  "!ToJsonString", "!Rain::Embed",
]);

export function parseYaml(text: string, knownTags: ReadonlySet<string> = cloudFormationTags): Document {
  let doc = parseDocument(text, { keepSourceTokens: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    // Flow collections indented as CloudFormation accepts them: read them folded onto one line (same offsets).
    const folded = foldFlowCollections(text);
    const relaxed = folded === text ? doc : parseDocument(folded, { keepSourceTokens: true, prettyErrors: false });
    if (relaxed.errors.length === 0) doc = relaxed;
  }
  const error = doc.errors[0];
  if (error) {
    const { line, column } = lineColumnAt(text, error.pos[0]);
    throw new ParseError(`YAML syntax error: ${error.message.split("\n")[0].replace(/ at line \d+.*$/, "")}`, line, column);
  }
  for (const warning of doc.warnings) {
    if (warning.code !== "TAG_RESOLVE_FAILED") continue;
    const tag = /Unresolved tag: (\S+)/.exec(warning.message)?.[1] ?? "";
    if (knownTags.has(tag)) continue;
    const { line, column } = lineColumnAt(text, warning.pos[0]);
    throw new ParseError(`unknown YAML tag ${tag}`, line, column);
  }
  return doc;
}

/** The plain string value of a node, or undefined when it is an intrinsic function or not a string. */
export function plainString(node: unknown): string | undefined {
  if (!isScalar(node) || node.tag) return undefined;
  return typeof node.value === "string" ? node.value : undefined;
}

/** Where a node starts in the source, including its `!Tag` when it has one. */
export function nodeStart(node: Node | null | undefined, text: string): number {
  const start = node?.range?.[0] ?? 0;
  const tag = (node as { tag?: string } | null | undefined)?.tag;
  const tagAt = tag ? text.lastIndexOf(tag, start) : -1;
  return tagAt >= 0 ? tagAt : start;
}

/** How a node reads in the source, e.g. `!Ref NodeRuntime`, for messages. */
export function describeValue(node: Node | null | undefined, text: string): string {
  const end = node?.range?.[1];
  return end === undefined ? "(missing)" : text.slice(nodeStart(node, text), end).trim();
}

export function mapEntries(node: unknown): Array<[string, Node | null]> {
  if (!isMap(node)) return [];
  return (node as YAMLMap<unknown, Node | null>).items.flatMap((pair) => {
    const key = isScalar(pair.key) ? String((pair.key as Scalar).value) : undefined;
    return key === undefined ? [] : [[key, pair.value ?? null] as [string, Node | null]];
  });
}

export function mapGet(node: unknown, key: string): Node | null | undefined {
  return mapEntries(node).find(([k]) => k === key)?.[1];
}

/** A scalar's replacement text in the same quoting style as the original. */
export function scalarLike(node: Scalar, value: string): string {
  if (node.type === "QUOTE_DOUBLE") return JSON.stringify(value);
  if (node.type === "QUOTE_SINGLE") return `'${value.replace(/'/g, "''")}'`;
  return value;
}
