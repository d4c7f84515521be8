// SARIF 2.1.0 for code scanning (GitHub shows it as alerts on the lines): one result per finding.
import type { Finding, MigrationResult, Severity } from "../engine/types";

const levels: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

function sarifResult(finding: Finding) {
  return {
    ruleId: finding.rule,
    level: levels[finding.severity],
    message: { text: finding.fix ? `${finding.message} Fix: ${finding.fix}` : finding.message },
    // A finding about the project as a whole (no file) has no location to point at.
    locations: finding.file
      ? [{ physicalLocation: { artifactLocation: { uri: finding.file }, region: { startLine: finding.line, startColumn: finding.column } } }]
      : [],
  };
}

export function renderSarif(result: MigrationResult): string {
  const rules = [...new Set(result.findings.map((f) => f.rule))].sort().map((id) => ({ id, shortDescription: { text: `llrt-migrate rule ${id}` } }));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: result.tool.name, version: result.tool.version, informationUri: "https://github.com/awslabs/llrt", rules } },
        results: result.findings.map(sarifResult),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
