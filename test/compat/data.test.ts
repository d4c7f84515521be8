import { describe, expect, it } from "vitest";
import { builtinModules, builtinName, memberVerdict, missingModules, nodeBuiltinNames } from "../../src/compat/builtins";
import { absentGlobals, globalObjects } from "../../src/compat/globals";
import { knownPackages } from "../../src/compat/packages";
import { llrtRelease } from "../../src/compat/release";
import { bundledSdkPackages, isBundledSdkPackage } from "../../src/compat/sdk";
import { classHas, defaultSurface, llrtSurfaces, surfaceFor } from "../../src/compat/surface";

describe("compat data", () => {
  it("names the LLRT release it describes", () => {
    expect(llrtRelease.version).toMatch(/^v\d+\.\d+\.\d+/);
  });

  it("keeps each built-in in exactly one place, and only real Node built-ins", () => {
    for (const name of [...Object.keys(builtinModules), ...Object.keys(missingModules)]) expect(nodeBuiltinNames.has(name), name).toBe(true);
    for (const name of Object.keys(missingModules)) expect(builtinModules[name], name).toBeUndefined();
    for (const [name, entry] of Object.entries(builtinModules)) {
      for (const member of Object.keys(entry.missing ?? {})) expect(entry.members, `${name}.${member}`).not.toContain(member);
      for (const member of Object.keys(entry.differs ?? {})) expect(entry.members, `${name}.${member}`).toContain(member);
    }
  });

  it("treats a built-in neither table lists as missing (e.g. node:trace_events)", () => {
    expect(builtinName("node:trace_events")).toBe("trace_events");
    expect(builtinName("lodash")).toBeUndefined();
    expect(memberVerdict("fs", "readFileSync")).toEqual({ status: "ok" });
    expect(memberVerdict("fs", "promises")).toEqual({ status: "submodule", module: "fs/promises" });
    expect(memberVerdict("fs", "watchFile")).toMatchObject({ status: "missing" });
  });

  it("lists absent globals apart from partial global objects, each with a fix", () => {
    for (const [name, fix] of Object.entries(absentGlobals)) {
      expect(globalObjects[name], name).toBeUndefined();
      expect(fix.length, name).toBeGreaterThan(10);
    }
    for (const pkg of ["axios", "aws-xray-sdk-core", "jsonwebtoken", "jose", "aws-jwt-verify", "pg", "mysql2", "@aws-lambda-powertools/tracer"]) {
      expect(knownPackages[pkg]?.alternative, pkg).toBeTruthy();
    }
  });
});

describe("knownPackages", () => {
  it("names each alternative as a thing to use, since fixes read `Use <alternative> instead of <package>.`", () => {
    for (const [pkg, known] of Object.entries(knownPackages)) {
      expect(known.alternative, pkg).not.toMatch(/^(drop|verify|fetch|print|return|check|keep|use|remove|replace)\b/i);
    }
  });
});

describe("bundledSdkPackages", () => {
  it("std has the std clients (client-lambda included) but not the full-only ones", () => {
    const std = bundledSdkPackages("std");
    expect(std.has("@aws-sdk/client-s3")).toBe(true);
    expect(std.has("@aws-sdk/client-lambda")).toBe(true);
    expect(std.has("@aws-sdk/lib-dynamodb")).toBe(true);
    expect(std.has("@aws-sdk/client-bedrock-runtime")).toBe(false);
    expect(std.has("@smithy/node-http-handler")).toBe(false);
  });

  it("full-sdk adds the full-only clients; no-sdk has nothing", () => {
    expect(bundledSdkPackages("full-sdk").has("@aws-sdk/client-bedrock-runtime")).toBe(true);
    expect(bundledSdkPackages("full-sdk").has("@aws-sdk/client-s3")).toBe(true);
    expect(bundledSdkPackages("no-sdk").size).toBe(0);
    expect(isBundledSdkPackage("@aws-crypto/sha256-js", "std")).toBe(true);
    expect(isBundledSdkPackage("@aws-crypto/sha256-js", "no-sdk")).toBe(false);
  });
});

describe("surface tables", () => {
  it("ship the default release first, each naming its version and source", () => {
    expect(defaultSurface.release.version).toBe(llrtRelease.version);
    for (const [version, surface] of Object.entries(llrtSurfaces)) {
      expect(surface.release.version).toBe(version);
      expect(surface.release.source.length, version).toBeGreaterThan(10);
    }
    expect(llrtSurfaces["main-2026-08-21"].release.unreleased).toBe(true);
  });

  it("agree with the curated facts of the default release: a member with a curated fix is not exported", () => {
    for (const [module, entry] of Object.entries(builtinModules)) {
      const exported = defaultSurface.modules[module];
      expect(exported, module).toBeDefined();
      for (const member of Object.keys(entry.missing ?? {})) expect(exported, `${module}.${member}`).not.toContain(member);
      // Curated member lists are the fallback for modules the table cannot enumerate (JavaScript modules).
      if (exported.length && entry.checkMembers !== false) expect([...entry.members].sort(), module).toEqual(exported);
    }
  });

  it("model inheritance: Buffer has Uint8Array's statics and members, subclasses of EventEmitter its members", () => {
    expect(classHas(defaultSurface, "buffer.Buffer", "of", "statics")).toBe(true);
    expect(classHas(defaultSurface, "buffer.Buffer", "BYTES_PER_ELEMENT", "statics")).toBe(true);
    expect(classHas(defaultSurface, "buffer.Buffer", "indexOf")).toBe(true);
    expect(classHas(defaultSurface, "buffer.Buffer", "equals")).toBe(false);
    expect(classHas(defaultSurface, "dgram.Socket", "on")).toBe(true);
    expect(classHas(defaultSurface, "events.EventEmitter", "setMaxListeners")).toBe(false);
  });

  it("read LLRT's narrowed argument values from the sources", () => {
    expect(defaultSurface.values.hashAlgorithms).toEqual(expect.arrayContaining(["md5", "sha1", "sha256", "sha384", "sha512"]));
    expect(defaultSurface.values.hashAlgorithms).not.toContain("sha3-256");
    expect(defaultSurface.values.encodings).toEqual(expect.arrayContaining(["utf8", "hex", "base64", "latin1", "utf16le"]));
    expect(defaultSurface.values.encodings).not.toContain("base64url");
  });

  it("say which absent globals a release defines (Temporal only on main)", () => {
    expect("Temporal" in defaultSurface.globals).toBe(false);
    expect("Temporal" in surfaceFor("main-2026-08-21")!.globals).toBe(true);
    for (const name of Object.keys(absentGlobals).filter((n) => !["Temporal", "TransformStream"].includes(n))) expect(defaultSurface.globals[name], name).toBeUndefined();
  });
});
