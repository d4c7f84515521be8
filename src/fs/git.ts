// The dirty-tree guard: a real run edits files in place, so uncommitted work in the same files
// would be mixed with ours and could not be told apart or reverted.
import { execFileSync } from "node:child_process";

export type TreeState = { kind: "clean" } | { kind: "dirty"; files: string[] } | { kind: "not-a-repo" };

export function gitTreeState(dir: string): TreeState {
  try {
    const out = execFileSync("git", ["status", "--porcelain", "--untracked-files=all", "--", "."], {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const files = out.split("\n").filter(Boolean).map((line) => line.slice(3));
    return files.length ? { kind: "dirty", files } : { kind: "clean" };
  } catch {
    return { kind: "not-a-repo" };
  }
}
