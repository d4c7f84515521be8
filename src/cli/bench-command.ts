// `llrt-migrate bench <path>`: before/after numbers for one function, from a temporary AWS deploy or
// locally through a Runtime API emulator. Only the command's shape is here: its flags (zod) and the
// run (the AWS SDK clients, esbuild) load when bench runs, so other commands start fast.
import { Command, Option } from "commander";

const collect = (value: string, previous: string[]) => [...previous, value];

export function benchCommand(): Command {
  return new Command("bench")
    .description("benchmark one function before (Node.js) and after (LLRT): a temporary AWS deploy, or --local")
    .argument("[path]", "project directory", ".")
    .option("--function <name>", "the function to benchmark (default: the first Node.js function found)")
    .option("--local", "run both sides on this machine through a Lambda Runtime API emulator")
    .option("--llrt-bin <file>", "local mode: the LLRT binary (the bootstrap from llrt-lambda-<arch>.zip); default $LLRT_BIN")
    .option("--role-arn <arn>", "AWS: execution role for the two temporary functions (required to deploy)")
    .option("--region <region>", "AWS: region to deploy in (required to deploy)")
    .option("--allow-account <id>", "AWS: an account id the deploy may use (repeatable; required to deploy)", collect, [] as string[])
    .option("--llrt-zip <file>", "AWS: llrt-lambda-<arch>.zip; its bootstrap goes into the function zip")
    .option("--llrt-layer-arn <arn>", "AWS: an LLRT layer version ARN instead of --llrt-zip")
    .addOption(new Option("--arch <arch>", "architecture").choices(["arm64", "x86_64"]).default("arm64"))
    .option("--memory <mb>", "AWS: memory size of both functions", "128")
    .option("--node-runtime <id>", "AWS: the Node.js runtime for the original", "nodejs22.x")
    .option("--event <file.json>", "the event to invoke with (default: a minimal API Gateway GET)")
    .option("--cold <n>", "cold starts per side", "10")
    .option("--warm <n>", "warm invocations per side", "20")
    .option("--prices <file.json>", "AWS: Lambda prices to use instead of the built-in us-east-1 list prices")
    .option("--cleanup", "AWS: delete benchmark functions left by interrupted runs (needs --region)")
    .option("--json", "print the result as JSON instead of a Markdown table")
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .action(async (path: string, raw: Record<string, unknown>) => {
      const [{ parseBenchFlags }, { runBench }] = await Promise.all([import("./bench-flags"), import("./bench-run")]);
      await runBench(path, parseBenchFlags(raw), { stdout: process.stdout, stderr: process.stderr });
    });
}
