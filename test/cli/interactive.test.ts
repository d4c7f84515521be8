// --interactive: the review steps built from a real migration, answered through the real terminal
// prompt (@inquirer/select) driven by keystrokes on a stream, and the CLI's refusal without a terminal.
import { spawnSync } from "node:child_process";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Decision, ReviewStep } from "../../src/cli/interactive";
import { review, reviewSteps, terminalPrompt } from "../../src/cli/interactive";
import { plain } from "../../src/cli/print";
import { migrateProject } from "../../src/engine/migrate";
import { fixturePath, loadFixtureProject, repoRoot } from "../helpers";

const down = "\u001b[B";

/** The real prompt on streams, answering each question with the next keystrokes once it is drawn. */
function scriptedTerminal(answers: string[]): { ask: (step: ReviewStep) => Promise<Decision>; screen: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  // Each prompt pipes into the output and ends it when done; process.stderr ignores that, so must this.
  output.end = () => output;
  const prompt = terminalPrompt({ input, output });
  let screen = "";
  let waiting: { question: string; keys: string } | undefined;
  output.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
    if (waiting && screen.includes(waiting.question)) {
      const { keys } = waiting;
      waiting = undefined;
      setTimeout(() => input.write(keys), 10);
    }
  });
  return {
    ask: (step) => {
      waiting = { question: `Apply the changes to ${step.changes.map((c) => c.path).join(", ")}?`, keys: answers.shift()! };
      screen = "";
      return prompt(step);
    },
    screen: () => screen,
  };
}

describe("--interactive review", () => {
  it("walks the functions in order, each with its files and findings, then what no function reaches", async () => {
    const result = await migrateProject(loadFixtureProject("sam-app"));
    const steps = reviewSteps(result);
    expect(steps.map((s) => [s.title, s.changes.map((c) => c.path)])).toEqual([
      ["Function HelloFunction (sam, template.yaml)", ["template.yaml"]],
      ["Function OrdersFunction (sam, template.yaml)", ["src/orders.mjs"]],
    ]);
    // The template's findings come with the step that shows the template.
    expect(steps[0].findings.map((f) => f.message)).toContainEqual(expect.stringContaining("Added the LLRT layer"));
    expect(steps[1].findings.map((f) => f.rule)).toContain("handler-async");
  });

  it("writes only what the user applies: Enter applies, down + Enter skips", async () => {
    const result = await migrateProject(loadFixtureProject("sam-app"));
    const terminal = scriptedTerminal(["\r", `${down}\r`]);
    const shown: string[] = [];
    const approved = await review(reviewSteps(result), terminal.ask, (text) => shown.push(text), plain);
    expect(terminal.screen()).toContain("Apply the changes to src/orders.mjs?");
    expect(approved.map((c) => c.path)).toEqual(["template.yaml"]);
    expect(shown[0]).toMatch(/^\[1\/2\] Function HelloFunction/);
    expect(shown[0]).toContain("+    Runtime: provided.al2023");
    expect(shown[1]).toContain("info [handler-async]");
  });

  it("quit stops the walk and keeps what was applied before", async () => {
    const result = await migrateProject(loadFixtureProject("sam-app"));
    const terminal = scriptedTerminal([`${down}${down}\r`]);
    const approved = await review(reviewSteps(result), terminal.ask, () => {}, plain);
    expect(terminal.screen()).not.toContain("src/orders.mjs");
    expect(approved).toEqual([]);
  });

  it("the CLI refuses --interactive without a terminal, and with --dry-run", () => {
    const bin = `${repoRoot}/bin/llrt-migrate.js`;
    const noTty = spawnSync(process.execPath, [bin, fixturePath("projects", "sam-app"), "--interactive"], { encoding: "utf8" });
    expect(noTty.status).toBe(2);
    expect(noTty.stderr).toContain("--interactive needs a terminal");
    const dry = spawnSync(process.execPath, [bin, fixturePath("projects", "sam-app"), "--interactive", "--dry-run"], { encoding: "utf8" });
    expect(dry.status).toBe(2);
    expect(dry.stderr).toContain("cannot be combined with --dry-run");
  });
});
