// Terraform: fixture pairs, runtimes from variables and tfvars across a module's files, parse errors.
import { describe, expect, it } from "vitest";
import { Project } from "../../src/engine/project";
import { defaultOptions as engineDefaults } from "../../src/engine/types";
import { parseHcl, stringValue } from "../../src/iac/hcl";
import { terraformFormat } from "../../src/iac/terraform";
import { formatCases, removedLines, runFormat } from "./format-fixtures";

describe("terraform fixtures", () => {
  for (const c of formatCases("terraform")) {
    it(`${c.name}: migrates to the expected output`, async () => {
      expect((await runFormat(terraformFormat, "main.tf", c.input, c)).text).toBe(c.output);
    });

    it(`${c.name}: output parses without ERROR nodes and non-Node functions are untouched`, async () => {
      const after = await parseHcl(c.output);
      const before = await parseHcl(c.input);
      for (const line of removedLines(c.input, c.output)) expect(line).toMatch(/^\s*(runtime|architectures|layers|memory_size|default)\s+=/);
      const lambdas = (f: typeof after) => f.blocks.filter((b) => b.labels[0] === "aws_lambda_function" || b.type === "module");
      for (const [i, block] of lambdas(before).entries()) {
        if (!stringValue(block.attributes.get("runtime")?.expr)?.startsWith("python")) continue;
        expect(lambdas(after)[i].text).toBe(block.text);
      }
    });

    it(`${c.name}: a second run changes nothing`, async () => {
      const again = await runFormat(terraformFormat, "main.tf", c.output, c);
      expect(again.text).toBe(c.output);
      expect(again.functions.length).toBeGreaterThan(0);
    });
  }
});

describe("terraform module directories", () => {
  // These blocks name prebuilt zips (code out of sight): the edits are what is tested here, so opt in.
  const defaultOptions = { ...engineDefaults, migrateUnchecked: true };
  const files: Array<[string, string]> = [
    ["infra/main.tf", 'resource "aws_lambda_function" "api" {\n  handler = "index.handler"\n  runtime = var.runtime\n  filename = "api.zip"\n}\n'],
    ["infra/variables.tf", 'variable "runtime" {\n  type    = string\n  default = "nodejs18.x"\n}\n'],
    ["infra/terraform.tfvars", 'runtime = "nodejs20.x" # prod\n'],
    ["infra/other/variables.tf", 'variable "runtime" {\n  default = "nodejs18.x"\n}\n'],
  ];
  const project = new Project(files);
  const migrate = (path: string) => terraformFormat.migrate({ path, text: project.read(path)!, project, options: defaultOptions });

  it("edits a runtime variable's default and its tfvars value where they live, and says so", async () => {
    const main = await migrate("infra/main.tf");
    expect(main.text).toContain("  runtime = var.runtime\n  architectures = [\"arm64\"]\n  layers = [var.llrt_layer_arn]\n");
    expect(main.findings.some((f) => /var\.runtime.*infra\/terraform\.tfvars/.test(f.message))).toBe(true);
    expect((await migrate("infra/variables.tf")).text).toBe('variable "runtime" {\n  type    = string\n  default = "provided.al2023"\n}\n');
    const tfvars = await migrate("infra/terraform.tfvars");
    expect(tfvars.text).toBe('runtime = "provided.al2023" # prod\n');
    expect(tfvars.findings[0].message).toMatch(/nodejs20\.x -> provided\.al2023/);
    // Another module's variable of the same name is not ours.
    expect((await migrate("infra/other/variables.tf")).text).toBe(files[3][1]);
  });

  it("declares the layer variable once per directory, in the first file that needs it", async () => {
    const main = await migrate("infra/main.tf");
    expect(main.text.match(/variable "llrt_layer_arn"/g)).toHaveLength(1);
    expect((await migrate("infra/variables.tf")).text).not.toContain("llrt_layer_arn");
  });

  it("skips a block marked llrt-migrate-ignore and keeps a runtime variable it shares", async () => {
    const text = 'resource "aws_lambda_function" "a" {\n  handler = "a.handler"\n  runtime = var.rt\n}\n\n# llrt-migrate-ignore\nresource "aws_lambda_function" "b" {\n  handler = "b.handler"\n  runtime = var.rt\n}\n\nvariable "rt" {\n  default = "nodejs20.x"\n}\n';
    const result = await terraformFormat.migrate({ path: "main.tf", text, project: new Project([["main.tf", text]]), options: { ...defaultOptions, llrtDelivery: "bootstrap" } });
    expect(result.text).toBe(text.replace('  runtime = var.rt\n}\n\n#', '  runtime = var.rt\n  architectures = ["arm64"]\n}\n\n#'));
    expect(result.functions.map((f) => [f.name, f.skipped ?? false])).toEqual([["aws_lambda_function.a", false], ["aws_lambda_function.b", true]]);
    expect(result.findings.some((f) => f.severity === "warning" && /a function that stays on Node\.js shares/.test(f.message))).toBe(true);
  });

  it("does not add a sixth layer (Lambda allows five) and says so", async () => {
    const arns = [1, 2, 3, 4, 5].map((n) => `"arn:aws:lambda:eu-west-1:123456789012:layer:l${n}:1"`).join(", ");
    const text = `resource "aws_lambda_function" "a" {\n  handler = "a.handler"\n  runtime = "nodejs20.x"\n  layers  = [${arns}]\n}\n`;
    const result = await terraformFormat.migrate({ path: "main.tf", text, project: new Project([["main.tf", text]]), options: { ...defaultOptions, llrtLayerArn: "arn:aws:lambda:eu-west-1:123456789012:layer:llrt:1" } });
    expect(result.text).not.toContain("layer:llrt:1");
    expect(result.functions[0].findings).toContainEqual(expect.objectContaining({ severity: "warning", line: 4, message: expect.stringContaining("already has 5 layers") }));
  });

  it("reports a syntax error with its line", async () => {
    const text = 'resource "aws_lambda_function" "x" {\n  runtime = \n}\n';
    await expect(terraformFormat.migrate({ path: "bad.tf", text, project: new Project([["bad.tf", text]]), options: defaultOptions }))
      .rejects.toThrow(/HCL syntax error \(line \d+/);
  });
});
