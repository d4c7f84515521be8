// `llrt-migrate [paths...]`: read the project, migrate it in memory, then show (dry run, check) or
// write (all or nothing, a clean git work tree unless --force) and report.
import { existsSync, realpathSync, writeFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { ConfigError, findConfigFile, readConfigFile } from "../config/read";
import type { Config } from "../config/schema";
import { configSchema } from "../config/schema";
import { migrateProject } from "../engine/migrate";
import type { MigrationResult } from "../engine/types";
import { diskExternalFiles } from "../fs/read-project";
import { cacheDirFor, diskResultCache } from "../fs/result-store";
import { gitTopLevel } from "../fs/git";
import { writeChanges } from "../fs/write-changes";
import { unifiedDiffs } from "../report/diff";
import { renderJson } from "../report/json";
import { renderMarkdownReport } from "../report/markdown";
import { renderSarif } from "../report/sarif";
import type { MigrateFlags } from "./options";
import { toMigrationOptions } from "./options";
import { exitCodes, UsageError } from "./usage";
import type { VerifyResult } from "../verify/verify";
import { loadProject } from "./paths";
import { formatFindings, formatSummary, paintFor } from "./print";
import { createProgress } from "./progress";
import { assertReportKeepsTreeClean, assertSafeToWrite } from "./safety";

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Read by --interactive only. */
  stdin?: NodeJS.ReadStream;
}

export async function runMigrate(paths: string[], flags: MigrateFlags, io: CliIo): Promise<number> {
  // --verify is a dry run that then runs what it would write.
  const writes = !flags.dryRun && !flags.check && !flags.verify;
  if (flags.interactive) assertInteractive(flags, io);
  const { root, project } = loadProject(paths);

  const options = toMigrationOptions(flags, loadSettings(root, flags.config));
  if (flags.report) assertReportKeepsTreeClean(flags.report, root);
  if (writes && !flags.force) assertSafeToWrite(root);

  const progress = createProgress(io.stderr, !flags.quiet);
  let result: MigrationResult;
  try {
    result = await migrateProject(project, options, {
      onFile: (_path, done, total) => progress.update(done, total),
      external: diskExternalFiles(root),
      cache: cacheFor(root, flags),
    });
  } finally {
    progress.stop();
  }

  if (flags.interactive) return runReview(root, result, io);
  let verification: VerifyResult | undefined;
  if (flags.verify) {
    const { verifyMigration, withVerification } = await import("../verify/verify");
    verification = await verifyMigration(root, project, result, { llrtBin: process.env.LLRT_BIN || undefined });
    result = withVerification(result, verification);
  }
  if (flags.json) io.stdout.write(renderJson(result));
  else if (!writes) io.stdout.write(unifiedDiffs(result.changes));

  if (flags.report) {
    const text = /\.json$/i.test(flags.report)
      ? renderJson(result)
      : /\.sarif$/i.test(flags.report)
        ? renderSarif(result, { projectPath: repositoryPath(root) })
        : renderMarkdownReport(result, project);
    writeFileSync(flags.report, text);
  }
  if (writes) await writeChanges(root, result.changes);

  if (!flags.quiet) {
    io.stderr.write(formatFindings(result, { verbose: flags.verbose, paint: paintFor(io.stderr) }));
    io.stderr.write(`${formatSummary(result, flags.check ? "check" : writes ? "write" : "dry-run")}\n`);
  }
  if (verification) {
    const { renderVerifyText } = await import("../verify/render");
    io.stderr.write(renderVerifyText(verification));
    if (verification.summary.differs > 0) return exitCodes.findings;
  }
  if (flags.check && result.changes.length > 0) return exitCodes.findings;
  return failsOn(result, flags.failOn ?? (flags.check ? "never" : "error")) ? exitCodes.findings : exitCodes.ok;
}

function cacheFor(root: string, flags: MigrateFlags) {
  const dir = flags.cache ? cacheDirFor(root, flags.cacheDir) : undefined;
  return dir ? diskResultCache(resolve(dir)) : undefined;
}

function assertInteractive(flags: MigrateFlags, io: CliIo): void {
  if (flags.dryRun || flags.check || flags.json || flags.verify) throw new UsageError("--interactive writes what you approve: it cannot be combined with --dry-run, --check, --json or --verify");
  if (!io.stdin?.isTTY || !io.stderr.isTTY) throw new UsageError("--interactive needs a terminal (stdin and stderr); use --dry-run to review the diff instead");
}

/** --interactive: each function's diff and findings on stderr, then apply / skip / quit; only approved files are written. */
async function runReview(root: string, result: MigrationResult, io: CliIo): Promise<number> {
  const { review, reviewSteps, terminalPrompt } = await import("./interactive");
  const paint = paintFor(io.stderr);
  const approved = await review(reviewSteps(result), terminalPrompt({ input: io.stdin!, output: io.stderr }), (text) => io.stderr.write(text), paint);
  await writeChanges(root, approved);
  io.stderr.write(`llrt-migrate: wrote ${approved.length} of ${result.changes.length} changed file(s)\n`);
  return result.summary.errors > 0 ? exitCodes.findings : exitCodes.ok;
}

/** The project root's path inside its git repository (posix), so SARIF paths start at the repository root. */
function repositoryPath(root: string): string {
  const top = gitTopLevel(root);
  // git prints the real path: resolve symlinks in ours too (/tmp, /var on macOS).
  return top ? relative(top, realpathSync(root)).split(sep).join("/") : "";
}

/** The settings file named by --config, or the nearest one from the project up to its repository's root. */
export function loadSettings(root: string, explicit: string | undefined): Config {
  try {
    if (explicit && !existsSync(explicit)) throw new UsageError(`--config: file not found: ${explicit}`);
    const file = explicit ?? findConfigFile(root, gitTopLevel(root));
    return file ? readConfigFile(file) : configSchema.parse({});
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Whether findings at or above the chosen severity remain: `--check` alone asks only about pending changes. */
export function failsOn(result: MigrationResult, failOn: "error" | "warning" | "never"): boolean {
  if (failOn === "never") return false;
  return result.summary.errors > 0 || (failOn === "warning" && result.summary.warnings > 0);
}
