// The settings file's one schema, shared by both faces: the GitHub App reads it from
// `.github/llrt-migrate.yml` on the default branch, the CLI from the project (src/config/read.ts).
// Outside input, so everything is validated here with zod; unknown keys are errors.
import { z } from "zod";
import { unknownRuleNames } from "../engine/rule-catalog";

export const layerArnPattern = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9-_]+:\d+$/;

const benchmarkSchema = z
  .object({
    enabled: z.boolean().default(false),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as us-east-1").optional(),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/, "must be an IAM role ARN").optional(),
    coldStarts: z.number().int().min(1).max(100).default(10),
    warmInvokes: z.number().int().min(0).max(1000).default(20),
  })
  .strict();

const ruleNameList = z.array(z.string().min(1)).superRefine((names, ctx) => {
  const unknown = unknownRuleNames(names);
  if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown rule(s) ${unknown.join(", ")} (llrt-migrate --list-rules lists them)` });
});

export const configSchema = z
  .object({
    // What the migration does: the CLI's flags of the same names override these.
    variant: z.enum(["std", "full-sdk", "no-sdk"]).default("std"),
    arch: z.enum(["arm64", "x86_64"]).default("arm64"),
    llrtDelivery: z.enum(["layer", "bootstrap"]).default("layer"),
    llrtLayerArn: z.string().regex(layerArnPattern, "must be a Lambda layer version ARN").optional(),
    memory: z.number().int().min(128).max(10240).optional(),
    /** Move functions whose code is not in the repository (S3, prebuilt artifacts) to LLRT anyway. */
    migrateUnchecked: z.boolean().default(false),
    exclude: z.array(z.string().min(1)).default([]),
    /** Run only these rules (empty: all). */
    rules: ruleNameList.default([]),
    skipRules: ruleNameList.default([]),
    // The GitHub App only (the CLI accepts and ignores them).
    enabled: z.boolean().default(true),
    /** Globs of the files to read (empty: the whole repository). */
    paths: z.array(z.string().min(1)).default([]),
    benchmark: benchmarkSchema.prefault({}),
    labels: z.array(z.string().min(1)).default([]),
    reviewers: z.array(z.string().min(1)).default([]),
    draft: z.boolean().default(false),
    /** Check-run conclusion `failure` (instead of `neutral`) when a function is blocked. */
    failOnBlocked: z.boolean().default(false),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export type ConfigParse = { ok: true; config: Config } | { ok: false; error: string };

/** Validates a parsed settings file (null or empty: all defaults); `file` names it in the one-line error. */
export function parseConfig(raw: unknown, file: string): ConfigParse {
  // `_extends` is consumed by Probot's config plugin; a leftover key is not an error of the user's.
  const input = raw && typeof raw === "object" ? Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "_extends")) : {};
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join(".") : "(top level)";
    return { ok: false, error: `${file}: ${where}: ${issue.message}` };
  }
  return { ok: true, config: parsed.data };
}
