// `.github/llrt-migrate.yml`: what a repository (or its org's `.github` repo via `_extends`) asks of
// the app. Read from the default branch only, validated with zod; one clear line when invalid.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { MigrationOptions } from "../engine/types";

export const configFile = "llrt-migrate.yml";
export const configPath = `.github/${configFile}`;

const benchmarkSchema = z
  .object({
    enabled: z.boolean().default(false),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1").optional(),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/, "must be an IAM role ARN").optional(),
    coldStarts: z.number().int().min(1).max(100).default(10),
    warmInvokes: z.number().int().min(0).max(1000).default(20),
  })
  .strict();

export const appConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Globs of the files to read (empty: the whole repository). */
    paths: z.array(z.string().min(1)).default([]),
    exclude: z.array(z.string().min(1)).default([]),
    variant: z.enum(["std", "full-sdk", "no-sdk"]).default("std"),
    arch: z.enum(["arm64", "x86_64"]).default("arm64"),
    llrtDelivery: z.enum(["layer", "bootstrap"]).default("layer"),
    llrtLayerArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9-_]+:\d+$/, "must be a Lambda layer version ARN")
      .optional(),
    memory: z.number().int().min(128).max(10240).optional(),
    benchmark: benchmarkSchema.prefault({}),
    labels: z.array(z.string().min(1)).default([]),
    reviewers: z.array(z.string().min(1)).default([]),
    draft: z.boolean().default(false),
    /** Check-run conclusion `failure` (instead of `neutral`) when a function is blocked. */
    failOnBlocked: z.boolean().default(false),
  })
  .strict();

export type AppConfig = z.infer<typeof appConfigSchema>;
export type BenchmarkSettings = AppConfig["benchmark"];

export type ConfigResult = { ok: true; config: AppConfig; hash: string } | { ok: false; error: string };

/** Validates the merged YAML (null when the repository has no config file: all defaults). */
export function parseAppConfig(raw: unknown): ConfigResult {
  // `_extends` is consumed by Probot's config plugin; a leftover key is not an error of the user's.
  const input = raw && typeof raw === "object" ? Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "_extends")) : {};
  const parsed = appConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join(".") : "(top level)";
    return { ok: false, error: `${configPath}: ${where}: ${issue.message}` };
  }
  return { ok: true, config: parsed.data, hash: configHash(parsed.data) };
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
    .replace(/--memory\b/g, `\`memory\`${inConfigFile}`);
}
