// Leaving a function's runtime as it is: the user opts it out (a `llrt-migrate-ignore` comment on its
// declaration, or an `exclude` pattern matching its code), or the engine keeps it where it is (its
// code cannot run on LLRT, so it stays runnable on Node.js). Such functions are listed (the report
// shows them) but never edited.
import { gitignoreMatcher } from "../engine/scope";
import type { MigrationOptions } from "../engine/types";

export const ignoreMarker = "llrt-migrate-ignore";

/**
 * Why the user opted a function out, or undefined when they did not. `paths`: its entry file and code
 * directory (a folder ends with `/`, so exclude patterns follow .gitignore semantics).
 */
export function skipReason(options: MigrationOptions, marked: boolean, paths: Array<string | null | undefined>): string | undefined {
  if (marked) return `it is marked ${ignoreMarker}`;
  const excluded = gitignoreMatcher(options.exclude);
  return paths.some((p) => p && excluded(p)) ? "its code matches an exclude pattern" : undefined;
}

/** A code directory as an exclude pattern sees it: a folder, with a trailing `/`. */
export const asFolder = (dir: string | null | undefined) => (dir == null ? dir : `${dir.replace(/\/+$/, "")}/`);

/** The comment line just above `offset` (where an opt-out marker on a declaration usually sits) and the text up to `end`. */
export function markedBetween(text: string, offset: number, end: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const previousLine = text.slice(text.lastIndexOf("\n", lineStart - 2) + 1, lineStart);
  return new RegExp(`\\b${ignoreMarker}\\b`).test(previousLine + text.slice(lineStart, end));
}
