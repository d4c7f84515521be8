// Unified diffs in git's format, so `git apply` (run at the project root) accepts the dry-run output.
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from "diff";
import type { FileChange } from "../engine/types";

export function unifiedDiff(change: FileChange): string {
  const created = change.before === "";
  const patch = structuredPatch(
    created ? "/dev/null" : `a/${change.path}`,
    `b/${change.path}`,
    change.before,
    change.after,
    undefined,
    undefined,
    { context: 3 },
  );
  const header = `diff --git a/${change.path} b/${change.path}\n${created ? "new file mode 100644\n" : ""}`;
  return header + formatPatch(patch, FILE_HEADERS_ONLY);
}

export function unifiedDiffs(changes: FileChange[]): string {
  return changes.map(unifiedDiff).join("");
}
