// What the output gate compares between a file's text before and after the rules: whether it parses,
// the problems a parser does not report (keyed, so only new ones count), and its comments.

/** Something wrong with a text, at a 1-based line of that text. */
export interface TextProblem {
  /** Identifies the problem across two versions of a file (e.g. `duplicate:S3`): only new keys count. */
  key: string;
  message: string;
  line: number;
}

export interface Comment {
  /** The comment without delimiters, whitespace collapsed: moving or re-indenting it keeps it equal. */
  text: string;
  line: number;
}

export interface TextReading {
  /** Why the text does not parse; undefined when it does. */
  syntax?: TextProblem;
  problems: TextProblem[];
  comments: Comment[];
}

/** A comment's text as the gate compares it: no delimiters, no leading `*` of doc blocks, one space between words. */
export function commentText(raw: string): string {
  return raw
    .replace(/^\s*(\/\/|\/\*+|#)/, "")
    .replace(/\*+\/\s*$/, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\*(?!\/)/, ""))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Strips the ` (line:column)` suffix parsers put on messages. */
export const withoutPosition = (message: string) => message.replace(/\s*\(\d+:\d+\)\s*$/, "");
