// The rule-agnostic post-print step: the original's text wherever the code did not change, and never
// a different program than the one the rules printed.
import { parse } from "@babel/parser";
import { describe, expect, it } from "vitest";
import { keepOriginalText } from "../../src/engine/minimal-diff";

const js = { typescript: true, jsx: true };
const program = (text: string) => JSON.stringify(parse(text, { sourceType: "module", plugins: ["typescript", "jsx"] }).program, (key, value) =>
  ["start", "end", "loc", "extra", "leadingComments", "trailingComments", "innerComments"].includes(key) ? undefined : value);

describe("keepOriginalText", () => {
  it("keeps the original's quotes, spacing, wrapping and trailing commas where the tokens are the same", () => {
    const original = "const a = { x: 'y', z: [1, 2,], };\nfoo(function (e) { return e });\nexports.h = 1;\n";
    const printed = 'const a = {\n  x: "y",\n  z: [1, 2]\n};\nfoo(function(e) { return e; });\nexport const h = 1;\n';
    expect(keepOriginalText(original, printed, js)).toBe("const a = { x: 'y', z: [1, 2,], };\nfoo(function (e) { return e });\nexport const h = 1;\n");
  });

  it("does not re-indent a block when a statement inside it goes", () => {
    const original = "function f() {\n\tif (a) {\n\t\tone();\n\t\ttwo();\n\t}\n}\n";
    const printed = "function f() {\n    if (a) {\n        two();\n    }\n}\n";
    expect(keepOriginalText(original, printed, js)).toBe("function f() {\n\tif (a) {\n\t\ttwo();\n\t}\n}\n");
  });

  it("puts back a comment the printed text lost, such as a licence header on a replaced statement", () => {
    const original = "/*! Copyright Example. SPDX-License-Identifier: MIT-0 */\nconst x = require('x');\nx();\n";
    const printed = "import x from 'x';\nx();\n";
    expect(keepOriginalText(original, printed, js)).toBe("/*! Copyright Example. SPDX-License-Identifier: MIT-0 */\nimport x from 'x';\nx();\n");
  });

  it.each([
    ["return on its own line", "function f() {\n  return (\n    a\n  )\n}\n", "function f() {\n  return a;\n}\n"],
    ["semicolon-less lines starting with ( and [", "let a = b\n;(c || d).e()\n;[1].map(f)\n", "let a = b;\n(c || d).e();\n[1].map(f);\n"],
    ["a line comment before new code", "a() // note\nb()\n", "a(); // note\nc();\n"],
    ["postfix ++ after a removed line", "let i = 0\nfoo()\ni\n++j\n", "let i = 0;\ni;\n++j;\n"],
  ])("never changes the printed program: %s", (_, original, printed) => {
    expect(program(keepOriginalText(original, printed, js))).toBe(program(printed));
  });

  it("leaves the printed text alone when the original does not parse", () => {
    expect(keepOriginalText("const = ;", "const a = 1;\n", js)).toBe("const a = 1;\n");
  });
});
