// Runs `llrt-migrate verify` once its flags are valid; exit 1 when a function behaves differently.
import { existsSync, statSync } from "node:fs";
import { describeError } from "../engine/errors";
import { loadAwsResponses } from "../verify/aws-responses";
import { loadEventFile } from "../verify/events";
import { renderVerifyText, verifyJson } from "../verify/render";
import { verifyProject } from "../verify/verify";
import type { VerifyFlags } from "./verify-flags";
import { exitCodes, UsageError } from "./usage";

export async function runVerify(path: string, flags: VerifyFlags, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UsageError(`not a project directory: ${path}`);
  let options;
  try {
    options = {
      functionName: flags.function,
      event: flags.event ? loadEventFile(flags.event) : undefined,
      awsResponses: flags.awsResponses ? loadAwsResponses(flags.awsResponses) : undefined,
      llrtBin: flags.llrtBin,
      timeoutMs: flags.timeout * 1000,
    };
  } catch (error) {
    throw new UsageError(describeError(error));
  }
  const result = await verifyProject(path, options);
  io.stdout.write(flags.json ? `${JSON.stringify(verifyJson(result), null, 2)}\n` : renderVerifyText(result));
  return result.summary.differs > 0 ? exitCodes.findings : exitCodes.ok;
}
