// `llrt-migrate [paths...]`: read the project, migrate it in memory, then show (dry run, check) or
// write (all or nothing, a clean git work tree unless --force) and report.
import { writeFileSync } from "node:fs";
import { migrateProject } from "../engine/migrate";
import type { MigrationResult } from "../engine/types";
import { diskExternalFiles } from "../fs/read-project";
import { writeChanges } from "../fs/write-changes";
import { unifiedDiffs } from "../report/diff";
import { renderJson } from "../report/json";
import { renderMarkdownReport } from "../report/markdown";
import { renderSarif } from "../report/sarif";
import type { MigrateFlags } from "./options";
import { toMigrationOptions } from "./options";
import { exitCodes } from "./usage";
import { loadProject } from "./paths";
import { formatFindings, formatSummary, paintFor } from "./print";
import { createProgress } from "./progress";
import { assertReportKeepsTreeClean, assertSafeToWrite } from "./safety";

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export async function runMigrate(paths: string[], flags: MigrateFlags, io: CliIo): Promise<number> {
  const writes = !flags.dryRun && !flags.check;
  const { root, project } = loadProject(paths);

  if (flags.report) assertReportKeepsTreeClean(flags.report, root);
  if (writes && !flags.force) assertSafeToWrite(root);

  const progress = createProgress(io.stderr, !flags.quiet);
  let result: MigrationResult;
  try {
    result = await migrateProject(project, toMigrationOptions(flags), {
      onFile: (_path, done, total) => progress.update(done, total),
      external: diskExternalFiles(root),
    });
  } finally {
    progress.stop();
  }

  if (flags.json) io.stdout.write(renderJson(result));
  else if (!writes) io.stdout.write(unifiedDiffs(result.changes));

  if (flags.report) {
    const text = /\.json$/i.test(flags.report)
      ? renderJson(result)
      : /\.sarif$/i.test(flags.report)
        ? renderSarif(result)
        : renderMarkdownReport(result, project);
    writeFileSync(flags.report, text);
  }
  if (writes) await writeChanges(root, result.changes);

  if (!flags.quiet) {
    io.stderr.write(formatFindings(result, { verbose: flags.verbose, paint: paintFor(io.stderr) }));
    io.stderr.write(`${formatSummary(result, flags.check ? "check" : writes ? "write" : "dry-run")}\n`);
  }
  if (flags.check && result.changes.length > 0) return exitCodes.findings;
  return failsOn(result, flags.failOn ?? (flags.check ? "never" : "error")) ? exitCodes.findings : exitCodes.ok;
}

/** Whether findings at or above the chosen severity remain: `--check` alone asks only about pending changes. */
function failsOn(result: MigrationResult, failOn: "error" | "warning" | "never"): boolean {
  if (failOn === "never") return false;
  return result.summary.errors > 0 || (failOn === "warning" && result.summary.warnings > 0);
}
