// Results the engine remembers between runs: a per-file result is a pure function of the file's text,
// the tool's build, the options and the facts about the rest of the project that the file depends on,
// so a key hashing all of them finds it again only when nothing it depends on changed. The engine
// stays in memory: the face that runs it provides the store (the CLI a directory on disk).
import { createHash } from "node:crypto";

export interface ResultStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface ResultCache {
  store: ResultStore;
  /** What every result depends on beyond its own key: the tool's name, version and build. */
  salt: string;
}

/**
 * The cache a run uses: entries it made itself are kept in memory (the engine's rounds ask again),
 * in front of the store from earlier runs when there is one.
 */
export function withRunMemory(cache: ResultCache | undefined): ResultCache {
  const memory = new Map<string, string>();
  const store: ResultStore = {
    get: (key) => memory.get(key) ?? cache?.store.get(key),
    set: (key, value) => {
      memory.set(key, value);
      cache?.store.set(key, value);
    },
  };
  return { store, salt: cache?.salt ?? "" };
}

export function cacheKey(cache: ResultCache, kind: string, parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify([cache.salt, kind, parts])).digest("hex");
}

function recalled<T>(cache: ResultCache, key: string): { value: T } | undefined {
  const hit = cache.store.get(key);
  if (hit === undefined) return undefined;
  try {
    return JSON.parse(hit) as { value: T };
  } catch {
    return undefined; // a damaged entry is recomputed and written again
  }
}

/**
 * The remembered value for `parts`, else `compute()`'s, stored when `storable` accepts it. Values
 * go through JSON: plain data only (properties set to undefined come back absent).
 */
export async function remember<T>(
  cache: ResultCache | undefined,
  kind: string,
  parts: unknown[],
  compute: () => T | Promise<T>,
  storable: (value: T) => boolean = () => true,
): Promise<T> {
  if (!cache) return compute();
  const key = cacheKey(cache, kind, parts);
  const hit = recalled<T>(cache, key);
  if (hit) return hit.value;
  const value = await compute();
  if (storable(value)) cache.store.set(key, JSON.stringify({ value }));
  return value;
}

/** `remember` for synchronous work. */
export function rememberNow<T>(cache: ResultCache | undefined, kind: string, parts: unknown[], compute: () => T): T {
  if (!cache) return compute();
  const key = cacheKey(cache, kind, parts);
  const hit = recalled<T>(cache, key);
  if (hit) return hit.value;
  const value = compute();
  cache.store.set(key, JSON.stringify({ value }));
  return value;
}
