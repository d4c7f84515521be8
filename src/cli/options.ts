// The migrate command's flags, validated with zod into MigrationOptions plus what the CLI itself does.
import { z } from "zod";
import type { MigrationOptions } from "../engine/types";
import { UsageError } from "./usage";

export const layerArn = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9-_]+:\d+$/;

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
  arch: z.enum(["arm64", "x86_64"], { message: "--arch must be arm64 or x86_64" }).default("arm64"),
  variant: z.enum(["std", "full-sdk", "no-sdk"], { message: "--variant must be std, full-sdk or no-sdk" }).default("std"),
  llrtDelivery: z.enum(["layer", "bootstrap"], { message: "--llrt-delivery must be layer or bootstrap" }).default("layer"),
  llrtLayerArn: z.string().regex(layerArn, "--llrt-layer-arn must be a Lambda layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>)").optional(),
  memory: z.coerce
    .number({ message: "--memory must be a number of MB" })
    .int("--memory must be a whole number of MB")
    .min(128, "--memory must be between 128 and 10240 MB")
    .max(10240, "--memory must be between 128 and 10240 MB")
    .optional(),
  exclude: z.array(z.string().min(1)).default([]),
});

export type MigrateFlags = z.infer<typeof migrateFlagsSchema>;

export function parseMigrateFlags(raw: Record<string, unknown>): MigrateFlags {
  const parsed = migrateFlagsSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
  return parsed.data;
}

export function toMigrationOptions(flags: MigrateFlags): MigrationOptions {
  return {
    arch: flags.arch,
    variant: flags.variant,
    llrtDelivery: flags.llrtDelivery,
    llrtLayerArn: flags.llrtLayerArn,
    memory: flags.memory,
    exclude: flags.exclude,
  };
}
