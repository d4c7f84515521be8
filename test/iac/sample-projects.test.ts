// The Serverless, CDK and Terraform sample projects migrate through the whole engine without errors,
// change exactly the infrastructure files, leave non-Node functions alone, and a second run is a no-op.
import { describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { loadFixtureProject } from "../helpers";

const samples = {
  "serverless-app": { changed: ["serverless.yml"], functions: ["getItem", "listItems"] },
  "cdk-app": { changed: ["lib/catalog-stack.ts", "package.json"], functions: ["GetItem", "ListItems"] },
  "terraform-app": { changed: ["main.tf", "terraform.tfvars", "variables.tf"], functions: ["aws_lambda_function.api", "module.orders"] },
};

describe.each(Object.entries(samples))("%s", (name, expected) => {
  it("migrates cleanly: only the infrastructure changes, every function is found with its entry", async () => {
    const project = loadFixtureProject(name);
    const result = await migrateProject(project);
    expect(result.summary.errors).toBe(0);
    expect(result.changes.map((c) => c.path).sort()).toEqual(expected.changed);
    expect(result.functions.map((f) => f.name)).toEqual(expected.functions);
    for (const fn of result.functions) {
      expect(fn.entry && project.has(fn.entry)).toBe(true);
      expect(fn.runtime.after).toBe("provided.al2023");
      expect(fn.verdict).toBe("ready");
    }
    // The Python function of each sample is untouched: nothing of it appears in a removed line.
    for (const change of result.changes) {
      const removed = change.before.split("\n").filter((line) => !change.after.split("\n").includes(line));
      expect(removed.join("\n")).not.toMatch(/python|PYTHON/);
    }
  });

  it("changes nothing on a second run", async () => {
    const project = loadFixtureProject(name);
    const first = await migrateProject(project);
    for (const change of first.changes) project.write(change.path, change.after);
    const second = await migrateProject(project);
    expect(second.changes).toEqual([]);
    expect(second.functions.map((f) => f.name)).toEqual(expected.functions);
  });
});
