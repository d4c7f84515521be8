// `.github/llrt-migrate.yml`: what a repository (or its org's `.github` repo via `_extends`) asks of
// the app. Read from the default branch only, validated with the schema the CLI shares
// (src/config/schema.ts); one clear line when invalid.
import { createHash } from "node:crypto";
import type { Config } from "../config/schema";
import { parseConfig } from "../config/schema";
import type { MigrationOptions } from "../engine/types";

export const configFile = "llrt-migrate.yml";
export const configPath = `.github/${configFile}`;

export type AppConfig = Config;
export type BenchmarkSettings = AppConfig["benchmark"];

export type ConfigResult = { ok: true; config: AppConfig; hash: string } | { ok: false; error: string };

/** Keys that would reach an object's prototype: refused, never silently dropped. */
const forbiddenKeys = new Set(["__proto__", "constructor", "prototype"]);

function forbiddenKeyPath(value: unknown, path: string[] = []): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  for (const key of Object.getOwnPropertyNames(value)) {
    if (forbiddenKeys.has(key)) return [...path, key].join(".");
    const inner = forbiddenKeyPath((value as Record<string, unknown>)[key], [...path, key]);
    if (inner) return inner;
  }
  return undefined;
}

/** Validates the merged YAML (null when the repository has no config file: all defaults). */
export function parseAppConfig(raw: unknown): ConfigResult {
  const forbidden = forbiddenKeyPath(raw);
  if (forbidden) return { ok: false, error: `${configPath}: ${forbidden}: this key is not allowed` };
  const parsed = parseConfig(raw, configPath);
  return parsed.ok ? { ...parsed, hash: configHash(parsed.config) } : parsed;
}

/** Short, stable digest of the effective config: part of the PR's state marker. */
export function configHash(config: AppConfig): string {
  return createHash("sha256").update(stableJson(config)).digest("hex").slice(0, 12);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function toMigrationOptions(config: AppConfig): MigrationOptions {
  return {
    arch: config.arch,
    variant: config.variant,
    llrtDelivery: config.llrtDelivery,
    llrtLayerArn: config.llrtLayerArn,
    memory: config.memory,
    exclude: config.exclude,
    rules: config.rules,
    skipRules: config.skipRules,
    migrateUnchecked: config.migrateUnchecked,
  };
}

const inConfigFile = ` in ${configPath}`;
const camelCase = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Findings advise CLI flags (`--variant full-sdk`, `rerun with --llrt-layer-arn <arn>`); the app's
 * users set the same options in the config file, so its output names those settings instead.
 */
export function inConfigTerms(text: string): string {
  return text
    .replace(/(?:rerun with )?--llrt-layer-arn(?: <arn>)?/g, `set \`llrtLayerArn: <arn>\`${inConfigFile}`)
    .replace(/`?--(variant|llrt-delivery|arch) ([\w-]+)`?/g, (_, flag: string, value: string) => `\`${camelCase(flag)}: ${value}\`${inConfigFile}`)
    .replace(/--memory\b/g, `\`memory\`${inConfigFile}`)
    .replace(/(?:rerun with )?--migrate-unchecked\b/g, `set \`migrateUnchecked: true\`${inConfigFile}`);
}
