// The migrate command's flags, validated with zod into MigrationOptions plus what the CLI itself does.
// Migration settings left unset fall back to the settings file (src/config), then to its defaults.
import { z } from "zod";
import type { Config } from "../config/schema";
import { layerArnPattern } from "../config/schema";
import { unknownRuleNames } from "../engine/rule-catalog";
import type { MigrationOptions } from "../engine/types";
import { llrtSurfaces, surfaceFor } from "../compat/surface";
import { UsageError } from "./usage";

export const layerArn = layerArnPattern;

/** `--rules a,b --rules c`: names from every occurrence, comma-separated. */
const ruleNames = (flag: string) =>
  z
    .array(z.string())
    .transform((values) => values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean))
    .superRefine((names, ctx) => {
      const unknown = unknownRuleNames(names);
      if (unknown.length) ctx.addIssue({ code: "custom", message: `${flag}: unknown rule(s) ${unknown.join(", ")} (--list-rules lists them)` });
    })
    .optional();

export const migrateFlagsSchema = z.object({
  dryRun: z.boolean().default(false),
  json: z.boolean().default(false),
  report: z
    .string()
    .regex(/\.(md|json|sarif)$/i, "--report needs a file name ending in .md, .json or .sarif")
    .optional(),
  check: z.boolean().default(false),
  force: z.boolean().default(false),
  quiet: z.boolean().default(false),
  verbose: z.boolean().default(false),
  failOn: z.enum(["error", "warning", "never"], { message: "--fail-on must be error, warning or never" }).optional(),
  arch: z.enum(["arm64", "x86_64"], { message: "--arch must be arm64 or x86_64" }).optional(),
  variant: z.enum(["std", "full-sdk", "no-sdk"], { message: "--variant must be std, full-sdk or no-sdk" }).optional(),
  llrtDelivery: z.enum(["layer", "bootstrap"], { message: "--llrt-delivery must be layer or bootstrap" }).optional(),
  llrtLayerArn: z.string().regex(layerArn, "--llrt-layer-arn must be a Lambda layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)").optional(),
  memory: z.coerce
    .number({ message: "--memory must be a number of MB" })
    .int("--memory must be a whole number of MB")
    .min(128, "--memory must be between 128 and 10240 MB")
    .max(10240, "--memory must be between 128 and 10240 MB")
    .optional(),
  exclude: z.array(z.string().min(1)).default([]),
  rules: ruleNames("--rules"),
  skipRules: ruleNames("--skip-rules"),
  config: z.string().min(1).optional(),
  interactive: z.boolean().default(false),
  llrtVersion: z
    .string()
    .refine((v) => surfaceFor(v) !== undefined, { message: `--llrt-version must be one of ${Object.keys(llrtSurfaces).join(", ")}` })
    .optional(),
  migrateUnchecked: z.boolean().default(false),
  cache: z.boolean().default(true),
  cacheDir: z.string().min(1, "--cache-dir needs a directory").optional(),
  verify: z.boolean().default(false),
});

export type MigrateFlags = z.infer<typeof migrateFlagsSchema>;

export function parseMigrateFlags(raw: Record<string, unknown>): MigrateFlags {
  const parsed = migrateFlagsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
  return parsed.data;
}

/** The run's options: each flag given wins over the settings file; --exclude adds to its list. */
export function toMigrationOptions(flags: MigrateFlags, config: Config): MigrationOptions {
  return {
    arch: flags.arch ?? config.arch,
    variant: flags.variant ?? config.variant,
    llrtDelivery: flags.llrtDelivery ?? config.llrtDelivery,
    llrtLayerArn: flags.llrtLayerArn ?? config.llrtLayerArn,
    memory: flags.memory ?? config.memory,
    exclude: [...config.exclude, ...flags.exclude],
    rules: flags.rules ?? config.rules,
    skipRules: flags.skipRules ?? config.skipRules,
    ...(flags.llrtVersion ? { llrtVersion: surfaceFor(flags.llrtVersion)!.release.version } : {}),
    migrateUnchecked: flags.migrateUnchecked || config.migrateUnchecked,
  };
}
