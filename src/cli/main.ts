// The `llrt-migrate` command line: argument parsing and exit codes only; the work is elsewhere.
import { Command, CommanderError, Option } from "commander";
import { llrtRelease } from "../compat/release";
import { describeError } from "../engine/errors";
import { tool } from "../version";
import { actionCommand } from "../action/action-command";
import { benchCommand } from "./bench-command";
import { verifyCommand } from "./verify-command";
import { exitCodes, UsageError } from "./usage";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function buildProgram(onExit: (code: number) => void): Command {
  const program = new Command()
    .name("llrt-migrate")
    .description("Move Node.js AWS Lambda functions onto LLRT: code, AWS SDK and infrastructure, with a compatibility report.")
    .version(tool.version)
    .argument("[paths...]", "project directories or files to migrate (required)", [])
    .option("--dry-run", "print a unified diff and the report; write nothing")
    .option("--json", "print the whole result as JSON on stdout")
    .option("--report <file>", "also write the report to a .md, .json or .sarif file")
    .option("--check", "write nothing; exit 1 when changes are pending (for CI)")
    .addOption(new Option("--fail-on <severity>", "exit 1 when findings of this severity or worse remain (default: error; never with --check)").choices(["error", "warning", "never"]))
    .option("--force", "write even when the git tree has uncommitted changes")
    .option("--quiet", "print no findings or summary")
    .option("--verbose", "list every note (info finding) instead of one line per rule")
    // No commander defaults for settings: unset means "from the settings file, else its default".
    .addOption(new Option("--arch <arch>", "target architecture (default: arm64)").choices(["arm64", "x86_64"]))
    .addOption(new Option("--variant <variant>", "LLRT bundle: which AWS SDK clients are built in (default: std)").choices(["std", "full-sdk", "no-sdk"]))
    .addOption(new Option("--llrt-delivery <how>", "ship the LLRT bootstrap as a layer or in the package (default: layer)").choices(["layer", "bootstrap"]))
    .option("--llrt-layer-arn <arn>", "an existing LLRT layer version ARN (otherwise the IaC gets a parameter for it)")
    .option("--memory <mb>", "set every function's memory size (left alone unless given)")
    .option("--exclude <glob>", "leave files matching this glob out (repeatable)", collect, [] as string[])
    .option("--rules <names>", "run only these rules (comma-separated; see --list-rules)", collect)
    .option("--skip-rules <names>", "do not run these rules (comma-separated)", collect)
    .option("--list-rules", "list every rule, what it does and whether it edits or only reports")
    .option("--config <file>", "the settings file (default: llrt-migrate.config.{json,yml,yaml} or .github/llrt-migrate.yml, nearest from the project up to the repository root)")
    .option("--interactive", "on a terminal, review each function's changes and findings: apply, skip or quit")
    .option("--llrt-version <release>", `the LLRT release to check against, one of those shipped with the tool (default ${llrtRelease.version})`)
    .option("--verify", "dry run, then run each function before and after on the same events and compare (see `verify --help`); LLRT_BIN names an LLRT binary")
    .option("--migrate-unchecked", "also move functions whose code is not in the project (S3, prebuilt artifacts) to LLRT")
    .option("--cache-dir <dir>", "remember per-file results here (default: node_modules/.cache/llrt-migrate when the project has node_modules)")
    .option("--no-cache", "remember nothing between runs")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .action(async (paths: string[], raw: Record<string, unknown>) => {
      if (raw.listRules) {
        const { formatRuleList } = await import("./rule-list");
        process.stdout.write(formatRuleList());
        return onExit(exitCodes.ok);
      }
      // No path is a mistake, not "the current folder": a real run would rewrite it at once.
      if (paths.length === 0) {
        process.stderr.write(`${program.helpInformation()}\nllrt-migrate: name the project to migrate, e.g. \`llrt-migrate . --dry-run\`\n`);
        return onExit(exitCodes.usage);
      }
      // Loaded on demand: the engine is most of the bundle, and --help/--version must start fast.
      const [{ parseMigrateFlags }, { runMigrate }] = await Promise.all([import("./options"), import("./migrate-command")]);
      onExit(await runMigrate(paths, parseMigrateFlags(raw), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }));
    });
  // Options after `bench` or `verify` belong to it (it has its own --json, --arch, --memory).
  program.enablePositionalOptions().addCommand(benchCommand()).addCommand(verifyCommand(onExit)).addCommand(actionCommand(onExit), { hidden: true });
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so output streams can drain. */
export async function main(argv: string[]): Promise<number> {
  let code: number = exitCodes.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0 and their text already printed.
      if (error.exitCode === 0) return exitCodes.ok;
      process.stderr.write(`llrt-migrate: ${error.message.replace(/^error: /, "")}\n`);
      return exitCodes.usage;
    }
    const prefix = error instanceof UsageError ? "" : "error: ";
    process.stderr.write(`llrt-migrate: ${prefix}${describeError(error)}\n`);
    if (process.env.LLRT_MIGRATE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return exitCodes.usage;
  }
}
