// The PR body: verdict first, benchmark line, checklist from findings, and truncation under GitHub's limit.
import { describe, expect, test } from "vitest";
import { bodyLimit, pullRequestTitle, renderBody, truncateMiddle } from "../../src/app/body";
import { howToEnable } from "../../src/app/benchmark";
import { Markers } from "../../src/app/markers";
import { Signer } from "../../src/app/signing";
import type { RunState } from "../../src/app/markers";
import { Project } from "../../src/engine/project";
import type { Finding, LambdaFunction, MigrationResult } from "../../src/engine/types";

const markers = new Markers(new Signer("body-test-secret"));
const readState = markers.readState;
const state: RunState = { base: "b".repeat(40), tool: "0.1.0", config: "cfg", commit: "c".repeat(40), changes: "d" };

function resultWith(findings: Finding[], functions: LambdaFunction[]): MigrationResult {
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  return {
    tool: { name: "llrt-migrate", version: "0.1.0" },
    llrt: { version: "v0.8.1-beta", variant: "std" },
    summary: { filesScanned: 2, filesChanged: 1, errors: count("error"), warnings: count("warning"), infos: count("info") },
    functions,
    files: [],
    findings,
    changes: [{ path: "src/a.mjs", before: "x", after: "y" }],
  };
}

const fn = (name: string, verdict: LambdaFunction["verdict"]): LambdaFunction => ({
  name, source: "sam", file: "template.yaml", handler: `${name}.handler`, entry: `src/${name}.mjs`, runtime: { before: "nodejs20.x", after: "provided.al2023" }, verdict,
});

const finding = (i: number, severity: Finding["severity"], functions: string[]): Finding => ({
  rule: "llrt-compat", severity, file: "src/a.mjs", line: 1 + (i % 3), column: 1, functions,
  message: `uses node:vm (${i}), which LLRT does not provide ${"and more words ".repeat(5)}`, fix: "Move the code out of the function.",
});

describe("renderBody", () => {
  const project = new Project([["src/a.mjs", "import vm from 'node:vm';\nvm.runInThisContext('1');\nexport const handler = async () => 1;\n"]]);

  test("puts the verdict first, the benchmark line, per-function details and a checklist of non-info findings", () => {
    const result = resultWith([finding(1, "error", ["a"]), finding(2, "info", ["b"])], [fn("a", "blocked"), fn("b", "ready")]);
    const body = renderBody({ result, project, benchmark: { ran: false, reason: howToEnable }, state, arch: "arm64", markers });

    expect(body.split("\n").slice(0, 3)).toEqual([
      "## LLRT migration",
      "",
      "**1 ready, 0 need attention, 1 blocked** (2 function(s), LLRT v0.8.1-beta, std bundle, arm64). Blocked functions need the fixes below before they can run on LLRT.",
    ]);
    expect(body).toContain(`### Benchmark\n\n${howToEnable}`);
    expect(body).toContain("<details><summary>a (🛑 blocked): 1 finding(s)</summary>");
    const checklist = body.slice(body.indexOf("### Before merging"), body.indexOf("<details><summary>Commands"));
    expect(checklist).toContain("- [ ] `src/a.mjs:2` uses node:vm (1)");
    expect(checklist).not.toContain("(2)"); // info findings are not follow-ups
    expect(readState(body)).toEqual(state);
  });

  test("a finding without a file (a failing project rule) shows no empty location in the details or the checklist", () => {
    const failed: Finding = { rule: "sdk-package-json", severity: "error", file: "", line: 1, column: 1, message: "rule sdk-package-json failed: boom; its changes were dropped." };
    const body = renderBody({ result: resultWith([failed], [fn("a", "ready")]), project, benchmark: { ran: false, reason: howToEnable }, state, arch: "arm64", markers });

    expect(body).toContain("- **🛑 error** (sdk-package-json): rule sdk-package-json failed");
    expect(body).toContain("- [ ] rule sdk-package-json failed: boom; its changes were dropped.\n");
    expect(body).not.toContain("`:1");
  });

  test("a warning outside every function still counts as a follow-up in the verdict line", () => {
    const layer: Finding = { ...finding(1, "warning", []), file: "template.yaml", functions: undefined, message: "Added the LLRT layer LlrtLayer built from llrt-lambda-arm64.zip." };
    const body = renderBody({ result: resultWith([layer], [fn("a", "ready")]), project, benchmark: { ran: false, reason: howToEnable }, state, arch: "arm64", markers });

    expect(body.split("\n")[2]).toMatch(/^\*\*1 ready, 0 need attention, 0 blocked\*\* .*\. Check the follow-ups below before merging\.$/);
    expect(body).toContain("- [ ] `template.yaml:2` Added the LLRT layer");
  });

  test("a function opted out with llrt-migrate-ignore is shown as skipped, and the title counts only the functions moved to LLRT", () => {
    const legacy: LambdaFunction = { ...fn("legacy", "ready"), runtime: { before: "nodejs18.x", after: "nodejs18.x" }, skipped: true };
    const result = resultWith([], [fn("a", "ready"), legacy]);
    const body = renderBody({ result, project, benchmark: { ran: false, reason: howToEnable }, state, arch: "arm64", markers });

    expect(pullRequestTitle(result)).toBe("Run 1 Lambda function on LLRT");
    expect(body.split("\n")[2]).toContain("(2 function(s), 1 skipped, LLRT v0.8.1-beta");
    expect(body).toContain("| `legacy` | sam | `src/legacy.mjs` | nodejs18.x → nodejs18.x | ⏭️ skipped, ✅ ready |");
  });

  test("placeholders such as <entry> outside code spans survive GitHub's HTML sanitizer (escaped), and stay as they are inside code", () => {
    const tf: Finding = {
      ...finding(1, "warning", ["a"]), message: "Added variable llrt_layer_arn.",
      fix: "Set it (e.g. -var llrt_layer_arn=arn:aws:lambda:<region>:<account>:layer:<name>:<version>), then run `esbuild <entry> --bundle`.",
    };
    const body = renderBody({ result: resultWith([tf], [fn("a", "needs-attention")]), project, benchmark: { ran: false, reason: howToEnable }, state, arch: "arm64", markers });

    const expected = "arn:aws:lambda:&lt;region>:&lt;account>:layer:&lt;name>:&lt;version>), then run `esbuild <entry> --bundle`.";
    expect(body).toContain(`  - Fix: Set it (e.g. -var llrt_layer_arn=${expected}`); // details
    expect(body).toContain(`- [ ] \`src/a.mjs:2\` Added variable llrt_layer_arn. Set it (e.g. -var llrt_layer_arn=${expected}`); // checklist
  });

  test("a huge result is cut under 65,536 characters with a note, balanced <details> and the marker kept", () => {
    const findings = Array.from({ length: 3000 }, (_, i) => finding(i, "warning", ["a"]));
    const result = resultWith(findings, [fn("a", "needs-attention")]);
    const body = renderBody({ result, project, benchmark: { ran: false, reason: howToEnable }, state, arch: "arm64", markers });

    expect(body.length).toBeLessThanOrEqual(bodyLimit);
    expect(body.length).toBeGreaterThan(bodyLimit - 2_000);
    expect(body).toContain("**Truncated:**");
    expect(body.match(/<details>/g)!.length).toBe(body.match(/<\/details>/g)!.length);
    expect((body.match(/^ *```/gm)?.length ?? 0) % 2).toBe(0); // findings' excerpts are indented fences
    expect(readState(body)).toEqual(state);
  });
});

describe("truncateMiddle", () => {
  test("closes an indented code fence (a finding's excerpt in a list item) at the cut", () => {
    const body = `<details><summary>x</summary>\n\n- finding\n\n  \`\`\`\n${"  > 1 | line\n".repeat(200)}`;
    const out = truncateMiddle(body, 800);
    expect(out).toMatch(/\| line\n  ```\n<\/details>\n\n> \*\*Truncated:\*\*/);
  });

  test("leaves a short text alone", () => {
    expect(truncateMiddle("short", 100)).toBe("short");
  });

  test("closes an open code fence, as long as its opener, and details block at the cut", () => {
    const body = `<details><summary>x</summary>\n\n\`\`\`\`\`\n${"line ``` inside\n".repeat(100)}`;
    const out = truncateMiddle(body, 900);
    expect(out.length).toBeLessThanOrEqual(900);
    expect(out).toContain("inside\nline");
    expect(out).toMatch(/inside\n`````\n<\/details>\n\n> \*\*Truncated:\*\*/);
  });
});

/** The Markdown as GitHub reads its markup: code blocks and code spans (of any backtick length) removed. */
const outsideCode = (md: string) =>
  md.replace(/^( *)(`{3,})[^\n]*\n[\s\S]*?^\1\2 *$/gm, "").replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");

describe("repository text in the body", () => {
  const hostile = "src/@octocat <img src=x onerror=alert(1)></details># Heading`x``.mjs";

  test("file and function names cannot mention, inject HTML, unbalance <details> or break out of code", () => {
    const f: Finding = { ...finding(1, "warning", ["</details><b>@acme/team"]), file: hostile, message: "uses `@aws-sdk` <x> for @octocat" };
    const result = resultWith([f], [{ ...fn("</details><b>@acme/team", "needs-attention"), entry: hostile }]);
    result.changes = [{ path: hostile, before: "a", after: "b" }];
    const project = new Project([[hostile, "line ``` one\n```\nthree @octocat\n"]]);
    const body = renderBody({ result, project, benchmark: { ran: false, reason: howToEnable }, state, arch: "arm64", markers });

    const markup = outsideCode(body);
    expect(markup.match(/<details>/g)!.length).toBe(markup.match(/<\/details>/g)!.length);
    expect(markup).not.toMatch(/<img|<b>|^#+ Heading/m);
    expect(markup).not.toMatch(/@(octocat|acme)/); // every @ is followed by a zero-width space
    // A file name with backticks sits in a code span of longer backticks; the excerpt in a longer fence.
    expect(body).toContain("```src/@octocat <img src=x onerror=alert(1)></details># Heading`x``.mjs:2:1```");
    expect(body).toContain("  ````\n    1 | line ``` one\n  > 2 | ```\n    3 | three @octocat\n  ````");
  });

  test("a very long excerpt line is cut, and truncation keeps the verdict, the checklist, the commands and the marker", () => {
    const long = `const x = "${"a".repeat(70_000)}";`;
    const project = new Project([["src/a.mjs", `${long}\n${long}\n${long}\n`]]);
    const findings = Array.from({ length: 40 }, (_, i) => finding(i, "warning", ["a"]));
    const body = renderBody({ result: resultWith(findings, [fn("a", "needs-attention")]), project, benchmark: { ran: false, reason: howToEnable }, state, arch: "arm64", markers });
    expect(body.length).toBeLessThanOrEqual(bodyLimit);
    expect(body).toContain("more characters)");
    expect(body).toMatch(/^## LLRT migration\n\n\*\*0 ready, 1 need attention/);
    expect(body).toContain("### Before merging");
    expect(body).toContain("/llrt-migrate recreate");
    expect(body).toContain("Deploy to a test stage");
    expect(readState(body)).toEqual(state);
  });

  test("a marker counts only on the body's last line and only with the app's signature", () => {
    const marker = markers.stateMarker(state);
    expect(readState(`text\n\n${marker}\n`)).toEqual(state);
    expect(readState(`${marker}\n\nmore text after it`)).toBeUndefined();
    expect(readState(`text\n\n${marker.replace(/sig=[0-9a-f]+/, "sig=" + "0".repeat(32))}`)).toBeUndefined();
    expect(readState(`text\n\n${new Markers(new Signer("someone else")).stateMarker(state)}`)).toBeUndefined();
    expect(readState(`text\n\n${marker.replace('"tool":"0.1.0"', '"tool":"9.9.9"')}`)).toBeUndefined();
  });
});
