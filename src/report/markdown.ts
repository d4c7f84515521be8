// The Markdown compatibility report: functions and their verdicts first, then the findings grouped
// by function, each with the lines of code it points at. The GitHub App builds its PR body from
// the same pieces.
import type { Project } from "../engine/project";
import type { Finding, LambdaFunction, MigrationResult, Severity } from "../engine/types";
import { groupByFunctions } from "./finding-groups";
import { codeBlock, codeSpan, cutLine, noMentions } from "./markdown-text";

const severityIcon: Record<Severity, string> = { error: "🛑 error", warning: "⚠️ warning", info: "ℹ️ info" };
const verdictLabel: Record<LambdaFunction["verdict"], string> = {
  ready: "✅ ready",
  "needs-attention": "⚠️ needs attention",
  blocked: "🛑 blocked",
};

/** The verdict, and whether the user opted the function out (it keeps its runtime and code). */
function statusLabel(fn: LambdaFunction): string {
  return fn.skipped ? `⏭️ skipped, ${verdictLabel[fn.verdict]}` : verdictLabel[fn.verdict];
}

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A repository name (file, function) as code in a table cell. */
const codeCell = (text: string) => cell(codeSpan(text));

export function verdictCounts(functions: LambdaFunction[]): Record<LambdaFunction["verdict"], number> {
  const counts = { ready: 0, "needs-attention": 0, blocked: 0 };
  for (const fn of functions) counts[fn.verdict]++;
  return counts;
}

function verifyCell(fn: LambdaFunction): string {
  if (!fn.verify) return "";
  const detail = [fn.verify.reason, fn.verify.knownDifference && `known difference: ${fn.verify.knownDifference}`].filter(Boolean).join("; ");
  return cell(detail ? `${fn.verify.status}: ${prose(detail)}` : fn.verify.status);
}

export function renderFunctionsTable(functions: LambdaFunction[]): string {
  if (functions.length === 0) return "No Lambda functions were found.\n";
  // After --verify, a column says whether each function behaved the same before and after.
  const verified = functions.some((fn) => fn.verify);
  const rows = functions.map((fn) =>
    [
      codeCell(fn.name),
      fn.source,
      fn.entry ? codeCell(fn.entry) : "(not found)",
      `${fn.runtime.before ?? "?"} → ${fn.runtime.after ?? "?"}`,
      statusLabel(fn),
      ...(verified ? [verifyCell(fn)] : []),
    ].join(" | "),
  );
  const head = verified ? ["| Function | Defined in | Entry | Runtime | Verdict | Verify |", "|---|---|---|---|---|---|"] : ["| Function | Defined in | Entry | Runtime | Verdict |", "|---|---|---|---|---|"];
  return [...head, ...rows.map((r) => `| ${r} |`)].join("\n") + "\n";
}

/** The source lines around a finding, when the project text is at hand. */
export function excerpt(project: Project | undefined, finding: Finding, around = 1): string {
  const text = project?.read(finding.file);
  if (text === undefined) return "";
  const lines = text.split("\n");
  const from = Math.max(1, finding.line - around);
  const to = Math.min(lines.length, finding.line + around);
  const width = String(to).length;
  const body = lines
    .slice(from - 1, to)
    .map((line, i) => `${from + i === finding.line ? ">" : " "} ${String(from + i).padStart(width)} | ${cutLine(line)}`)
    .join("\n");
  return codeBlock(body) + "\n";
}

/**
 * Text for Markdown outside code: `<region>` or `<entry>` would be taken for an HTML tag (and GitHub
 * strips it), so `<` is escaped, and an `@name` is no mention; code spans keep their text as is.
 */
export function prose(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 ? part : noMentions(part.replace(/</g, "&lt;").replace(/^(\s*)([#>])/gm, "$1\\$2"))))
    .join("");
}

/** `file:line` (with the column when asked) in code style and a trailing space; nothing for a finding about no file. */
export function location(finding: Finding, withColumn = true): string {
  if (!finding.file) return "";
  return `${codeSpan(`${finding.file}:${finding.line}${withColumn ? `:${finding.column}` : ""}`)} `;
}

export function renderFinding(finding: Finding, project?: Project): string {
  const head = `- **${severityIcon[finding.severity]}** ${location(finding)}(${finding.rule}): ${prose(finding.message)}`;
  const fix = finding.fix ? `\n  - Fix: ${prose(finding.fix)}` : "";
  const code = excerpt(project, finding);
  return head + fix + (code ? `\n\n${code.trimEnd().replace(/^/gm, "  ")}\n` : "") + "\n";
}

/**
 * Findings grouped by the set of functions they concern, blocking groups first: a file shared by
 * several functions has its findings listed once, under all of their names.
 */
export function groupFindings(result: Pick<MigrationResult, "functions" | "findings">): Array<{ title: string; findings: Finding[] }> {
  return groupByFunctions(result).map((group) => ({
    title:
      group.functions.length === 0
        ? "Other files"
        : (group.functions.length > 1 ? "Shared by " : "") + group.functions.map((fn) => `${fn.name} (${statusLabel(fn)})`).join(", "),
    findings: group.findings,
  }));
}

export function renderMarkdownReport(result: MigrationResult, project?: Project): string {
  const { summary } = result;
  const counts = verdictCounts(result.functions);
  const out = [
    `# LLRT migration report`,
    "",
    `${result.tool.name} ${result.tool.version}, LLRT ${result.llrt.version} (${result.llrt.variant} bundle).`,
    "",
    `**${result.functions.length} function(s): ${counts.ready} ready, ${counts["needs-attention"]} need attention, ${counts.blocked} blocked.** ` +
      `${summary.filesScanned} files scanned, ${summary.filesChanged} changed; ${summary.errors} errors, ${summary.warnings} warnings, ${summary.infos} notes.`,
    "",
    "## Functions",
    "",
    renderFunctionsTable(result.functions),
    "## Findings",
    "",
  ];
  const groups = groupFindings(result);
  if (groups.length === 0) out.push("No findings.\n");
  for (const group of groups) {
    out.push(`### ${group.title}`, "", ...group.findings.map((f) => renderFinding(f, project)));
  }
  const failed = result.files.filter((f) => f.status === "error");
  if (failed.length) {
    out.push("## Files left untouched because of errors", "", ...failed.map((f) => `- ${codeSpan(f.path)}: ${prose(f.error ?? "")}`), "");
  }
  return out.join("\n");
}
