// SARIF 2.1.0 for code scanning (GitHub shows it as alerts on the lines): one result per finding,
// paths relative to the repository root (%SRCROOT%), each rule described from the rule catalog, and
// a fingerprint that stays the same from run to run so alerts are tracked, not re-opened.
import { createHash } from "node:crypto";
import type { RuleInfo } from "../engine/rule-catalog";
import { parseFailureRule, ruleCatalog } from "../engine/rule-catalog";
import type { Finding, MigrationResult, Severity } from "../engine/types";
import { readmeUrl } from "../version";

const levels: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

export interface SarifOptions {
  /** The project root's path from the repository root (posix, "" when they are the same). */
  projectPath?: string;
}

const known = new Map<string, RuleInfo>([...ruleCatalog, parseFailureRule].map((rule) => [rule.name, rule]));

function sarifRule(id: string) {
  const info = known.get(id);
  if (!info) return { id, shortDescription: { text: `llrt-migrate rule ${id}` }, helpUri: readmeUrl() };
  const kind = info.kind === "edits" ? "Rewrites files; its findings say what changed and what is left to do." : "Reports only; it changes nothing.";
  return {
    id,
    shortDescription: { text: info.description },
    fullDescription: { text: `${info.details} ${kind}` },
    helpUri: readmeUrl(info.docs),
    help: { text: `${info.description} See ${readmeUrl(info.docs)}` },
  };
}

/** Stable across runs: the rule, the file and the message, not the line (edits above it move the line). */
function fingerprint(finding: Finding, uri: string, occurrence: number): string {
  return createHash("sha256").update([finding.rule, uri, finding.message, String(occurrence)].join("\0")).digest("hex").slice(0, 32);
}

export function renderSarif(result: MigrationResult, options: SarifOptions = {}): string {
  const base = options.projectPath ? `${options.projectPath.replace(/\/+$/, "")}/` : "";
  const ruleIds = [...new Set(result.findings.map((f) => f.rule))].sort();
  const seen = new Map<string, number>();
  const results = result.findings.map((finding) => {
    const uri = finding.file ? `${base}${finding.file}` : "";
    const key = `${finding.rule}\0${uri}\0${finding.message}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return {
      ruleId: finding.rule,
      ruleIndex: ruleIds.indexOf(finding.rule),
      level: levels[finding.severity],
      message: { text: finding.fix ? `${finding.message} Fix: ${finding.fix}` : finding.message },
      // A finding about the project as a whole (no file) has no location to point at.
      locations: finding.file
        ? [{ physicalLocation: { artifactLocation: { uri, uriBaseId: "%SRCROOT%" }, region: { startLine: finding.line, startColumn: finding.column } } }]
        : [],
      partialFingerprints: { "llrtMigrateFinding/v1": fingerprint(finding, uri, occurrence) },
    };
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: result.tool.name, version: result.tool.version, informationUri: readmeUrl(), rules: ruleIds.map(sarifRule) } },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
