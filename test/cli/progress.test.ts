import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress";

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe("progress", () => {
  it("prints a plain line at least every 2 s when not on a terminal, and nothing on a short run", () => {
    const { stream, written } = fakeStream(false);
    let clock = 0;
    const progress = createProgress(stream, true, {}, () => clock);
    // 250 files, 30 ms each: 7.5 s in all.
    for (let i = 1; i <= 250; i++) {
      clock += 30;
      progress.update(i, 250);
    }
    progress.stop();
    expect(written).toEqual(["llrt-migrate: 67/250 files\n", "llrt-migrate: 134/250 files\n", "llrt-migrate: 201/250 files\n"]);

    const quick = fakeStream(false);
    const fast = createProgress(quick.stream, true, {}, () => 0);
    for (let i = 1; i <= 300; i++) fast.update(i, 300);
    expect(quick.written).toEqual([]);
  });

  it("stays silent when disabled, and draws no bar for a few files on a terminal", () => {
    const tty = fakeStream(true);
    const p = createProgress(tty.stream, true, {}, () => 0);
    for (let i = 1; i <= 10; i++) p.update(i, 10);
    const off = fakeStream(false);
    let clock = 0;
    const q = createProgress(off.stream, false, {}, () => (clock += 1000));
    for (let i = 1; i <= 300; i++) q.update(i, 300);
    expect([...tty.written, ...off.written]).toEqual([]);
  });
});

describe("progress from a real migration", () => {
  it("counts every file up to the total, including files that are neither code nor templates", async () => {
    const { migrateProject } = await import("../../src/engine/migrate");
    const { loadFixtureProject } = await import("../helpers");
    const project = loadFixtureProject("sam-app");
    expect(project.paths()).toContain("package.json");
    const calls: Array<[number, number]> = [];
    await migrateProject(project, {}, { onFile: (_path, done, total) => calls.push([done, total]) });
    const total = project.paths().length;
    expect(calls.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(calls.every(([, t]) => t === total)).toBe(true);
  });
});
