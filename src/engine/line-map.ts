// Maps line numbers of a generated text back to the text it was generated from. The AWS codemod
// returns text, and findings must name the line the user has, not a line of the codemod's output.
import { diffLines } from "diff";

/** For each 1-based line of `after`, the 1-based line of `before` it comes from (or sits at). */
export function lineMap(before: string, after: string): (afterLine: number) => number {
  const map: number[] = [0];
  let beforeLine = 1;
  let removedAt: number | undefined;
  for (const change of diffLines(before, after)) {
    const count = change.count ?? change.value.split("\n").length - 1;
    if (change.removed) {
      removedAt ??= beforeLine;
      beforeLine += count;
    } else if (change.added) {
      // A rewritten line belongs to the original lines it replaced; an inserted one to the code after it.
      for (let i = 0; i < count; i++) map.push(removedAt ?? beforeLine);
      removedAt = undefined;
    } else {
      // Blank lines between a removed block and its replacement do not end the rewritten region.
      if (change.value.trim() !== "") removedAt = undefined;
      for (let i = 0; i < count; i++) map.push(beforeLine + i);
      beforeLine += count;
    }
  }
  const lastBefore = Math.max(1, before.split("\n").length);
  return (afterLine) => Math.min(map[afterLine] ?? lastBefore, lastBefore);
}
