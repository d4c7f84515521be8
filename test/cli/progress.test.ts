import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress";

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, written };
}

describe("progress", () => {
  it("prints a plain line every 100 files, and the last one, when not on a terminal", () => {
    const { stream, written } = fakeStream(false);
    const progress = createProgress(stream, true);
    for (let i = 1; i <= 250; i++) progress.update(i, 250);
    progress.stop();
    expect(written).toEqual(["llrt-migrate: 100/250 files\n", "llrt-migrate: 200/250 files\n", "llrt-migrate: 250/250 files\n"]);
  });

  it("stays silent for small runs and when disabled", () => {
    const small = fakeStream(false);
    const p = createProgress(small.stream, true);
    for (let i = 1; i <= 10; i++) p.update(i, 10);
    const off = fakeStream(false);
    const q = createProgress(off.stream, false);
    for (let i = 1; i <= 300; i++) q.update(i, 300);
    expect([...small.written, ...off.written]).toEqual([]);
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
