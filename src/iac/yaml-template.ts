// A CloudFormation/SAM template in YAML as a TemplateDoc: read through the `yaml` Document, written
// through YamlEditor's byte-exact splices (comments, spacing and tags outside the edits stay as they are).
import { isMap, isScalar, isSeq } from "yaml";
import type { Document, Node, Pair, Scalar } from "yaml";
import { lineColumnAt } from "../engine/text-position";
import type { Path, Position, TemplateDoc } from "./template-doc";
import { intrinsicName, isMapValue } from "./template-doc";
import { verbatim, YamlEditor } from "./yaml-edit";
import { parseYaml } from "./yaml-source";

/** `!Ref X` -> `Ref`, `!GetAtt a.b` -> `Fn::GetAtt`: the JSON names of the short-form tags. */
const tagToJsonName = (tag: string) => (tag === "!Ref" || tag === "!Condition" ? tag.slice(1) : `Fn::${tag.slice(1)}`);

/** The node as plain data in CloudFormation's JSON shape. */
function toPlain(node: unknown): unknown {
  let value: unknown;
  if (isMap(node)) {
    value = Object.fromEntries(
      node.items.filter((pair: Pair) => isScalar(pair.key)).map((pair: Pair) => [String((pair.key as Scalar).value), toPlain(pair.value)]),
    );
  } else if (isSeq(node)) value = node.items.map(toPlain);
  else if (isScalar(node)) value = node.value;
  else return node ?? null;
  const tag = (node as Node).tag;
  return tag?.startsWith("!") ? { [tagToJsonName(tag)]: value } : value;
}

/** A value as YamlEditor writes it: strings as scalars, numbers and intrinsics verbatim. */
function leaf(value: unknown): string {
  if (typeof value === "string") return value;
  const fn = intrinsicName(value);
  if (fn && typeof (value as Record<string, unknown>)[fn] === "string") {
    return verbatim(`!${fn.replace(/^Fn::/, "")} ${(value as Record<string, string>)[fn]}`);
  }
  if (typeof value === "number" || typeof value === "boolean") return verbatim(String(value));
  throw new Error(`cannot write ${JSON.stringify(value)} into YAML`);
}

export class YamlTemplate implements TemplateDoc {
  readonly data: unknown;
  private readonly doc: Document;
  private readonly editor: YamlEditor;

  constructor(private readonly source: string) {
    this.doc = parseYaml(source);
    this.data = toPlain(this.doc.contents);
    this.editor = new YamlEditor(source, this.doc);
  }

  position(path: Path): Position {
    for (let n = path.length; n >= 0; n--) {
      const node = this.doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (!node?.range) continue;
      // A tagged node's range starts after its tag (`!Ref X`): point at the tag, where the value starts.
      const tagAt = node.tag ? this.source.lastIndexOf(node.tag, node.range[0]) : -1;
      return lineColumnAt(this.source, tagAt >= 0 ? tagAt : node.range[0]);
    }
    return { line: 1, column: 1 };
  }

  replace(path: Path, value: string | number): void {
    const node = this.doc.getIn(path, true);
    if (!isScalar(node)) throw new Error(`no scalar at ${path.join(".")}`);
    this.editor.replaceScalar(node, String(value));
  }

  addKey(mapPath: Path, key: string, value: unknown): void {
    this.addLeaves([...mapPath.map(String), key], value);
  }

  append(listPath: Path, value: unknown): void {
    this.editor.include(listPath.map(String), [leaf(value)]);
  }

  hasIgnoreComment(path: Path): boolean {
    const parent = this.doc.getIn(path.slice(0, -1), true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
    const keyStart = (pair?.key as Node | undefined)?.range?.[0];
    const valueEnd = (pair?.value as Node | undefined)?.range?.[1];
    if (keyStart === undefined || valueEnd === undefined) return false;
    // The comment may sit on the lines right above the resource's key, on its key line, or inside it.
    let start = this.source.lastIndexOf("\n", keyStart - 1) + 1;
    while (start > 0) {
      const above = this.source.lastIndexOf("\n", start - 2) + 1;
      if (!/^\s*#/.test(this.source.slice(above, start))) break;
      start = above;
    }
    return /#[^\n]*\bllrt-migrate-ignore\b/.test(this.source.slice(start, valueEnd));
  }

  text(): string {
    const out = this.editor.apply();
    if (out !== this.source) parseYaml(out); // throws if an edit broke the file
    return out;
  }

  /** New keys become YamlEditor leaves: one `set` per scalar, one `include` per list. */
  private addLeaves(path: string[], value: unknown): void {
    if (Array.isArray(value)) this.editor.include(path, value.map(leaf));
    else if (isMapValue(value) && !intrinsicName(value)) {
      for (const [key, inner] of Object.entries(value)) this.addLeaves([...path, key], inner);
    } else this.editor.set(path, leaf(value));
  }
}
