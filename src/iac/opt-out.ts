// Opting a function out: a `llrt-migrate-ignore` comment on its declaration, or an `exclude` glob
// matching its code. Skipped functions are listed (the report shows them) but never edited.
import picomatch from "picomatch";
import type { MigrationOptions } from "../engine/types";

export const ignoreMarker = "llrt-migrate-ignore";

/** Why a function is skipped, or undefined when it is migrated. `paths`: its entry file and code directory. */
export function skipReason(options: MigrationOptions, marked: boolean, paths: Array<string | null | undefined>): string | undefined {
  if (marked) return `it is marked ${ignoreMarker}`;
  if (options.exclude.length === 0) return undefined;
  const excluded = picomatch(options.exclude, { dot: true });
  return paths.some((p) => p && excluded(p)) ? "its code matches an exclude pattern" : undefined;
}

/** The comment line just above `offset` (where an opt-out marker on a declaration usually sits) and the text up to `end`. */
export function markedBetween(text: string, offset: number, end: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const previousLine = text.slice(text.lastIndexOf("\n", lineStart - 2) + 1, lineStart);
  return new RegExp(`\\b${ignoreMarker}\\b`).test(previousLine + text.slice(lineStart, end));
}
