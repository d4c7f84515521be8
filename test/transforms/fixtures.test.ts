// Every transform, case by case: fixtures/transforms/<transform>/<case>.input.<ext> must become
// <case>.output.<ext> when run through the standalone jscodeshift transform, and running the output
// again must change nothing. Optional <case>.options.json holds the transform's options.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import jscodeshift from "jscodeshift";
import type { API, FileInfo, Options } from "jscodeshift";
import { describe, expect, it } from "vitest";

const fixturesDir = join(import.meta.dirname, "../../fixtures/transforms");
const transformsDir = join(import.meta.dirname, "../../transforms");

type Transform = (file: FileInfo, api: API, options: Options) => string | undefined | null | Promise<string | undefined | null>;

export async function runTransform(transform: Transform, path: string, source: string, options: Options = {}): Promise<string> {
  const reports: string[] = [];
  const api = { jscodeshift, j: jscodeshift, stats: () => {}, report: (msg: string) => reports.push(msg) } as unknown as API;
  const out = await transform({ path, source }, api, options);
  return out ?? source;
}

const transformNames = readdirSync(fixturesDir).filter((name) => existsSync(join(transformsDir, `${name}.ts`)));

describe.each(transformNames)("transform %s", (name) => {
  const dir = join(fixturesDir, name);
  const cases = readdirSync(dir)
    .map((file) => /^(.*)\.input\.(\w+)$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null);

  it("has fixture pairs", () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((m) => [m[1], m[2]] as const))("%s (.%s)", async (caseName, ext) => {
    const transform = ((await import(join(transformsDir, `${name}.ts`))) as { default: Transform }).default;
    const input = readFileSync(join(dir, `${caseName}.input.${ext}`), "utf8");
    const expected = readFileSync(join(dir, `${caseName}.output.${ext}`), "utf8");
    const optionsFile = join(dir, `${caseName}.options.json`);
    const options = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, "utf8")) as Options) : {};
    const path = `${caseName}.${ext}`;

    const output = await runTransform(transform, path, input, options);
    expect(output).toBe(expected);
    expect(await runTransform(transform, path, output, options)).toBe(output);
  });
});
