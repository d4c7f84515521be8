import { DynamoDB } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { sdkV2SemanticsRule } from "../../transforms/sdk-v2-semantics";
import { applyRule } from "../helpers";

const header = "import { DynamoDB } from '@aws-sdk/client-dynamodb';\nconst db = new DynamoDB();\n";

/** The `endpoint` string a migrated `new DynamoDB({ endpoint: '...' })` passes. */
const endpointIn = (code: string) => /endpoint: '([^']*)'/.exec(code)?.[1] ?? "";
const resolveEndpoint = async (endpoint: string) =>
  (await new DynamoDB({ endpoint, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } }).config.endpoint?.())?.hostname;

describe("sdk-v2-semantics", () => {
  it("gives a literal endpoint the https:// that v2 added, so v3 can resolve it", async () => {
    const source = "import { DynamoDB } from '@aws-sdk/client-dynamodb';\nexport const db = new DynamoDB({ endpoint: 'db.example.com/prod' });\n";
    const { output } = await applyRule(sdkV2SemanticsRule, "a.js", source);
    await expect(resolveEndpoint(endpointIn(source))).rejects.toThrow(/Invalid URL/);
    expect(await resolveEndpoint(endpointIn(output))).toBe("db.example.com");
  });

  it("reports, without rewriting, status codes of errors it cannot trace to an SDK call", async () => {
    const source = `${header}export async function f(id) {\n  try {\n    return JSON.parse(await load(id));\n  } catch (error) {\n    return { statusCode: error.statusCode || 500 };\n  }\n}\n`;
    const { changed, findings } = await applyRule(sdkV2SemanticsRule, "b.js", source);
    expect(changed).toBe(false);
    expect(findings).toEqual([expect.objectContaining({ severity: "warning", line: 7, column: 26 })]);
    expect(findings[0].fix).toContain("$metadata?.httpStatusCode");
  });

  it("leaves err.code alone where it is not an SDK error (a Node error's code is real)", async () => {
    const source = `${header}import fs from 'fs';\nexport const f = (cb) => fs.readFile('x', (err) => cb(err && err.code === 'ENOENT'));\n`;
    const { changed, findings } = await applyRule(sdkV2SemanticsRule, "c.js", source);
    expect(changed).toBe(false);
    expect(findings).toEqual([]);
  });

  it("warns about retryable and about `this` in a function callback of an SDK call", async () => {
    const source = `${header}export const f = (cb) => db.listTables({}, function (err, data) {\n  if (err && err.retryable) return cb(this.requestId);\n  cb(null, data);\n});\n`;
    const { changed, findings } = await applyRule(sdkV2SemanticsRule, "d.js", source);
    expect(changed).toBe(false);
    expect(findings.map((f) => [f.severity, f.line, f.message.slice(0, 20)])).toEqual([
      ["warning", 4, "`err.retryable` is a"],
      ["warning", 4, "`this` in an AWS SDK"],
    ]);
  });
});
