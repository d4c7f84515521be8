// package-lock.json (v2/v3 `packages` map): which packages a dependency pulls in, and which run an
// install script. This is what the dependency analyzer knows when node_modules is not installed.
// Validated with zod: a lockfile is input from outside.
import { z } from "zod";
import { joinPath } from "../engine/project";

const lockEntry = z.object({
  version: z.string().optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  optionalDependencies: z.record(z.string(), z.string()).optional(),
  hasInstallScript: z.boolean().optional(),
}).loose();

const lockfileSchema = z.object({
  lockfileVersion: z.number().optional(),
  packages: z.record(z.string(), lockEntry).optional(),
}).loose();

export type LockEntry = z.infer<typeof lockEntry>;

export class Lockfile {
  private constructor(private readonly packages: Record<string, LockEntry>) {}

  /** Parses a lockfile; undefined (with the reason) when it is not JSON or has no `packages` map (v1). */
  static parse(text: string): { lockfile?: Lockfile; problem?: string } {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return { problem: `package-lock.json is not valid JSON (${(error as Error).message})` };
    }
    const parsed = lockfileSchema.safeParse(json);
    if (!parsed.success) return { problem: `package-lock.json has an unexpected shape: ${parsed.error.issues[0]?.message}` };
    if (!parsed.data.packages) return { problem: "package-lock.json v1 has no `packages` map: transitive dependencies were not analyzed (npm 7+ writes v2/v3)" };
    return { lockfile: new Lockfile(parsed.data.packages) };
  }

  /** The lock entry `name` resolves to from the package installed at `fromKey` (Node's nested lookup). */
  resolve(name: string, fromKey = ""): { key: string; entry: LockEntry } | undefined {
    for (let at = fromKey; ; at = at.slice(0, Math.max(0, at.lastIndexOf("/node_modules/")))) {
      const key = joinPath(at, "node_modules", name);
      const entry = this.packages[key];
      if (entry) return { key, entry };
      if (at === "") return undefined;
    }
  }

  /** Every package `name` pulls in, transitively, with the chain that leads to it (excluding `name`). */
  transitive(name: string): Array<{ name: string; chain: string[]; entry: LockEntry }> {
    const start = this.resolve(name);
    if (!start) return [];
    const out: Array<{ name: string; chain: string[]; entry: LockEntry }> = [];
    const seen = new Set<string>([start.key]);
    const queue = [{ key: start.key, entry: start.entry, chain: [] as string[] }];
    while (queue.length) {
      const { key, entry, chain } = queue.shift()!;
      for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
        const found = this.resolve(dep, key);
        if (!found || seen.has(found.key)) continue;
        seen.add(found.key);
        out.push({ name: dep, chain: [...chain, dep], entry: found.entry });
        queue.push({ key: found.key, entry: found.entry, chain: [...chain, dep] });
      }
    }
    return out;
  }

  entry(name: string): LockEntry | undefined {
    return this.resolve(name)?.entry;
  }
}
