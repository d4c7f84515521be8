import { describe, expect, it } from "vitest";
import { formatFinding } from "../../src/cli/print";

describe("formatFinding", () => {
  it("prints file:line:column, then the fix indented", () => {
    expect(formatFinding({ rule: "r", severity: "error", file: "a.js", line: 3, column: 7, message: "m", fix: "f" })).toBe("a.js:3:7: error [r] m\n    fix: f");
  });

  it("names the project, not an empty path, for a finding with no file", () => {
    expect(formatFinding({ rule: "r", severity: "error", file: "", line: 1, column: 1, message: "rule r failed" })).toBe("(project): error [r] rule r failed");
  });
});
