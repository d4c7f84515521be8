// Reading CloudFormation-style YAML (SAM, CloudFormation, Serverless) so it can be edited byte for
// byte: the `yaml` Document keeps every node's source range, and edits are spliced into the text
// (parse-and-restringify would reflow comments, spacing and flow collections).
import { isMap, isScalar, parseDocument } from "yaml";
import type { Document, Node, Scalar, YAMLMap } from "yaml";
import { ParseError } from "../engine/errors";
export { lineColumnAt } from "../engine/text-position";

/** CloudFormation short-form intrinsic functions; any other `!Tag` is an error. */
export const cloudFormationTags = new Set([
  "!Ref", "!GetAtt", "!Sub", "!Join", "!Select", "!Split", "!If", "!Equals", "!And", "!Or", "!Not",
  "!Condition", "!FindInMap", "!Base64", "!Cidr", "!GetAZs", "!ImportValue", "!Transform", "!Length",
  "!ToJsonString", "!Rain::Embed",
]);

export function parseYaml(text: string, knownTags: ReadonlySet<string> = cloudFormationTags): Document {
  const doc = parseDocument(text, { keepSourceTokens: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    throw new ParseError(`YAML syntax error: ${error.message.split("\n")[0].replace(/ at line \d+.*$/, "")}`, pos?.line, pos?.col);
  }
  for (const warning of doc.warnings) {
    if (warning.code !== "TAG_RESOLVE_FAILED") continue;
    const tag = /Unresolved tag: (\S+)/.exec(warning.message)?.[1] ?? "";
    if (knownTags.has(tag)) continue;
    const pos = warning.linePos?.[0];
    throw new ParseError(`unknown YAML tag ${tag}`, pos?.line, pos?.col);
  }
  return doc;
}

/** The plain string value of a node, or undefined when it is an intrinsic function or not a string. */
export function plainString(node: unknown): string | undefined {
  if (!isScalar(node) || node.tag) return undefined;
  return typeof node.value === "string" ? node.value : undefined;
}

/** How an intrinsic-valued node reads in the source, e.g. `!Ref NodeRuntime`, for messages. */
export function describeValue(node: unknown, text: string): string {
  const range = (node as Node | undefined)?.range;
  return range ? text.slice(range[0], range[1]).trim() : "(missing)";
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
