// `llrt-migrate bench` flags, validated with zod (loaded only when bench runs).
import { existsSync } from "node:fs";
import { z } from "zod";
import { layerArn } from "./options";
import { UsageError } from "./usage";

const count = (flag: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${flag} must be a number` })
    .int(`${flag} must be a whole number`)
    .min(min, `${flag} must be between ${min} and ${max}`)
    .max(max, `${flag} must be between ${min} and ${max}`);

export const benchFlagsSchema = z
  .object({
    function: z.string().min(1).optional(),
    local: z.boolean().default(false),
    cleanup: z.boolean().default(false),
    json: z.boolean().default(false),
    llrtBin: z.string().min(1).optional(),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "--role-arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)").optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "--region must be an AWS region such as eu-west-1").optional(),
    allowAccount: z.array(z.string().regex(/^\d{12}$/, "--allow-account must be a 12-digit AWS account id")).default([]),
    llrtZip: z.string().min(1).optional(),
    llrtLayerArn: z.string().regex(layerArn, "--llrt-layer-arn must be a Lambda layer version ARN").optional(),
    arch: z.enum(["arm64", "x86_64"], { message: "--arch must be arm64 or x86_64" }).default("arm64"),
    memory: count("--memory", 128, 10240).default(128),
    nodeRuntime: z.string().regex(/^nodejs\d+\.x$/, "--node-runtime must be a Node.js Lambda runtime such as nodejs22.x").default("nodejs22.x"),
    event: z.string().min(1).optional(),
    cold: count("--cold", 1, 100).default(10),
    warm: count("--warm", 0, 10000).default(20),
    prices: z.string().min(1).optional(),
  })
  .superRefine((flags, ctx) => {
    const need = (ok: boolean, message: string) => ok || ctx.addIssue({ code: "custom", message });
    if (flags.cleanup) {
      need(!!flags.region, "--cleanup needs --region");
      return;
    }
    if (flags.local) return;
    // A deploy happens only when every safety flag is explicit.
    need(!!flags.roleArn, "deploying needs --role-arn (or use --local)");
    need(!!flags.region, "deploying needs --region");
    need(flags.allowAccount.length > 0, "deploying needs --allow-account <id> naming the account(s) it may use");
    need(!!flags.llrtZip !== !!flags.llrtLayerArn, "deploying needs exactly one of --llrt-zip <llrt-lambda-arch.zip> or --llrt-layer-arn <arn>");
  });

export type BenchFlags = z.infer<typeof benchFlagsSchema>;

export function parseBenchFlags(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): BenchFlags {
  const parsed = benchFlagsSchema.safeParse({ ...raw, llrtBin: raw.llrtBin ?? (env.LLRT_BIN || undefined) });
  if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
  const flags = parsed.data;
  for (const [flag, file] of [["--llrt-bin/LLRT_BIN", flags.local ? flags.llrtBin : undefined], ["--llrt-zip", flags.llrtZip], ["--event", flags.event], ["--prices", flags.prices]]) {
    if (file && !existsSync(file)) throw new UsageError(`${flag}: file not found: ${file}`);
  }
  return flags;
}

