// The cost model: Lambda list prices as data (with their date and region) and cost per invocation
// from billed duration, memory and architecture. Prices differ by region and change over time, so
// `--prices <file.json>` replaces them; the table always prints which prices it used.
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Arch } from "../engine/types";
import type { Pricing } from "./types";

/** AWS Lambda pricing page, us-east-1, first duration tier (no free tier, no Savings Plans). */
export const defaultPricing: Pricing = {
  region: "us-east-1",
  date: "2025-08-01",
  source: "AWS Lambda pricing page, first tier, no free tier; INIT is billed since 2025-08-01",
  requestUsdPerMillion: 0.2,
  gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 },
};

export const pricingSchema = z.object({
  region: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date must be YYYY-MM-DD"),
  source: z.string().default("user-supplied prices"),
  requestUsdPerMillion: z.number().nonnegative(),
  gbSecondUsd: z.object({ x86_64: z.number().positive(), arm64: z.number().positive() }),
});

/** Reads a --prices file: one clear error line when it is not JSON or not the expected shape. */
export function loadPricing(file: string): Pricing {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--prices ${file}: ${(error as Error).message}`);
  }
  const parsed = pricingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--prices ${file}: ${issue.path.join(".") || "file"}: ${issue.message}`);
  }
  return parsed.data;
}

/** USD for one invocation: the request charge plus billed GB-seconds. */
export function costPerInvocationUsd(pricing: Pricing, arch: Arch, billedMs: number, memoryMb: number): number {
  return pricing.requestUsdPerMillion / 1e6 + (billedMs / 1000) * (memoryMb / 1024) * pricing.gbSecondUsd[arch];
}
