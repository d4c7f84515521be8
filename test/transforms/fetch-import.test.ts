import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fetchImportRule } from "../../transforms/fetch-import";
import { applyRule, fixturePath } from "../helpers";

const fixture = (name: string) => readFileSync(fixturePath("transforms", "fetch-import", name), "utf8");

describe("fetch-import and node-fetch extras", () => {
  it("the rewritten res.buffer() gives the bytes the server sent, with the global fetch alone", async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    const server = createServer((_req, res) => res.end(bytes));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { output } = await applyRule(fetchImportRule, "h.js", fixture("buffer-method.input.js"));
      expect(output).not.toContain("node-fetch");
      const exports: { handler?: (event: unknown) => Promise<unknown> } = {};
      new Function("exports", "fetch", "Buffer", output)(exports, fetch, Buffer);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/image`;
      expect(await exports.handler!({ imageUrl: url })).toEqual({ size: bytes.length, same: true });
    } finally {
      server.close();
    }
  });

  it("keeps the import, with a warning per extra, when node-fetch-only APIs have no rewrite", async () => {
    const { changed, findings } = await applyRule(fetchImportRule, "s.js", fixture("body-stream.input.js"));
    expect(changed).toBe(false);
    expect(findings.map((f) => [f.severity, f.line])).toEqual([["warning", 7], ["warning", 6]]);
  });
});
