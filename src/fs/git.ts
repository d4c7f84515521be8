// The git guards of a real run: our edits must never mix with uncommitted work (they could not be
// told apart or reverted), so the whole repository that holds the project must be clean, and a
// folder outside git is not written at all without --force.
import { execFileSync } from "node:child_process";
import { isAbsolute, relative, resolve, sep } from "node:path";

export type TreeState =
  | { kind: "clean"; top: string }
  | { kind: "dirty"; top: string; files: string[] }
  | { kind: "not-a-repo" };

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The root of the git work tree holding `dir`, or undefined outside git (or without git). */
export function gitTopLevel(dir: string): string | undefined {
  try {
    return resolve(git(["rev-parse", "--show-toplevel"], dir).trim());
  } catch {
    return undefined;
  }
}

/** Whether `path` (inside the work tree at `top`) is ignored by the repository's .gitignore rules. */
export function isGitIgnored(top: string, path: string): boolean {
  try {
    git(["check-ignore", "-q", "--", relative(top, resolve(path))], top);
    return true;
  } catch {
    return false; // exit 1: not ignored
  }
}

/** Whether `path` is `dir` or below it. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, resolve(path));
  return !isAbsolute(rel) && rel.split(sep)[0] !== "..";
}

/** Uncommitted changes anywhere in the repository that holds `dir`, not only below it. */
export function gitTreeState(dir: string): TreeState {
  const top = gitTopLevel(dir);
  if (!top) return { kind: "not-a-repo" };
  const out = git(["status", "--porcelain", "--untracked-files=all"], top);
  // Our own result cache (node_modules/.cache/llrt-migrate) is no change of the user's.
  const files = out.split("\n").filter(Boolean).map((line) => line.slice(3)).filter((file) => !/(^|\/)node_modules\/\.cache\/llrt-migrate(\/|$)/.test(file));
  return files.length ? { kind: "dirty", top, files } : { kind: "clean", top };
}
