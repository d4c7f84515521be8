// The rule catalog (descriptions for --list-rules, SARIF and rule selection) names exactly the rules
// the engine runs, and rule selection runs only what was chosen.
import { describe, expect, it } from "vitest";
import { iacFormats } from "../../src/iac";
import { migrateProject } from "../../src/engine/migrate";
import { ruleCatalog, ruleNames, unknownRuleNames } from "../../src/engine/rule-catalog";
import { codeRules, projectRules } from "../../src/engine/rules";
import { loadFixtureProject } from "../helpers";

describe("rule catalog", () => {
  it("describes every rule the registry runs, and nothing else", () => {
    const registered = [...iacFormats.map((f) => f.rule), ...codeRules.map((r) => r.name), ...projectRules.map((r) => r.name)];
    expect([...ruleNames].sort()).toEqual([...new Set(registered)].sort());
    for (const rule of ruleCatalog) {
      expect(rule.description, rule.name).toMatch(/^\S.{20,140}[.]$/);
      expect(rule.details.length, rule.name).toBeGreaterThan(rule.description.length);
    }
  });

  it("names unknown rules", () => {
    expect(unknownRuleNames(["handler-async", "no-such-rule"])).toEqual(["no-such-rule"]);
  });
});

describe("rule selection", () => {
  it("--rules runs only the named rules; a skipped template rule still names the functions but edits nothing", async () => {
    const project = loadFixtureProject("sam-app");
    const only = await migrateProject(project, { rules: ["handler-async"] });
    expect(only.changes.map((c) => c.path)).toEqual(["src/orders.mjs"]);
    expect(new Set(only.findings.map((f) => f.rule))).toEqual(new Set(["handler-async"]));
    expect(only.functions.map((f) => [f.name, f.runtime.after])).toEqual([["HelloFunction", "nodejs18.x"], ["OrdersFunction", "nodejs18.x"]]);

    const skipped = await migrateProject(project, { skipRules: ["handler-async"] });
    expect(skipped.changes.map((c) => c.path)).toEqual(["template.yaml"]);
    expect(skipped.findings.some((f) => f.rule === "handler-async")).toBe(false);
    expect(skipped.functions.every((f) => f.runtime.after === "provided.al2023")).toBe(true);
  });
});
