// Repository text (file names, function names, messages that quote code, excerpts) placed in
// Markdown that GitHub renders. None of it may become markup: no @mention or team ping, no HTML
// (`<img onerror>`, a stray `</details>`), no heading, no code span or fence it can close early.

/** Longest run of backticks in the text. */
const longestBacktickRun = (text: string) => Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));

/** A zero-width space after `@`: GitHub no longer sees a mention (or a team ping). */
export const noMentions = (text: string) => text.replace(/@(?=[\w-])/g, "@\u200b");

/** Text as HTML character data (inside `<summary>` and the like). */
export const htmlText = (text: string) =>
  noMentions(text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " "));

/** An inline code span that shows the text as is, whatever backticks it holds (one line). */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const ticks = "`".repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run inside, so nothing closes it early. */
export function codeBlock(text: string): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}\n${text}\n${fence}`;
}

/** Excerpt lines longer than this are cut: one minified line must not fill the page. */
export const maxExcerptLine = 240;

export const cutLine = (line: string, max = maxExcerptLine) => (line.length > max ? `${line.slice(0, max)} … (${line.length - max} more characters)` : line);

/**
 * Text shown as itself in a Markdown line, table cell or heading: HTML escaped, Markdown punctuation
 * backslash-escaped (no emphasis, link, heading, table column or code span), no mention, one line.
 */
export const inlineText = (text: string, max = 300) =>
  htmlText(cutLine(text, max)).replace(/[\\`*_{}[\]()#+!|~]/g, "\\$&");
