// `llrt-migrate --list-rules`: every rule with what it does and whether it edits or only reports.
import { ruleCatalog } from "../engine/rule-catalog";

export function formatRuleList(): string {
  const width = Math.max(...ruleCatalog.map((rule) => rule.name.length));
  const lines = ruleCatalog.map((rule) => `${rule.name.padEnd(width)}  ${rule.kind.padEnd(7)}  ${rule.description}`);
  return `${lines.join("\n")}\n\nSelect with --rules a,b or --skip-rules c, or rules / skipRules in the settings file.\n`;
}
