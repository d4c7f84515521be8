// The rewrites also run as plain jscodeshift transforms (babel-register compiles the TS on the fly).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixturePath, repoRoot } from "../helpers";

const jscodeshiftPrint = (transform: string, file: string) =>
  execFileSync("npx", ["jscodeshift", "-t", `transforms/${transform}.ts`, "--dry", "--print", "--silent", file], { cwd: repoRoot, encoding: "utf8" });

describe("standalone jscodeshift runs", () => {
  it.each([
    ["fs-exists", "namespace", "js"],
    ["module-format", "handler-exports", "js"],
  ])("%s prints the expected output of %s", (transform, name, ext) => {
    const out = jscodeshiftPrint(transform, fixturePath("transforms", transform, `${name}.input.${ext}`));
    expect(out).toContain(readFileSync(fixturePath("transforms", transform, `${name}.output.${ext}`), "utf8").trim());
  });
});
