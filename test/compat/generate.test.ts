// `npm run compat:generate` on a miniature LLRT checkout written for this test: what types/ declares
// is checked against the module sources, and the table follows the sources.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generate } from "../../scripts/compat-generate";

describe("compat:generate", () => {
  const surface = generate(join(__dirname, "../../fixtures/compat/llrt-checkout"), "test checkout");

  it("names the release from Cargo.toml and the source it was given", () => {
    expect(surface.release).toEqual({ version: "v9.9.0-test", source: "test checkout" });
  });

  it("takes module exports from the sources' declare() lists and records where types/ disagrees", () => {
    expect(surface.modules.url).toEqual(["URL", "fileURLToPath", "pathToFileURL"]);
    expect(surface.disagreements).toContainEqual({ subject: "url.parse", note: expect.stringContaining("declared in types/ but not exported by the module sources") });
    expect(surface.disagreements).toContainEqual({ subject: "url.pathToFileURL", note: expect.stringContaining("not declared in types/") });
  });

  it("keeps a declared member only when the sources define it, and adds methods only the sources have", () => {
    expect(surface.classes["events.EventEmitter"].members).toEqual(["emit", "on"]);
    expect(surface.disagreements).toContainEqual({ subject: "events.EventEmitter#rawListeners", note: expect.stringContaining("treated as missing") });
    expect(surface.classes["url.URL"].members).toEqual(["href", "searchParams"]);
  });

  it("models inheritance: Buffer extends Uint8Array, with names the sources build at run time", () => {
    const buffer = surface.classes["buffer.Buffer"];
    expect(buffer.extends).toBe("es.Uint8Array");
    expect(buffer.members).toEqual(expect.arrayContaining(["toString", "readInt8", "readUInt32BE", "readUint32BE"]));
    expect(surface.classes["es.Uint8Array"].statics).toEqual(expect.arrayContaining(["of", "from", "BYTES_PER_ELEMENT"]));
    expect(buffer.missing).toEqual(expect.arrayContaining(["equals", "compare"]));
  });

  it("reads argument values and globals from the sources", () => {
    expect(surface.values).toEqual({ hashAlgorithms: ["sha-256", "sha256"], encodings: ["hex", "utf-8", "utf8"] });
    expect(Object.keys(surface.globals)).toEqual(["Buffer"]);
  });
});
