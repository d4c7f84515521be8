// Flow collections laid out as CloudFormation accepts them (continuation lines left of their key):
// read folded onto one line at the same offsets, and edited byte for byte in the user's text.
import { describe, expect, it } from "vitest";
import { Project } from "../../src/engine/project";
import { defaultOptions } from "../../src/engine/types";
import { serverlessFormat } from "../../src/iac/serverless";
import { foldFlowCollections } from "../../src/iac/yaml-flow";
import { parseYaml } from "../../src/iac/yaml-source";

describe("flow collections", () => {
  const text = 'A:\n  B: {x: "a # {not a comment}", y: \'it\'\'s [ok]\', # note\n    z: [1,\n  2]\n}\n  C: plain{brace} # {\n';

  it("folds multi-line flow collections to one line of the same length, leaving quoted scalars and block text alone", () => {
    const folded = foldFlowCollections(text);
    expect(folded.length).toBe(text.length);
    expect(folded).toBe('A:\n  B: {x: "a # {not a comment}", y: \'it\'\'s [ok]\',            z: [1,   2] }\n  C: plain{brace} # {\n');
  });

  it("reads a template whose flow map closes left of its key, with the values the user wrote", () => {
    expect(() => parseYaml(text, new Set())).not.toThrow();
    expect(parseYaml(text, new Set()).toJS()).toEqual({ A: { B: { x: "a # {not a comment}", y: "it's [ok]", z: [1, 2] }, C: "plain{brace}" } });
  });

  it("still rejects what is not YAML", () => {
    expect(() => parseYaml("A: {x: 1\nB: 2\n", new Set())).toThrow(/YAML syntax error/);
  });

  it("edits a serverless.yml whose provider is a flow map, byte for byte", async () => {
    const yml = "service: s\nprovider: {name: aws, runtime: nodejs18.x}\nfunctions:\n  api: {handler: src/api.handler}\n";
    const project = new Project([["serverless.yml", yml], ["src/api.mjs", "export const handler = async () => 1;\n"]]);
    const out = await serverlessFormat.migrate({ path: "serverless.yml", text: yml, project, options: { ...defaultOptions, llrtLayerArn: "arn:aws:lambda:us-east-1:123456789012:layer:llrt:1" } });
    expect(out.text).toBe("service: s\nprovider: {name: aws, runtime: provided.al2023, architecture: arm64, layers: [\"arn:aws:lambda:us-east-1:123456789012:layer:llrt:1\"]}\nfunctions:\n  api: {handler: src/api.handler}\n");
    expect(out.functions.map((f) => [f.name, f.runtime.after])).toEqual([["api", "provided.al2023"]]);
  });
});

describe("serverless functions from ${file(...)}", () => {
  const handler = "export const handler = async () => 1;\n";
  const options = { ...defaultOptions, llrtLayerArn: "arn:aws:lambda:us-east-1:123456789012:layer:llrt:1" };
  const run = (yml: string, files: Array<[string, string]>) =>
    serverlessFormat.migrate({ path: "serverless.yml", text: yml, project: new Project([["serverless.yml", yml], ...files]), options });

  it("lists the functions of a referenced file and moves them through the provider", async () => {
    const yml = "service: s\nprovider:\n  name: aws\n  runtime: nodejs18.x\nfunctions: ${file(./functions.yml)}\n";
    const out = await run(yml, [["functions.yml", "api:\n  handler: src/api.handler\nworker:\n  handler: src/worker.handler\n"], ["src/api.mjs", handler], ["src/worker.mjs", handler]]);
    expect(out.functions.map((f) => [f.name, f.entry, f.runtime.after])).toEqual([["api", "src/api.mjs", "provided.al2023"], ["worker", "src/worker.mjs", "provided.al2023"]]);
    expect(out.text).toBe("service: s\nprovider:\n  name: aws\n  runtime: provided.al2023\n  architecture: arm64\n  layers:\n    - arn:aws:lambda:us-east-1:123456789012:layer:llrt:1\nfunctions: ${file(./functions.yml)}\n");
  });

  it("keeps a referenced function that sets its own runtime on Node, and warns per reference to a file that is not in the project", async () => {
    const yml = "service: s\nprovider:\n  name: aws\n  runtime: nodejs18.x\nfunctions:\n  - ${file(./a.yml)}\n  - ${file(./missing.yml)}\n  - local:\n      handler: src/local.handler\n";
    const out = await run(yml, [["a.yml", "own:\n  handler: src/own.handler\n  runtime: nodejs20.x\n"], ["src/own.mjs", handler], ["src/local.mjs", handler]]);
    expect(out.functions.map((f) => [f.name, f.runtime.before, f.runtime.after])).toEqual([["local", "nodejs18.x", "provided.al2023"], ["own", "nodejs20.x", "nodejs20.x"]]);
    expect(out.functions[1].findings).toEqual([expect.objectContaining({ severity: "warning", line: 6, message: expect.stringMatching(/stays on nodejs20\.x: it is declared in a\.yml.*sets its own runtime/) })]);
    expect(out.findings).toContainEqual(expect.objectContaining({ severity: "warning", line: 7, message: expect.stringContaining("missing.yml is not in the project") }));
    // `local` moves on its own (the provider's runtime is shared with nothing else that stays).
    expect(out.text).toContain("  - local:\n      handler: src/local.handler\n");
    expect(out.text).toContain("runtime: provided.al2023");
  });
});
