// Safe by default: what a run checks before it writes anything to the user's disk.
import { relative, resolve } from "node:path";
import { gitTopLevel, gitTreeState, isGitIgnored, isInside } from "../fs/git";
import { UsageError } from "./usage";

const listed = (files: string[]) => files.slice(0, 3).join(", ") + (files.length > 3 ? ", ..." : "");

/**
 * A real run edits files in place, so it needs a git work tree with nothing uncommitted anywhere in
 * the repository (not only below the path given): then `git diff` shows exactly our changes and
 * `git checkout .` takes them back. --force skips this.
 */
export function assertSafeToWrite(root: string): void {
  const state = gitTreeState(root);
  if (state.kind === "not-a-repo") {
    throw new UsageError(
      `refusing to write: ${root} is not in a git work tree, so the changes could not be reviewed or reverted (run git init and commit, use --dry-run, or pass --force)`,
    );
  }
  if (state.kind === "dirty") {
    throw new UsageError(
      `refusing to write: ${state.files.length} uncommitted change(s) in the repository at ${state.top} (${listed(state.files)}); commit or stash them, use --dry-run, or pass --force`,
    );
  }
}

/**
 * A report never makes the tree dirty (a later run would refuse it): inside the repository that holds
 * the project, its path must be ignored by git. Outside a repository there is nothing to dirty.
 */
export function assertReportKeepsTreeClean(report: string, root: string): void {
  const top = gitTopLevel(root);
  if (!top || !isInside(top, report) || isGitIgnored(top, report)) return;
  throw new UsageError(
    `refusing to write the report ${relative(top, resolve(report))} inside the repository at ${top}: git does not ignore it, so it would be an uncommitted change (write it outside the repository, or add it to .gitignore)`,
  );
}
