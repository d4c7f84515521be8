// Writes a migration to disk all or nothing: every new text goes to a temporary file beside its
// target first; only when all of them are written are they renamed into place. If a rename fails
// midway, the files already replaced get their original text back.
import * as nodeFs from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { FileChange } from "../engine/types";

/** The file operations used, injectable so tests can make one fail. */
export interface WriteFs {
  writeFile(path: string, text: string, options: { mode?: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mode(path: string): Promise<number | undefined>;
  mkdir(path: string): Promise<void>;
}

export const realFs: WriteFs = {
  writeFile: (path, text, options) => nodeFs.writeFile(path, text, { encoding: "utf8", mode: options.mode }),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (path) => nodeFs.unlink(path),
  mode: (path) => nodeFs.stat(path).then((s) => s.mode & 0o777, () => undefined),
  mkdir: (path) => nodeFs.mkdir(path, { recursive: true }).then(() => undefined),
};

/**
 * The error a failed write ends the run with: the file, the cause without Node's temporary-file paths
 * ("EPERM: operation not permitted, rename '/x/.a.tmp' -> '/x/a'" keeps "EPERM: operation not permitted"),
 * and that everything was put back.
 */
function writeError(path: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const cause = typeof code === "string" && message.startsWith(`${code}:`) ? message.split(", ")[0] : message;
  return new Error(`cannot write ${path}: ${cause}; no file was changed`, { cause: error });
}

const tempName = (target: string, index: number) =>
  join(dirname(target), `.${target.slice(dirname(target).length + 1)}.llrt-migrate-${process.pid}-${index}.tmp`);

export async function writeChanges(root: string, changes: FileChange[], fs: WriteFs = realFs): Promise<void> {
  const staged: Array<{ target: string; temp: string; change: FileChange }> = [];
  try {
    for (const [index, change] of changes.entries()) {
      const target = resolve(root, change.path);
      await fs.mkdir(dirname(target));
      const temp = tempName(target, index);
      await fs.writeFile(temp, change.after, { mode: await fs.mode(target) });
      staged.push({ target, temp, change });
    }
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => fs.unlink(temp).catch(() => undefined)));
    // Changes are staged in order: the one that failed is the first not staged.
    throw writeError(changes[staged.length].path, error);
  }

  const renamed: typeof staged = [];
  try {
    for (const item of staged) {
      await fs.rename(item.temp, item.target);
      renamed.push(item);
    }
  } catch (error) {
    // Put back what was already replaced, and drop the temporary files not yet moved.
    for (const { target, change } of renamed) {
      if (change.before === "") await fs.unlink(target).catch(() => undefined);
      else await fs.writeFile(target, change.before, {}).catch(() => undefined);
    }
    await Promise.all(staged.filter((s) => !renamed.includes(s)).map(({ temp }) => fs.unlink(temp).catch(() => undefined)));
    throw writeError(staged[renamed.length].change.path, error);
  }
}
