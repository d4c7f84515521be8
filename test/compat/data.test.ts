import { describe, expect, it } from "vitest";
import { builtinModules, builtinName, memberVerdict, missingModules, nodeBuiltinNames } from "../../src/compat/builtins";
import { absentGlobals, globalObjects } from "../../src/compat/globals";
import { knownPackages } from "../../src/compat/packages";
import { llrtRelease } from "../../src/compat/release";
import { bundledSdkPackages, isBundledSdkPackage } from "../../src/compat/sdk";

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
