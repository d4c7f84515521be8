// What Node.js has and LLRT lacks, as data for the LLRT-shaped mode (./runtime-preload): built from
// the compatibility tables (src/compat), never from a list of its own. A built-in module LLRT does
// not resolve fails to load; a member LLRT lacks throws when used; an absent global throws when read.
import { createRequire, isBuiltin } from "node:module";
import { builtinModules, memberVerdict, missingModuleFix, nodeBuiltinNames, resolvesInLlrt } from "../compat/builtins";
import { absentGlobals, globalObjects } from "../compat/globals";
import { defaultSurface } from "../compat/surface";
import type { LlrtSurface } from "../compat/surface-types";

export type ShapedModule = { missing: string } | { members: Record<string, string> };

export interface LlrtShape {
  /** The LLRT release the data describes. */
  release: string;
  /** Built-in module name (no `node:`) -> missing as a whole (with the fix), or its missing members. */
  modules: Record<string, ShapedModule>;
  /** Global objects whose members LLRT only partly has: name -> missing member -> fix. */
  globalMembers: Record<string, Record<string, string>>;
  /** Globals LLRT does not define -> fix. */
  absentGlobals: Record<string, string>;
}

const nodeRequire = createRequire(import.meta.url);

function nodeModule(name: string): Record<string, unknown> | undefined {
  try {
    return nodeRequire(`node:${name}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function missingMembers(name: string, real: Record<string, unknown>, surface: LlrtSurface): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const key of Object.keys(real)) {
    const verdict = memberVerdict(name, key, surface);
    if (verdict.status === "missing") missing[key] = verdict.fix;
  }
  return missing;
}

export function buildLlrtShape(surface: LlrtSurface = defaultSurface): LlrtShape {
  const modules: Record<string, ShapedModule> = {};
  for (const name of nodeBuiltinNames) {
    if (!isBuiltin(`node:${name}`)) continue; // not in this Node.js version (node:sqlite on Node 20)
    if (!resolvesInLlrt(name)) {
      modules[name] = { missing: missingModuleFix(name) };
      continue;
    }
    const real = nodeModule(name);
    if (real && builtinModules[name].checkMembers !== false) modules[name] = { members: missingMembers(name, real, surface) };
  }
  const globalMembers: Record<string, Record<string, string>> = {};
  for (const [name, object] of Object.entries(globalObjects)) {
    if (object.module || !object.missing) continue; // `process` is the process module, shaped above
    globalMembers[name] = { ...object.missing };
  }
  const absent = Object.fromEntries(Object.entries(absentGlobals).filter(([name]) => !(name in surface.globals)));
  return { release: surface.release.version, modules, globalMembers, absentGlobals: absent };
}
