// The JSON result (schema in README.md): the MigrationResult without the full file texts.
import type { MigrationResult } from "../engine/types";

export type JsonResult = Omit<MigrationResult, "changes">;

export function toJsonResult(result: MigrationResult): JsonResult {
  const { changes: _changes, ...json } = result;
  return json;
}

export function renderJson(result: MigrationResult): string {
  return `${JSON.stringify(toJsonResult(result), null, 2)}\n`;
}
