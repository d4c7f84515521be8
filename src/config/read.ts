// The CLI's settings file, from disk: the nearest of these files from the project root up to the
// root of its git work tree, validated with the schema the GitHub App uses.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { describeError } from "../engine/errors";
import type { Config } from "./schema";
import { parseConfig } from "./schema";

/** Looked for in this order in each folder; `.github/llrt-migrate.yml` is the App's file, so one file serves both. */
export const configFileNames = ["llrt-migrate.config.json", "llrt-migrate.config.yml", "llrt-migrate.config.yaml", ".github/llrt-migrate.yml"];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The settings file that applies to `root`: the nearest one up to `top` (the git work tree's root, or `root` itself). */
export function findConfigFile(root: string, top: string = root): string | undefined {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const found = configFileNames.map((name) => join(dir, name)).filter((file) => existsSync(file));
    if (found.length > 1) {
      throw new ConfigError(`two settings files in ${dir}: ${found.map((f) => relative(dir, f)).join(" and ")}; keep one`);
    }
    if (found.length === 1) return found[0];
    if (dir === resolve(top) || dir === dirname(dir)) return undefined;
  }
}

/** Reads and validates a settings file (YAML, or JSON for .json); throws a ConfigError naming the file and key. */
export function readConfigFile(file: string): Config {
  let raw: unknown;
  try {
    const text = readFileSync(file, "utf8");
    raw = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${file}: ${describeError(error)}`);
  }
  const parsed = parseConfig(raw, file);
  if (!parsed.ok) throw new ConfigError(parsed.error);
  return parsed.config;
}
