// Minimal byte edits: every format keeps the user's file as it was outside the ranges we replace.

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export class TextEdits {
  private readonly edits: TextEdit[] = [];

  replace(start: number, end: number, text: string): this {
    this.edits.push({ start, end, text });
    return this;
  }

  insert(at: number, text: string): this {
    return this.replace(at, at, text);
  }

  get size(): number {
    return this.edits.length;
  }

  /** Applies every edit; overlapping edits are a bug in the caller, so they throw. */
  apply(source: string): string {
    const sorted = [...this.edits].sort((a, b) => b.start - a.start || b.end - a.end);
    let out = source;
    let limit = Infinity;
    for (const edit of sorted) {
      if (edit.end > limit) throw new Error(`overlapping text edits at offset ${edit.start}`);
      out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      limit = edit.start;
    }
    return out;
  }
}
