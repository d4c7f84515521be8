import { diffLines } from "diff";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { Project } from "../../src/engine/project";
import { defaultOptions } from "../../src/engine/types";
import { samFormat } from "../../src/iac/sam";

async function migrate(text: string, files: Record<string, string> = {}) {
  const project = new Project([["template.yaml", text], ...Object.entries(files)]);
  return samFormat.migrate({ path: "template.yaml", text, project, options: defaultOptions });
}

const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:   # comment kept, spacing too
    Type: AWS::Serverless::Function
    Properties:
      Runtime: "nodejs20.x"
      Handler: app.handler
      Environment: { Variables: { T: !Ref Table, U: !Sub '\${AWS::Region}-x' } }
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs16.x
      Handler: jobs/worker.run
      CodeUri: src
  Py:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
  Table:
    Type: AWS::DynamoDB::Table
`;

describe("SAM runtime", () => {
  it("changes exactly the Node runtimes, keeping quoting and every other byte", async () => {
    const out = await migrate(template, { "app.ts": "", "src/jobs/worker.js": "" });
    // The two runtime lines are the only original lines that change; everything else is added lines
    // (architecture, layer, build metadata: see templates.test.ts and fixtures/iac/sam).
    const removed = diffLines(template, out.text).filter((part) => part.removed).map((part) => part.value);
    expect(removed).toEqual(['      Runtime: "nodejs20.x"\n', "      Runtime: nodejs16.x\n"]);
    expect(out.text).toContain('      Runtime: "provided.al2023"\n');
    expect(out.text).toContain("      Runtime: provided.al2023\n");
    expect(parseDocument(out.text).errors).toEqual([]);
    expect(out.functions.map((f) => [f.name, f.entry])).toEqual([["Api", "app.ts"], ["Worker", "src/jobs/worker.js"]]);
  });

  it("leaves a template without Node functions byte-identical", async () => {
    const python = template.replace(/nodejs\d+\.x/g, "python3.12");
    const out = await migrate(python);
    expect(out.text).toBe(python);
    expect(out.functions).toEqual([]);
  });

  it("warns when the runtime is an intrinsic it cannot evaluate, and leaves it", async () => {
    const text = template.replace('Runtime: "nodejs20.x"', "Runtime: !Ref NodeRuntime");
    const out = await migrate(text, { "app.ts": "" });
    expect(out.text.split("\n")[5]).toBe("      Runtime: !Ref NodeRuntime");
    expect(out.functions[0].findings[0]).toMatchObject({ severity: "warning", line: 6, column: 16 });
    expect(out.functions[0].findings[0].message).toContain("`!Ref NodeRuntime`");
  });

  it("warns when the handler's source file is not in the project", async () => {
    const out = await migrate(template, { "app.ts": "" });
    const worker = out.functions.find((f) => f.name === "Worker")!;
    expect(worker.entry).toBeNull();
    expect(worker.findings[0]).toMatchObject({ severity: "warning", line: 13 });
  });

  it("rejects an unknown YAML tag with its position", async () => {
    await expect(migrate(template.replace("!Ref Table", "!Reff Table"))).rejects.toThrow("unknown YAML tag !Reff (line 8, column 38)");
  });

  it("rejects broken YAML with one line naming the position", async () => {
    await expect(migrate("Resources:\n  A: [b\n  C: d\n")).rejects.toThrow(/^YAML syntax error: .*\(line \d+, column \d+\)$/);
  });
});
