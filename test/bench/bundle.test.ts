import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { bundleFunction, readLlrtBootstrap } from "../../src/bench/bundle";
import { functionZip } from "../../src/bench/package";
import type { BenchTarget } from "../../src/bench/target";

const scratch = mkdtempSync(join(tmpdir(), "bench-bundle-test-"));

function project(files: Record<string, string>, entry: string, migrated: Record<string, string> = {}): BenchTarget {
  const root = mkdtempSync(join(scratch, "p-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return {
    root,
    fn: { name: "Fn", source: "heuristic", file: entry, handler: `${entry.replace(/\.[^.]+$/, "")}.handler`, entry, runtime: { before: null, after: null }, verdict: "ready" },
    exportName: "handler",
    migrated: new Map(Object.entries(migrated).map(([p, t]) => [join(root, p), t])),
  };
}

/** Runs a bundle's handler in a plain Node.js process, the way the Node.js runtime loads index.mjs. */
function callBundle(code: string, event: unknown = {}) {
  const file = join(mkdtempSync(join(scratch, "out-")), "index.mjs");
  writeFileSync(file, code);
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(JSON.stringify(await m.handler(${JSON.stringify(event)})));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

describe("bundleFunction", () => {
  it("keeps a CommonJS handler's named export in the ESM bundle, with its local imports and built-ins", async () => {
    const target = project(
      {
        "src/app.js": 'const { twice } = require("./lib");\nconst path = require("path");\nexports.handler = async (e) => ({ n: twice(e.n), base: path.basename("/a/b.txt") });\n',
        "src/lib.js": "exports.twice = (n) => n * 2;\n",
      },
      "src/app.js",
    );
    expect(callBundle(await bundleFunction(target, "node"), { n: 21 })).toEqual({ n: 42, base: "b.txt" });
  });

  it("bundles the migrated text for LLRT, not the file on disk, and leaves the AWS SDK to the runtime", async () => {
    const target = project(
      { "app.mjs": 'import { S3Client } from "@aws-sdk/client-s3";\nexport const handler = async () => "before " + typeof S3Client;\n' },
      "app.mjs",
      { "app.mjs": 'import { S3Client } from "@aws-sdk/client-s3";\nimport { x } from "@smithy/util";\nexport const handler = async () => "after " + typeof S3Client + x;\n' },
    );
    const llrt = await bundleFunction(target, "llrt");
    expect(llrt).toContain('"after "');
    expect(llrt).toMatch(/from "@aws-sdk\/client-s3"/);
    expect(llrt).toMatch(/from "@smithy\/util"/);
    const node = await bundleFunction(target, "node");
    expect(node).toContain('"before "');
  });

  it("turns a syntax error into one line with the place", async () => {
    const target = project({ "app.mjs": "export const handler = async () => {\n  return 1 +;\n};\n" }, "app.mjs");
    await expect(bundleFunction(target, "node")).rejects.toThrow(/^bundling app\.mjs for Node\.js failed: .*app\.mjs:2:\d+: Unexpected ";"$/);
  });
});

/** Unix mode of each entry, from the zip's central directory (external attributes, high 16 bits). */
function unixModes(zip: Uint8Array): Record<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const modes: Record<string, number> = {};
  for (let i = 0; i + 46 < zip.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    const name = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength));
    modes[name] = (view.getUint32(i + 38, true) >>> 16) & 0o777;
  }
  return modes;
}

describe("functionZip", () => {
  it("holds index.mjs and an executable bootstrap", () => {
    const zip = functionZip("export const handler = 1;", new Uint8Array([1, 2, 3]));
    expect(Object.keys(unzipSync(zip)).sort()).toEqual(["bootstrap", "index.mjs"]);
    expect(unixModes(zip)).toEqual({ "index.mjs": 0o644, bootstrap: 0o755 });
  });
});

describe("readLlrtBootstrap", () => {
  it("takes the bootstrap out of a release zip", async () => {
    const file = join(scratch, "llrt-lambda-arm64.zip");
    writeFileSync(file, zipSync({ bootstrap: new Uint8Array([7, 7, 7]) }));
    expect([...(await readLlrtBootstrap(file))]).toEqual([7, 7, 7]);
  });

  it("says what is wrong with other files", async () => {
    const noBootstrap = join(scratch, "other.zip");
    writeFileSync(noBootstrap, zipSync({ "llrt": new Uint8Array([1]) }));
    await expect(readLlrtBootstrap(noBootstrap)).rejects.toThrow(`--llrt-zip ${noBootstrap}: no "bootstrap" file inside`);
    const notZip = join(scratch, "not.zip");
    writeFileSync(notZip, "hello");
    await expect(readLlrtBootstrap(notZip)).rejects.toThrow(`--llrt-zip ${notZip}: not a readable zip`);
  });
});
