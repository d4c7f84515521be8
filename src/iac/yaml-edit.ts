// "Ensure this key has this value" edits on block-style YAML, spliced into the text so everything we
// do not touch stays byte for byte (see yaml-source.ts for why we never re-stringify the Document).
// New keys are collected per insertion point and written once, so several edits that create the same
// missing parent (e.g. `resources.extensions`) produce one well-formed block.
import { isMap, isScalar, isSeq } from "yaml";
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { TextEdits } from "../engine/text-edits";
import type { TextEdit } from "../engine/text-edits";
import { lineColumnAt } from "../engine/text-position";
import { mapGet, plainString, scalarLike } from "./yaml-source";

/** An edit we cannot make safely (a flow map, a `${...}` variable, an intrinsic): the caller reports it. */
export class YamlEditError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type Tree = Map<string, string | string[] | Tree>;
/** Text to insert at one offset: block lines, items appended to a flow sequence, or keys appended to a flow map. */
type Pending =
  | { kind: "map"; indent: number; tree: Tree }
  | { kind: "seq"; indent: number; items: string[] }
  | { kind: "flow"; items: string[] }
  | { kind: "flowmap"; lead: string; tree: Tree };
const inline = (p: Pending) => p.kind === "flow" || p.kind === "flowmap";

/** A plain scalar when YAML reads it back as the same string, a JSON-quoted one otherwise. */
export function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_./][A-Za-z0-9_./@:*+=-]*$/.test(value) && !/:$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[-+.\d][\d.e+-]*)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

/** True when a value is computed by the framework (`${...}`) or an intrinsic tag: never rewritten. */
const isComputed = (node: Node | null | undefined) =>
  !!node && ((isScalar(node) && (!!node.tag || (typeof node.value === "string" && node.value.includes("${")))) || !!(node as { tag?: string }).tag);

export class YamlEditor {
  private readonly replacements: TextEdit[] = [];
  private readonly pending = new Map<number, Pending[]>();
  private readonly unit: number;

  constructor(
    private readonly text: string,
    private readonly doc: Document,
  ) {
    // The file's own indentation step: the column of the first nested key.
    this.unit = Number(/\n( +)[^\s#-]/.exec(text)?.[1].length ?? 2) || 2;
  }

  get changed(): boolean {
    return this.replacements.length > 0 || this.pending.size > 0;
  }

  /** The value node at `path` (undefined when some key is missing). */
  get(path: string[]): Node | null | undefined {
    let node: unknown = this.doc.contents;
    for (const key of path) {
      node = mapGet(node, key);
      if (node === undefined) return undefined;
    }
    return node as Node | null;
  }

  /** Ensures `path` holds the scalar `value`, creating missing maps. Returns true when it edits. */
  set(path: string[], value: string | number): boolean {
    const { node, parent, rest } = this.walk(path);
    const raw = String(value);
    if (rest.length === 0) {
      if (!isScalar(node) || isComputed(node)) throw this.error(node, `\`${path.join(".")}\` is not a plain value`);
      const scalar = node as Scalar;
      // Already equal, or already set by an earlier call (several functions share a provider key).
      if (String(scalar.value) === raw || this.replacements.some((r) => r.start === scalar.range![0])) return false;
      const replacement = typeof value === "number" ? raw : scalar.type === "PLAIN" ? yamlScalar(raw) : scalarLike(scalar, raw);
      this.replacements.push({ start: scalar.range![0], end: scalar.range![1], text: replacement });
      return true;
    }
    this.addToTree(parent, rest, typeof value === "number" ? verbatim(raw) : raw);
    return true;
  }

  /** Ensures the sequence at `path` contains each value (appended in order), creating it when missing. */
  include(path: string[], values: string[]): boolean {
    const { node, parent, rest } = this.walk(path);
    if (rest.length > 0) return this.addToTree(parent, rest, values), true;
    if (!isSeq(node)) throw this.error(node, `\`${path.join(".")}\` is not a list`);
    const seq = node as YAMLSeq<Node>;
    const present = new Set(seq.items.map((item) => plainString(item)));
    const missing = values.filter((v) => !present.has(v));
    if (missing.length === 0) return false;
    if (seq.flow) {
      const last = seq.items[seq.items.length - 1];
      const at = last?.range ? last.range[1] : seq.range![0] + 1;
      const entry = this.pendingAt(at, () => ({ kind: "flow", items: [] })) as { items: string[] };
      entry.items.push(...missing.map((v) => (last || entry.items.length ? ", " : "") + renderInFlow(v)));
      return true;
    }
    const first = seq.items[0].range![0];
    const lineStart = this.text.lastIndexOf("\n", first - 1) + 1;
    const indent = this.text.indexOf("-", lineStart) - lineStart;
    const entry = this.pendingAt(this.afterLastLine(seq), () => ({ kind: "seq", indent, items: [] }));
    (entry as { items: string[] }).items.push(...missing);
    return true;
  }

  /** Replaces a scalar node the caller found itself (e.g. a list item, which `set` cannot reach), keeping its quoting. */
  replaceScalar(node: Scalar, value: string): void {
    const text = node.type === "PLAIN" ? yamlScalar(value) : scalarLike(node, value);
    this.replacements.push({ start: node.range![0], end: node.range![1], text });
  }

  /** Copies the source text of a sequence's items (e.g. provider layers a function must repeat). */
  itemsSource(path: string[]): string[] {
    const node = this.get(path);
    return isSeq(node) ? (node as YAMLSeq<Node>).items.map((item) => this.text.slice(item.range![0], item.range![1])) : [];
  }

  apply(): string {
    const edits = new TextEdits();
    for (const r of this.replacements) edits.replace(r.start, r.end, r.text);
    for (const [at, entries] of this.pending) {
      // Deeper blocks first: they continue the collection that ends here, shallower ones follow it.
      const depth = (p: Pending) => (p.kind === "flow" || p.kind === "flowmap" ? Infinity : p.indent);
      const body = [...entries].sort((a, b) => depth(b) - depth(a)).map((entry) => {
        if (entry.kind === "flow") return entry.items.join("");
        if (entry.kind === "flowmap") return entry.lead + renderFlowTree(entry.tree);
        if (entry.kind === "map") return this.renderTree(entry.tree, entry.indent);
        return entry.items.map((v) => `${" ".repeat(entry.indent)}- ${render(v)}\n`).join("");
      }).join("");
      const lead = !inline(entries[0]) && at > 0 && this.text[at - 1] !== "\n" ? "\n" : "";
      edits.insert(at, lead + body);
    }
    // Replacements and insertions never overlap: insertions sit at line starts after whole nodes.
    return edits.apply(this.text);
  }

  private walk(path: string[]): { node: Node | null | undefined; parent: { map: YAMLMap | null; pair?: Pair }; rest: string[] } {
    let map = this.doc.contents as Node | null;
    let pair: Pair | undefined;
    for (let i = 0; i < path.length; i++) {
      if (map === null || (isScalar(map) && (map.value === null || map.value === ""))) {
        return { node: undefined, parent: { map: null, pair }, rest: path.slice(i) };
      }
      if (!isMap(map) || isComputed(map)) throw this.error(map, `\`${path.slice(0, i).join(".")}\` is not a map`);
      const found = (map as YAMLMap).items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === path[i]);
      if (!found) return { node: undefined, parent: { map: map as YAMLMap, pair }, rest: path.slice(i) };
      if (i === path.length - 1) return { node: (found.value ?? null) as Node | null, parent: { map: map as YAMLMap, pair: found }, rest: [] };
      pair = found;
      map = (found.value ?? null) as Node | null;
    }
    return { node: map, parent: { map: null }, rest: [] };
  }

  private addToTree(parent: { map: YAMLMap | null; pair?: Pair }, rest: string[], leaf: string | string[]): void {
    const entry = parent.map?.flow ? this.flowMapEntry(parent.map) : this.blockMapEntry(parent);
    let tree = entry.tree;
    for (const key of rest.slice(0, -1)) {
      let next = tree.get(key);
      if (!(next instanceof Map)) tree.set(key, (next = new Map()));
      tree = next;
    }
    const last = rest[rest.length - 1];
    const existing = tree.get(last);
    if (Array.isArray(existing) && Array.isArray(leaf)) existing.push(...leaf.filter((v) => !existing.includes(v)));
    else tree.set(last, Array.isArray(leaf) ? [...leaf] : leaf);
  }

  /** New keys of a flow map `{a: 1}` go after its last pair, in flow style: `{a: 1, b: 2}`. */
  private flowMapEntry(map: YAMLMap): { tree: Tree } {
    const last = map.items[map.items.length - 1] as Pair | undefined;
    const lastNode = (last?.value ?? last?.key) as Node | undefined;
    const at = lastNode?.range ? lastNode.range[1] : map.range![0] + 1;
    const entry = this.pendingAt(at, () => ({ kind: "flowmap", lead: lastNode ? ", " : "", tree: new Map() }));
    if (entry.kind !== "flowmap") throw new Error("conflicting YAML insertions");
    return entry;
  }

  private blockMapEntry(parent: { map: YAMLMap | null; pair?: Pair }): { tree: Tree } {
    let at: number;
    let indent: number;
    if (parent.map && parent.map.items.length > 0) {
      const firstKey = parent.map.items[0].key as Node;
      indent = lineColumnAt(this.text, firstKey.range![0]).column - 1;
      at = this.afterLastLine(parent.map);
    } else {
      // An empty value (`resources:` with nothing under it): the new keys go under its key.
      const key = parent.pair?.key as Node | undefined;
      indent = key ? lineColumnAt(this.text, key.range![0]).column - 1 + this.unit : 0;
      at = key ? this.lineEnd(key.range![1]) : this.text.length;
      if (parent.pair?.value && isScalar(parent.pair.value) && (parent.pair.value as Scalar).source === "") at = this.lineEnd(key!.range![1]);
    }
    const entry = this.pendingAt(at, () => ({ kind: "map", indent, tree: new Map() }));
    if (entry.kind !== "map") throw new Error("conflicting YAML insertions");
    return entry;
  }

  private renderTree(tree: Tree, indent: number): string {
    const pad = " ".repeat(indent);
    let out = "";
    for (const [key, value] of tree) {
      if (typeof value === "string") out += `${pad}${key}: ${render(value)}\n`;
      else if (Array.isArray(value)) out += `${pad}${key}:\n` + value.map((v) => `${pad}${" ".repeat(this.unit)}- ${render(v)}\n`).join("");
      else out += `${pad}${key}:\n` + this.renderTree(value, indent + this.unit);
    }
    return out;
  }

  /** The insertion at `at` of this kind and indentation (blocks of several depths can end at one offset). */
  private pendingAt(at: number, make: () => Pending): Pending {
    const wanted = make();
    const list = this.pending.get(at) ?? [];
    this.pending.set(at, list);
    const same = list.find((p) => p.kind === wanted.kind && (inline(p) || (p as { indent: number }).indent === (wanted as { indent: number }).indent));
    if (same) return same;
    list.push(wanted);
    return wanted;
  }

  /** The offset just after the line on which a collection's last item ends. */
  private afterLastLine(node: Node): number {
    const items = (node as YAMLMap | YAMLSeq).items as unknown[];
    const last = items[items.length - 1] as Pair | Node;
    const lastNode = (isScalar(last) || isMap(last) || isSeq(last) ? last : ((last as Pair).value ?? (last as Pair).key)) as Node;
    const end = lastNode.range![1];
    return this.text[end - 1] === "\n" ? end : this.lineEnd(end);
  }

  private lineEnd(offset: number): number {
    const nl = this.text.indexOf("\n", offset);
    return nl < 0 ? this.text.length : nl + 1;
  }

  private error(node: unknown, message: string): YamlEditError {
    const { line, column } = lineColumnAt(this.text, (node as Node | null)?.range?.[0] ?? 0);
    return new YamlEditError(message, line, column);
  }
}

/** Marks text as already-rendered YAML (e.g. copied list items), so it is written verbatim. */
export const verbatim = (source: string) => `\0${source}`;
const render = (value: string) => (value.startsWith("\0") ? value.slice(1) : yamlScalar(value));

/** A value inside a flow collection: quoted when it holds a `:` (older parsers such as PyYAML's read it as an indicator there). */
const renderInFlow = (value: string) => {
  const text = render(value);
  return !value.startsWith("\0") && text === value && value.includes(":") ? JSON.stringify(value) : text;
};

/** `a: 1, b: [x, y], c: {d: 2}`: a tree of new keys in flow style (inside a flow map). */
const renderFlowTree = (tree: Tree): string =>
  [...tree].map(([key, value]) => `${key}: ${typeof value === "string" ? renderInFlow(value) : Array.isArray(value) ? `[${value.map(renderInFlow).join(", ")}]` : `{${renderFlowTree(value)}}`}`).join(", ");
