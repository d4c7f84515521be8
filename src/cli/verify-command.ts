// `llrt-migrate verify <path>`: runs each function before and after the migration on the same
// events and says whether it behaves the same. Only the command's shape is here; the work (engine,
// esbuild, runtimes) loads when verify runs.
import { Command } from "commander";

export function verifyCommand(onExit: (code: number) => void): Command {
  return new Command("verify")
    .description("run each function before (Node.js) and after the migration (LLRT) on the same events and compare what they do; writes nothing")
    .argument("[path]", "project directory", ".")
    .option("--function <name>", "verify only this function")
    .option("--event <file.json>", "the event to invoke with (default: the project's event files, else one per declared trigger)")
    .option("--llrt-bin <file>", "an LLRT binary to run the migrated code on (default $LLRT_BIN; without one: Node.js in LLRT-shaped mode)")
    .option("--aws-responses <file.json>", "answers for AWS operations, by <service>.<Operation> (default: a minimal valid response)")
    .option("--timeout <seconds>", "longest wait for one invocation (its runtime's start included)", "30")
    .option("--json", "print the result as JSON")
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .action(async (path: string, raw: Record<string, unknown>) => {
      const [{ parseVerifyFlags }, { runVerify }] = await Promise.all([import("./verify-flags"), import("./verify-run")]);
      onExit(await runVerify(path, parseVerifyFlags(raw), { stdout: process.stdout, stderr: process.stderr }));
    });
}
