import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import type { ResultCache, ResultStore } from "../../src/engine/result-cache";
import { diskExternalFiles } from "../../src/fs/read-project";
import { diskResultCache } from "../../src/fs/result-store";
import { renderJson } from "../../src/report/json";
import { fixturePath, loadFixtureProject } from "../helpers";

/** A store in memory that counts what it was asked. */
class CountingStore implements ResultStore {
  readonly entries = new Map<string, string>();
  hits = 0;
  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.hits++;
    return value;
  }
  set(key: string, value: string): void {
    this.entries.set(key, value);
  }
}

const projects = readdirSync(fixturePath("projects"));

describe("the result cache", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it.each(projects)("gives %s the same JSON result without it, cold and warm", async (name) => {
    const external = diskExternalFiles(fixturePath("projects", name));
    const without = renderJson(await migrateProject(loadFixtureProject(name), {}, { external }));
    const store = new CountingStore();
    const cache: ResultCache = { store, salt: "test" };
    const cold = renderJson(await migrateProject(loadFixtureProject(name), {}, { external, cache }));
    expect(store.hits).toBe(0);
    expect(store.entries.size).toBeGreaterThan(0);
    const warm = renderJson(await migrateProject(loadFixtureProject(name), {}, { external, cache }));
    expect(store.hits).toBeGreaterThan(0);
    expect(cold).toBe(without);
    expect(warm).toBe(without);
  });

  it("works the same from a directory on disk, and a changed file is migrated again, not recalled", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llrt-cache-test-"));
    dirs.push(dir);
    const project = loadFixtureProject("sdk-v2-app");
    const first = renderJson(await migrateProject(project, {}, { cache: diskResultCache(dir) }));
    expect(renderJson(await migrateProject(project, {}, { cache: diskResultCache(dir) }))).toBe(first);

    const edited = project.clone();
    const path = project.paths().find((p) => /\.m?js$/.test(p) && /aws-sdk/.test(project.read(p)!))!;
    edited.write(path, `${project.read(path)}\nexports.extra = (event, context, callback) => callback(null, 1);\n`);
    const fresh = await migrateProject(edited);
    const recalled = await migrateProject(edited, {}, { cache: diskResultCache(dir) });
    expect(renderJson(recalled)).toBe(renderJson(fresh));
    expect(renderJson(recalled)).not.toBe(first);
  });

  it("keys on the options: another LLRT variant is not served the first variant's results", async () => {
    const store = new CountingStore();
    const cache: ResultCache = { store, salt: "test" };
    const project = loadFixtureProject("compat-app");
    const std = await migrateProject(project, { variant: "std" }, { cache });
    const noSdk = await migrateProject(project, { variant: "no-sdk" }, { cache });
    expect(renderJson(noSdk)).not.toBe(renderJson(std));
    expect(renderJson(noSdk)).toBe(renderJson(await migrateProject(project, { variant: "no-sdk" })));
  });
});
