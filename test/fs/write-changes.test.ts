import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WriteFs } from "../../src/fs/write-changes";
import { realFs, writeChanges } from "../../src/fs/write-changes";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llrt-migrate-write-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "a.txt"), "a before\n");
  writeFileSync(join(dir, "src/b.txt"), "b before\n");
  writeFileSync(join(dir, "c.txt"), "c before\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const changes = [
  { path: "a.txt", before: "a before\n", after: "a after\n" },
  { path: "src/b.txt", before: "b before\n", after: "b after\n" },
  { path: "c.txt", before: "c before\n", after: "c after\n" },
];
const read = (p: string) => readFileSync(join(dir, p), "utf8");
const allFiles = () => [...readdirSync(dir), ...readdirSync(join(dir, "src"))].sort();

describe("writeChanges", () => {
  it("writes every change and leaves no temporary file", async () => {
    await writeChanges(dir, [...changes, { path: "new/d.txt", before: "", after: "d\n" }]);
    expect([read("a.txt"), read("src/b.txt"), read("c.txt"), read("new/d.txt")]).toEqual(["a after\n", "b after\n", "c after\n", "d\n"]);
    expect(allFiles()).toEqual(["a.txt", "b.txt", "c.txt", "new", "src"]);
  });

  it("changes nothing when writing a temporary file fails", async () => {
    let writes = 0;
    const failing: WriteFs = { ...realFs, writeFile: async (p, t, o) => (++writes === 3 ? Promise.reject(new Error("disk full")) : realFs.writeFile(p, t, o)) };
    await expect(writeChanges(dir, changes, failing)).rejects.toThrow("disk full");
    expect([read("a.txt"), read("src/b.txt"), read("c.txt")]).toEqual(["a before\n", "b before\n", "c before\n"]);
    expect(allFiles()).toEqual(["a.txt", "b.txt", "c.txt", "src"]);
  });

  it("restores the files already replaced when a rename fails midway", async () => {
    let renames = 0;
    const failing: WriteFs = { ...realFs, rename: async (f, t) => (++renames === 2 ? Promise.reject(new Error("EXDEV")) : realFs.rename(f, t)) };
    await expect(writeChanges(dir, changes, failing)).rejects.toThrow("EXDEV");
    expect([read("a.txt"), read("src/b.txt"), read("c.txt")]).toEqual(["a before\n", "b before\n", "c before\n"]);
    expect(allFiles()).toEqual(["a.txt", "b.txt", "c.txt", "src"]);
  });

  it("says in one line which file could not be written, without temporary paths, and that nothing changed", async () => {
    const systemError = (message: string, code: string) => Object.assign(new Error(message), { code });
    let renames = 0;
    const failingRename: WriteFs = {
      ...realFs,
      rename: async (f, t) =>
        ++renames === 2 ? Promise.reject(systemError(`EPERM: operation not permitted, rename '${f}' -> '${t}'`, "EPERM")) : realFs.rename(f, t),
    };
    await expect(writeChanges(dir, changes, failingRename)).rejects.toThrow(
      /^cannot write src\/b\.txt: EPERM: operation not permitted; no file was changed$/,
    );
    let writes = 0;
    const failingWrite: WriteFs = { ...realFs, writeFile: async (p, t, o) => (++writes === 3 ? Promise.reject(new Error("disk full")) : realFs.writeFile(p, t, o)) };
    await expect(writeChanges(dir, changes, failingWrite)).rejects.toThrow(/^cannot write c\.txt: disk full; no file was changed$/);
    expect([read("a.txt"), read("src/b.txt"), read("c.txt")]).toEqual(["a before\n", "b before\n", "c before\n"]);
  });
});
