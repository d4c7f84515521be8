import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { diskExternalFiles, readProject } from "../../src/fs/read-project";

let dir: string;
const put = (path: string, text = "x") => {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "llrt-migrate-read-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("readProject", () => {
  it("reads sources and templates, and skips build output, dependencies, ignored and binary files", () => {
    put("src/app.ts");
    put("src/types.d.ts");
    put("template.yaml");
    put("main.tf");
    put("package.json", "{}");
    put("logo.png");
    put("node_modules/axios/index.js");
    put(".aws-sam/build/App/app.js");
    put("cdk.out/asset.js");
    put("dist/index.js");
    put(".gitignore", "generated/\n*.local.ts\n");
    put("generated/api.ts");
    put("src/dev.local.ts");
    put("lib/.gitignore", "fixtures.js\n");
    put("lib/fixtures.js");
    put("lib/util.js");
    put("src/blob.js", "a\u0000b");
    expect(readProject(dir).paths()).toEqual(["lib/util.js", "main.tf", "package.json", "src/app.ts", "template.yaml"]);
  });

  it("reads CloudFormation `.template` files, which the template formats accept", () => {
    put("stack.template", "Resources: {}\n");
    expect(readProject(dir).paths()).toEqual(["stack.template"]);
  });

  it("gives read-only access to files outside the project, but not outside the root", () => {
    put("node_modules/axios/package.json", '{"main":"index.js"}');
    const external = diskExternalFiles(dir);
    expect(external.read("node_modules/axios/package.json")).toBe('{"main":"index.js"}');
    expect(external.list("node_modules")).toEqual(["axios"]);
    expect(external.read("../../etc/passwd")).toBeUndefined();
    expect(external.list("missing")).toBeUndefined();
  });
});
