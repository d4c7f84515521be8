// `llrt-migrate verify` flags, validated with zod (loaded only when verify runs).
import { existsSync } from "node:fs";
import { z } from "zod";
import { UsageError } from "./usage";

export const verifyFlagsSchema = z.object({
  function: z.string().min(1).optional(),
  event: z.string().min(1).optional(),
  llrtBin: z.string().min(1).optional(),
  awsResponses: z.string().min(1).optional(),
  timeout: z.coerce.number({ message: "--timeout must be a number" }).min(1, "--timeout must be between 1 and 900 seconds").max(900, "--timeout must be between 1 and 900 seconds").default(30),
  json: z.boolean().default(false),
});

export type VerifyFlags = z.infer<typeof verifyFlagsSchema>;

export function parseVerifyFlags(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): VerifyFlags {
  const parsed = verifyFlagsSchema.safeParse({ ...raw, llrtBin: raw.llrtBin ?? (env.LLRT_BIN || undefined) });
  if (!parsed.success) throw new UsageError(parsed.error.issues[0].message);
  const flags = parsed.data;
  for (const [flag, file] of [["--llrt-bin/LLRT_BIN", flags.llrtBin], ["--event", flags.event], ["--aws-responses", flags.awsResponses]] as const) {
    if (file && !existsSync(file)) throw new UsageError(`${flag}: file not found: ${file}`);
  }
  return flags;
}
