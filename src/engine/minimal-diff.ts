// Rule-agnostic minimal diffs. recast reprints what a rule touched in its own style (`function(`,
// double quotes, re-wrapped objects, re-indented blocks, dropped blank lines and trailing commas).
// After printing, we compare the original and printed texts token by token and keep the ORIGINAL
// text wherever the tokens agree: the printed program's tokens stay exactly as they are, only the
// whitespace between them and the spelling of unchanged tokens come from the user's file. The
// result must parse to the same tree as recast's output, or recast's output is kept.
import { parse, type ParserOptions } from "@babel/parser";
import { diffArrays } from "diff";

export interface Dialect {
  /** TypeScript syntax (`.ts`, `.tsx`, and `.js`, like jscodeshift's `tsx` parser). */
  typescript: boolean;
  jsx: boolean;
}

interface Token {
  /** What must be equal for two tokens to be the same code: kind and text (a string's value, not its quotes). */
  key: string;
  start: number;
  end: number;
  label: string;
}

interface Text {
  text: string;
  tokens: Token[];
}

/** One token of the result: its text comes from the original (`a`) when it has one there. */
interface OutToken {
  a?: number;
  b?: number;
}

// Mirrors jscodeshift's own ts/tsx parser options, so whatever a rule's tree held parses here too.
const basePlugins: NonNullable<ParserOptions["plugins"]> = [
  "asyncGenerators", "decoratorAutoAccessors", "bigInt", "classPrivateMethods", "classPrivateProperties", "classProperties",
  "decorators-legacy", "doExpressions", "dynamicImport", "exportDefaultFrom", "exportNamespaceFrom", "functionBind",
  "functionSent", "importAttributes", "importMeta", "nullishCoalescingOperator", "numericSeparator", "objectRestSpread",
  "optionalCatchBinding", "optionalChaining", ["pipelineOperator", { proposal: "minimal" }], "throwExpressions",
];

function parserOptions(dialect: Dialect): ParserOptions {
  const plugins = [...basePlugins, ...(dialect.typescript ? ["typescript" as const] : []), ...(dialect.jsx ? ["jsx" as const] : [])];
  return { sourceType: "module", allowImportExportEverywhere: true, allowReturnOutsideFunction: true, tokens: true, plugins };
}

type BabelToken = { type: string | { label: string }; value?: unknown; start: number; end: number };

function tokenize(text: string, dialect: Dialect): { tokens: Token[]; program: unknown; comments: string[] } {
  const file = parse(text, parserOptions(dialect)) as unknown as { tokens: BabelToken[]; program: unknown; comments?: Array<{ type: string; value: string }> };
  const tokens = file.tokens.map((t): Token => {
    const label = typeof t.type === "string" ? t.type : t.type.label;
    const raw = text.slice(t.start, t.end);
    return { key: `${label}\0${label === "string" ? String(t.value) : raw}`, start: t.start, end: t.end, label };
  });
  return { tokens, program: file.program, comments: (file.comments ?? []).map((c) => `${c.type}\0${c.value}`) };
}

// Keys that describe where or how a node was written, not what it means.
const layoutKeys = new Set(["start", "end", "loc", "range", "extra", "leadingComments", "trailingComments", "innerComments", "tokens"]);

function sameTree(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const keys = (o: object) => Object.keys(o).filter((k) => !layoutKeys.has(k) && (o as Record<string, unknown>)[k] !== undefined);
  const kx = keys(x);
  const ky = keys(y);
  if (kx.length !== ky.length) return false;
  return kx.every((k) => sameTree((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
}

/** The merged text has every comment of the printed one, plus the ones put back. */
function keepsComments(merged: string[], printed: string[], restored: number): boolean {
  if (merged.length !== printed.length + restored) return false;
  const left = [...merged];
  return printed.every((c) => {
    const at = left.indexOf(c);
    return at >= 0 && left.splice(at, 1).length === 1;
  });
}

/** Tokens whose absence the user's style may prefer: semicolons (ASI) and commas (trailing commas). */
const optionalPunctuation = new Set([";", ","]);

// A line break here changes the meaning (ASI's restricted productions) or ends a line comment.
const breakAfter = new Set(["return", "throw", "break", "continue", "yield", "async", "let", "CommentLine"]);
const breakBefore = new Set(["++/--", "=>"]);
// Between these the break may go or come without ASI being involved.
const joinAfter = new Set(["{", "(", "[", ",", ";", "=", "=>"]);
const joinBefore = new Set(["}", ")", "]", ",", ";", "."]);

const isComment = (t: Token) => t.label === "CommentLine" || t.label === "CommentBlock";
const hasBreak = (s: string) => /[\n\r\u2028\u2029]/.test(s);
const newlineCount = (s: string) => s.split("\n").length - 1;
const startsLine = ({ text, tokens }: Text, i: number) => /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, text.lastIndexOf("\n", tokens[i].start - 1)), tokens[i].start));
const opening = new Set(["{", "${", "(", "[", "#{", "{|", "[|"]);
const closing = new Set(["}", ")", "]", "|}", "|]"]);

/**
 * For each token, its level of indentation by brackets: how many brackets around it are open with a
 * line break after them (`foo({` on one line opens one level, not two).
 */
function bracketDepths({ text, tokens }: Text): number[] {
  const open: boolean[] = [];
  let depth = 0;
  return tokens.map((t, i) => {
    if (closing.has(t.label) && open.length) depth -= Number(open.pop());
    const at = depth;
    if (opening.has(t.label)) {
      const breaks = i + 1 < tokens.length && hasBreak(text.slice(t.end, tokens[i + 1].start));
      open.push(breaks);
      depth += Number(breaks);
    }
    return at;
  });
}

/** The file's indentation step: a tab, or the smallest indentation of a line (2 when none). */
function indentUnit(text: string): string {
  if (/^\t/m.test(text)) return "\t";
  const widths = [...text.matchAll(/^( +)\S/gm)].map((m) => m[1].length).filter((w) => w <= 8);
  return " ".repeat(widths.length ? Math.min(...widths) : 2);
}

/** `gap` from its n-th line break before the end. */
const lastBreaks = (gap: string, n: number) => gap.slice(gap.split("\n", newlineCount(gap) - n + 1).join("\n").length);
const indentOf = (text: string, pos: number) => /^[ \t]*/.exec(text.slice(text.lastIndexOf("\n", pos - 1) + 1))![0];

interface Hunk {
  equal: boolean;
  /** Indexes into the original's tokens. */
  removed: number[];
  /** Indexes into the printed tokens. */
  added: number[];
}

/**
 * The token diff as alternating equal and changed hunks. A short equal run between two larger changes
 * is counted as changed (as diff-match-patch's semantic cleanup does): a `;` or a name that a
 * rewritten statement happens to share with the old one must not pull the old layout into the new code.
 */
function hunks(A: Text, B: Text): Hunk[] {
  const list: Hunk[] = [];
  let i = 0;
  let k = 0;
  for (const part of diffArrays(A.tokens.map((t) => t.key), B.tokens.map((t) => t.key))) {
    const count = part.count ?? part.value.length;
    const equal = !part.added && !part.removed;
    let last = list[list.length - 1];
    if (!last || last.equal !== equal || equal) list.push((last = { equal, removed: [], added: [] }));
    for (let n = 0; n < count; n++) {
      if (!part.added) last.removed.push(i++);
      if (!part.removed) last.added.push(k++);
    }
  }
  const size = (h: Hunk | undefined) => (h ? Math.max(h.removed.length, h.added.length) : 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (let n = 1; n + 1 < list.length; n++) {
      const run = list[n];
      if (!run.equal || run.removed.length > size(list[n - 1]) || run.removed.length > size(list[n + 1]) || wholeLine(A, run.removed)) continue;
      if (punctuationOnly(list[n - 1], A, B) && punctuationOnly(list[n + 1], A, B)) continue;
      const [before, after] = [list[n - 1], list[n + 1]];
      list.splice(n - 1, 3, {
        equal: false,
        removed: [...before.removed, ...run.removed, ...after.removed],
        added: [...before.added, ...run.added, ...after.added],
      });
      changed = true;
    }
  }
  for (let n = 1; n + 1 < list.length; n++) if (!list[n].equal) slide(list[n - 1], list[n], list[n + 1], A, B);
  for (let n = 0; n < list.length; n++) if (!list[n].equal) wholeLines(list[n - 1], list[n], list[n + 1], A, B);
  return list;
}

/** A change of nothing but semicolons and commas (a style difference, see Merge.tokens). */
function punctuationOnly(hunk: Hunk, A: Text, B: Text): boolean {
  return [...hunk.removed.map((i) => A.tokens[i]), ...hunk.added.map((i) => B.tokens[i])].every((t) => optionalPunctuation.has(t.label));
}

/** Whether tokens `run` of `text` fill their lines (a line the user wrote, kept as it was). */
function wholeLine({ text, tokens }: Text, run: number[]): boolean {
  const last = tokens[run[run.length - 1]];
  const next = tokens[run[run.length - 1] + 1];
  return startsLine({ text, tokens }, run[0]) && (!next || hasBreak(text.slice(last.end, next.start)));
}

/**
 * A change that spans lines takes in the unchanged tokens that share its first and last lines, so
 * those lines are printed one way, not half in the old layout and half in the new.
 */
function wholeLines(before: Hunk | undefined, hunk: Hunk, after: Hunk | undefined, A: Text, B: Text): void {
  const [side, text] = hunk.removed.length ? (["removed", A] as const) : (["added", B] as const);
  const run = hunk[side];
  const between = (i: number, k: number) => text.text.slice(text.tokens[i].end, text.tokens[k].start);
  if (!hasBreak(text.text.slice(text.tokens[run[0]].start, text.tokens[run[run.length - 1]].end))) return;
  while (before?.equal && before[side].length && !hasBreak(between(before[side][before[side].length - 1], hunk[side][0]))) {
    hunk.removed.unshift(before.removed.pop()!);
    hunk.added.unshift(before.added.pop()!);
  }
  while (after?.equal && after[side].length && after[side][0] !== text.tokens.length - 1 && !hasBreak(between(hunk[side][hunk[side].length - 1], after[side][0]))) {
    hunk.removed.push(after.removed.shift()!);
    hunk.added.push(after.added.shift()!);
  }
}

/**
 * A run of only removed (or only added) tokens can often sit at several places with the same result
 * (`a; const x = 1; const y` loses `const x = 1;` or `x = 1; const`): pick the place where it covers
 * whole lines, so the lines around it keep their text.
 */
function slide(before: Hunk, hunk: Hunk, after: Hunk, A: Text, B: Text): void {
  const side = hunk.added.length === 0 ? "removed" : hunk.removed.length === 0 ? "added" : undefined;
  if (!side || !before.equal || !after.equal) return;
  const { text, tokens } = side === "removed" ? A : B;
  const run = hunk[side];
  const key = (i: number) => tokens[i].key;
  const breakBefore = (i: number) => i === 0 || hasBreak(text.slice(tokens[i - 1].end, tokens[i].start));
  const score = (first: number, last: number) => Number(breakBefore(first)) + Number(last + 1 >= tokens.length || breakBefore(last + 1));
  let [first, last] = [run[0], run[run.length - 1]];
  if (score(first, last) === 2) return;
  while (before[side].length && key(first - 1) === key(last) && score(first - 1, last - 1) >= score(first, last)) {
    const moved = { removed: before.removed.pop()!, added: before.added.pop()! };
    after.removed.unshift(side === "removed" ? last : moved.removed);
    after.added.unshift(side === "added" ? last : moved.added);
    first--, last--;
    if (score(first, last) === 2) break;
  }
  while (after[side].length && key(last + 1) === key(first) && score(first + 1, last + 1) > score(first, last)) {
    const moved = { removed: after.removed.shift()!, added: after.added.shift()! };
    before.removed.push(side === "removed" ? first : moved.removed);
    before.added.push(side === "added" ? first : moved.added);
    first++, last++;
  }
  hunk[side] = run.map((_, n) => first + n);
}

/** Comments of the original that the printed text no longer has, as a budget per comment text. */
function lostComments(A: Text, B: Text): { take(key: string): boolean } {
  const missing = new Map<string, number>();
  for (const t of A.tokens) if (isComment(t)) missing.set(t.key, (missing.get(t.key) ?? 0) + 1);
  for (const t of B.tokens) if (isComment(t) && missing.has(t.key)) missing.set(t.key, missing.get(t.key)! - 1);
  return {
    take(key) {
      const left = missing.get(key) ?? 0;
      if (left > 0) missing.set(key, left - 1);
      return left > 0;
    },
  };
}

class Merge {
  /** How many comments of the original this merge put back. */
  restoredComments = 0;
  private lastMatched = -1;
  /** Printed tokens whose blank line above them stays. */
  private readonly blankLineBefore = new Set<number>();

  private readonly depthA: number[];
  private readonly depthB: number[];
  /** One level of the original's indentation. */
  private readonly unit: string;

  constructor(private readonly A: Text, private readonly B: Text, private readonly punctuationFromOriginal: boolean) {
    this.depthA = bracketDepths(A);
    this.depthB = bracketDepths(B);
    this.unit = indentUnit(A.text);
  }

  /** The tokens of the result: B's, with a link to A's where A has the same token at that place. */
  tokens(): OutToken[] {
    const { A, B } = this;
    const out: OutToken[] = [];
    const lost = lostComments(A, B);
    for (const hunk of hunks(A, B)) {
      if (hunk.equal) {
        for (let k = 0; k < hunk.removed.length; k++) out.push({ a: hunk.removed[k], b: hunk.added[k] });
        if (hunk.removed.length) this.lastMatched = hunk.removed[hunk.removed.length - 1];
        continue;
      }
      if (this.punctuationFromOriginal && punctuationOnly(hunk, A, B)) {
        out.push(...hunk.removed.map((i) => ({ a: i })));
        continue;
      }
      // A comment the printed code lost stays where it was: before the new code unless it trailed all of the old.
      const restored = hunk.removed.filter((i) => lost.take(A.tokens[i].key));
      const lastCode = Math.max(-1, ...hunk.removed.filter((i) => !isComment(A.tokens[i])));
      out.push(...restored.filter((i) => i < lastCode).map((i) => ({ a: i })));
      this.keepBlankLines(hunk);
      out.push(...hunk.added.map((i) => ({ b: i })));
      out.push(...restored.filter((i) => i > lastCode).map((i) => ({ a: i })));
      this.restoredComments += restored.length;
    }
    return out;
  }

  /**
   * A change keeps as many blank lines as the original had where it is, at the last places where the
   * printer put one (a blank line usually ends a group of statements).
   */
  private keepBlankLines(hunk: Hunk): void {
    const { A, B } = this;
    const before = Math.max(0, hunk.removed.length ? hunk.removed[0] - 1 : this.lastMatched);
    const after = Math.min(hunk.removed.length ? hunk.removed[hunk.removed.length - 1] + 1 : this.lastMatched + 1, A.tokens.length - 1);
    const blankInA = (i: number) => newlineCount(this.gapA(i, i + 1)) > 1;
    const first = Math.max(1, hunk.added[0]);
    const last = Math.min(hunk.added[hunk.added.length - 1] + 1, B.tokens.length - 1);
    const blankInB = (k: number) => newlineCount(this.gapB(k - 1, k)) > 1;
    const places: number[] = [];
    for (let k = first; k <= last; k++) if (blankInB(k)) places.push(k);
    let count = 0;
    for (let i = before; i < after; i++) if (blankInA(i)) count++;
    // The blank lines at either end of the change stay at that end.
    if (before < after && blankInA(before) && places[0] === first) this.blankLineBefore.add(places.shift()!), count--;
    if (before < after && blankInA(after - 1) && places[places.length - 1] === last) this.blankLineBefore.add(places.pop()!), count--;
    for (const k of places.slice(Math.max(0, places.length - count))) this.blankLineBefore.add(k);
  }

  text(): string {
    const { A, B } = this;
    const out = this.tokens();
    if (out.length === 0) return B.text;
    const first = out[0];
    const raw = out.map((x) => (x.a !== undefined ? A.text.slice(A.tokens[x.a].start, A.tokens[x.a].end) : B.text.slice(B.tokens[x.b!].start, B.tokens[x.b!].end)));
    const gaps = [first.a === 0 ? A.text.slice(0, A.tokens[0].start) : first.b === 0 ? B.text.slice(0, B.tokens[0].start) : ""];
    // The last unchanged token that starts a line in both texts: how recast indented it tells how far
    // it moved the lines it printed.
    let anchor: OutToken | undefined;
    for (let i = 1; i < out.length; i++) {
      const x = out[i - 1];
      if (x.a !== undefined && x.b !== undefined && startsLine(A, x.a) && startsLine(B, x.b)) anchor = x;
      gaps.push(this.gap(x, out[i], anchor));
    }
    this.matchBrackets(out, gaps, raw);
    return raw.map((text, i) => gaps[i] + text).join("");
  }

  private label(x: OutToken): string {
    return x.a !== undefined ? this.A.tokens[x.a].label : this.B.tokens[x.b!].label;
  }

  /**
   * Where old and new layouts meet inside one pair of brackets, one may break the line after the
   * opening bracket and the other not before the closing one (`{ a: 1,\n}`). Make both sides agree:
   * on one line when nothing inside breaks, else the closing bracket on a line of its own.
   */
  private matchBrackets(out: OutToken[], gaps: string[], raw: string[]): void {
    const stack: number[] = [];
    for (let i = 0; i < out.length; i++) {
      const label = this.label(out[i]);
      if (["{", "${", "(", "["].includes(label)) stack.push(i);
      if (!["}", ")", "]"].includes(label)) continue;
      const open = stack.pop();
      if (open === undefined || i === open + 1) continue;
      const opened = hasBreak(gaps[open + 1]);
      if (opened === hasBreak(gaps[i])) continue;
      const insideBreaks = gaps.slice(open + 2, i).some(hasBreak) || out.slice(open + 1, i).some((x) => this.label(x) === "CommentLine");
      if (!insideBreaks && this.label(out[i - 1]) !== "CommentLine") {
        const space = this.label(out[open]) === "{" && label === "}" ? " " : "";
        gaps[open + 1] = space;
        gaps[i] = space;
      } else if (opened) {
        const upToOpen = raw.slice(0, open + 1).map((text, n) => gaps[n] + text).join("");
        gaps[i] = "\n" + indentOf(upToOpen, upToOpen.length);
      }
    }
  }

  private gapA(from: number, to: number): string {
    return this.A.text.slice(this.A.tokens[from].end, this.A.tokens[to].start);
  }

  private gapB(from: number, to: number): string {
    return this.B.text.slice(this.B.tokens[from].end, this.B.tokens[to].start);
  }

  /** The whitespace between two consecutive tokens of the result. */
  private gap(x: OutToken, y: OutToken, anchor: OutToken | undefined): string {
    const { A } = this;
    const chosen = this.ownIndent(this.preferredGap(x, y, anchor), y);
    // Where B has both tokens, a line break B does not have (or lacks one B has) must not change the parse.
    if (x.b === undefined || y.b === undefined) return chosen;
    const printed = this.gapB(x.b, y.b);
    if (hasBreak(printed) === hasBreak(chosen)) return chosen;
    const left = x.a !== undefined ? A.tokens[x.a].label : this.B.tokens[x.b].label;
    const right = y.a !== undefined ? A.tokens[y.a].label : this.B.tokens[y.b].label;
    const safe = hasBreak(printed) ? joinAfter.has(left) || joinBefore.has(right) : !breakAfter.has(left) && !breakBefore.has(right);
    return safe ? chosen : this.reindent(printed, anchor);
  }

  private preferredGap(x: OutToken, y: OutToken, anchor: OutToken | undefined): string {
    const { A } = this;
    const printed = this.printedGap(x, y);
    if (x.a !== undefined && y.a !== undefined) {
      if (y.a === x.a + 1) return this.gapA(x.a, y.a);
      // Original tokens were removed between x and y.
      const after = this.gapA(x.a, x.a + 1);
      const before = this.gapA(y.a - 1, y.a);
      // Within a line: the printer knows how x and y sit side by side.
      if (!hasBreak(after) || !hasBreak(before)) return x.b !== undefined && y.b !== undefined ? printed : hasBreak(before) ? after : before;
      // Whole lines went: keep the blank lines around them, and y's own indentation.
      if (["{", "(", "["].includes(A.tokens[x.a].label)) return after;
      if (["}", ")", "]"].includes(A.tokens[y.a].label)) return before;
      return newlineCount(after) > newlineCount(before) ? after.slice(0, after.lastIndexOf("\n") + 1) + before.slice(before.lastIndexOf("\n") + 1) : before;
    }
    // A comment put back: its own whitespace after it (a line comment always ends its line).
    if (x.a !== undefined && x.b === undefined && isComment(A.tokens[x.a])) {
      const own = x.a + 1 < A.tokens.length ? this.gapA(x.a, x.a + 1) : "\n";
      return hasBreak(own) || A.tokens[x.a].label !== "CommentLine" ? own : "\n" + indentOf(A.text, A.tokens[x.a].start);
    }
    if (y.a !== undefined && y.b === undefined && isComment(A.tokens[y.a]) && y.a > 0) return this.gapA(y.a - 1, y.a);
    // Next to new code: the printer's whitespace, indented like the unchanged code around it, with no
    // more blank lines than the original had where the change is (new blank lines are diff noise).
    const gap = this.reindent(printed, anchor);
    if (newlineCount(gap) < 2) return gap;
    // Before unchanged code, its own blank lines above it stay.
    if (y.a !== undefined && y.a > 0 && newlineCount(this.gapA(y.a - 1, y.a)) > 1) return lastBreaks(gap, 2);
    return lastBreaks(gap, y.b !== undefined && this.blankLineBefore.has(y.b) ? 2 : 1);
  }

  /** B's whitespace at the place of the gap between x and y, whichever of them B has. */
  private printedGap(x: OutToken, y: OutToken): string {
    const last = this.B.tokens.length - 1;
    if (x.b !== undefined && y.b !== undefined) return this.gapB(x.b, y.b);
    if (y.b !== undefined && y.b > 0) return this.gapB(y.b - 1, y.b);
    if (x.b !== undefined && x.b < last) return this.gapB(x.b, x.b + 1);
    return " ";
  }

  /** A printed line break's indentation, moved by how far recast moved the nearest unchanged line. */
  private reindent(gap: string, anchor: OutToken | undefined): string {
    if (!hasBreak(gap)) return gap;
    const { A, B } = this;
    const lastBreak = gap.lastIndexOf("\n") + 1;
    let indent = gap.slice(lastBreak);
    // recast indents new code with spaces even in a file indented with tabs.
    if (this.unit === "\t") indent = indent.replace(/^ +/, (spaces) => "\t".repeat(Math.floor(spaces.length / 4)) + " ".repeat(spaces.length % 4));
    if (anchor) {
      const indentA = indentOf(A.text, A.tokens[anchor.a!].start);
      const indentB = indentOf(B.text, B.tokens[anchor.b!].start).replace(/^ +/, (spaces) => (this.unit === "\t" ? "\t".repeat(Math.floor(spaces.length / 4)) + " ".repeat(spaces.length % 4) : spaces));
      if (indentA !== indentB && indent.startsWith(indentB)) indent = indentA + indent.slice(indentB.length);
    }
    return gap.slice(0, lastBreak) + indent;
  }

  /**
   * A line that starts with an unchanged token keeps the original's indentation, shifted by as many
   * levels as the code moved in or out of brackets (an object literal that became a declaration).
   */
  private ownIndent(gap: string, y: OutToken): string {
    if (y.a === undefined || !hasBreak(gap) || !startsLine(this.A, y.a)) return gap;
    let indent = indentOf(this.A.text, this.A.tokens[y.a].start);
    const shift = y.b === undefined ? 0 : this.depthB[y.b] - this.depthA[y.a];
    for (let n = 0; n < shift; n++) indent = this.unit + indent;
    for (let n = 0; n > shift && indent.startsWith(this.unit); n--) indent = indent.slice(this.unit.length);
    return gap.slice(0, gap.lastIndexOf("\n") + 1) + indent;
  }
}

/**
 * `printed` (a rule's output) with the original text kept for every stretch of code whose tokens did
 * not change. Returns `printed` itself when either text does not parse or no merge gives the same tree.
 */
export function keepOriginalText(original: string, printed: string, dialect: Dialect): string {
  if (original === printed) return printed;
  let A: Text;
  let B: Text;
  let printedTree: unknown;
  let printedComments: string[];
  try {
    const a = tokenize(original, dialect);
    const b = tokenize(printed, dialect);
    A = { text: original, tokens: a.tokens };
    B = { text: printed, tokens: b.tokens };
    printedTree = b.program;
    printedComments = b.comments;
  } catch {
    return printed;
  }
  // First with the original's semicolons and trailing commas, then without, then recast's text as is.
  for (const punctuationFromOriginal of [true, false]) {
    const merge = new Merge(A, B, punctuationFromOriginal);
    const merged = merge.text();
    if (merged === printed) return printed;
    try {
      const tree = tokenize(merged, dialect);
      if (sameTree(tree.program, printedTree) && keepsComments(tree.comments, printedComments, merge.restoredComments)) return merged;
    } catch {
      // not valid: try the next, more conservative merge
    }
  }
  return printed;
}
