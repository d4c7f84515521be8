// Honest function lists across every IaC format: a function whose code llrt-migrate cannot see (S3,
// a prebuilt package, a path computed by Terraform or the CDK, a handler file that is missing) keeps
// its runtime with a "code not checked" warning, or moves to LLRT with that warning when the user opts
// in (migrateUnchecked); never "ready". The second run (over the first run's output) lists the same
// functions with the same verdicts.
import { describe, expect, it } from "vitest";
import { migrateProject } from "../../src/engine/migrate";
import { Project } from "../../src/engine/project";
import type { MigrationOptions } from "../../src/engine/types";

const handler = "export const handler = async () => ({ statusCode: 200 });\n";

const projects: Record<string, Record<string, string>> = {
  sam: {
    "template.yaml": `Transform: AWS::Serverless-2016-10-31
Resources:
  S3Function:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://artifacts/s3.zip
      Handler: index.handler
      Runtime: nodejs20.x
  S3MapFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: { Bucket: artifacts, Key: s3.zip }
      Handler: index.handler
      Runtime: nodejs20.x
  MissingFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: missing/
      Handler: app.handler
      Runtime: nodejs20.x
  LocalFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs20.x
`,
    "src/app.mjs": handler,
  },
  cloudformation: {
    "template.json": JSON.stringify({
      Resources: {
        S3Function: {
          Type: "AWS::Lambda::Function",
          Properties: { Code: { S3Bucket: "artifacts", S3Key: "s3.zip" }, Handler: "index.handler", Runtime: "nodejs20.x", Role: "arn:aws:iam::123456789012:role/r" },
        },
        LocalFunction: {
          Type: "AWS::Lambda::Function",
          Properties: { Code: "src", Handler: "app.handler", Runtime: "nodejs20.x", Role: "arn:aws:iam::123456789012:role/r" },
        },
      },
    }, null, 2),
    "src/app.mjs": handler,
  },
  terraform: {
    "main.tf": `resource "aws_lambda_function" "from_s3" {
  function_name = "from-s3"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  s3_bucket     = "artifacts"
  s3_key        = "from-s3.zip"
}

resource "aws_lambda_function" "prebuilt" {
  function_name = "prebuilt"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "dist/app.handler"
  runtime       = "nodejs20.x"
  filename      = "build/prebuilt.zip"
}

data "archive_file" "workers" {
  for_each    = toset(["a", "b"])
  type        = "zip"
  source_dir  = "\${path.module}/src/workers/\${each.key}"
  output_path = "\${path.module}/build/\${each.key}.zip"
}

resource "aws_lambda_function" "workers" {
  for_each      = toset(["a", "b"])
  function_name = "worker-\${each.key}"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = data.archive_file.workers[each.key].output_path
}

data "archive_file" "api" {
  type        = "zip"
  source_dir  = "\${path.module}/src/api"
  output_path = "\${path.module}/build/api.zip"
}

resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = data.archive_file.api.output_path
}

module "packaged" {
  source                 = "terraform-aws-modules/lambda/aws"
  function_name          = "packaged"
  handler                = "index.handler"
  runtime                = "nodejs20.x"
  create_package         = false
  local_existing_package = "build/packaged.zip"
}

resource "aws_lambda_function" "go" {
  function_name = "go"
  role          = "arn:aws:iam::123456789012:role/r"
  handler       = "bootstrap"
  runtime       = "provided.al2023"
  filename      = "build/go.zip"
}
`,
    "src/api/index.mjs": handler,
  },
  serverless: {
    "serverless.yml": `service: shop
provider:
  name: aws
  runtime: nodejs20.x
functions:
  local:
    handler: src/local.handler
  missing:
    handler: src/missing.handler
  prebuilt:
    handler: dist/app.handler
    package:
      artifact: build/prebuilt.zip
`,
    "src/local.mjs": handler,
  },
  cdk: {
    "cdk.json": "{}\n",
    "lib/stack.ts": `import * as path from "path";
import { Stack } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

export class AppStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const bucket = s3.Bucket.fromBucketName(this, "Artifacts", "artifacts");
    new lambda.Function(this, "FromBucket", {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: "index.handler",
      code: lambda.Code.fromBucket(bucket, "fn.zip"),
    });
    const dir = path.join(__dirname, "../lambda/a");
    new lambda.Function(this, "ComputedAsset", {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset(dir),
    });
    new lambda.Function(this, "Local", {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: "index.handler",
      code: lambda.Code.fromAsset(path.join(__dirname, "../lambda/local")),
    });
  }
}
`,
    "lambda/local/index.mjs": handler,
  },
};

/** name -> verdict of the functions a format lists (heuristics left out). */
const listed = (result: Awaited<ReturnType<typeof migrateProject>>) =>
  Object.fromEntries(result.functions.filter((f) => f.source !== "heuristic").map((f) => [f.name, f.verdict]));

async function twice(files: Record<string, string>, options: Partial<MigrationOptions> = {}) {
  const project = new Project(Object.entries(files));
  const first = await migrateProject(project, options);
  for (const change of first.changes) project.write(change.path, change.after);
  const second = await migrateProject(project, options);
  return { first, second };
}

const expected: Record<string, Record<string, string>> = {
  sam: { S3Function: "needs-attention", S3MapFunction: "needs-attention", MissingFunction: "needs-attention", LocalFunction: "ready" },
  cloudformation: { S3Function: "needs-attention", LocalFunction: "ready" },
  terraform: {
    "aws_lambda_function.from_s3": "needs-attention", "aws_lambda_function.prebuilt": "needs-attention",
    "aws_lambda_function.workers": "needs-attention", "aws_lambda_function.api": "ready", "module.packaged": "needs-attention",
  },
  serverless: { local: "ready", missing: "needs-attention", prebuilt: "needs-attention" },
  cdk: { FromBucket: "needs-attention", ComputedAsset: "needs-attention", Local: "ready" },
};

describe.each(Object.keys(projects))("%s", (format) => {
  it.each(["layer", "bootstrap"] as const)("code out of sight is 'code not checked', and run 2 lists the same verdicts (%s delivery)", async (llrtDelivery) => {
    for (const migrateUnchecked of [false, true]) {
      const { first, second } = await twice(projects[format], { llrtDelivery, migrateUnchecked });
      // Delivering the bootstrap in the package is a warning of its own on some formats.
      if (llrtDelivery === "layer") expect(listed(first)).toEqual(expected[format]);
      expect(Object.keys(listed(first))).toEqual(Object.keys(expected[format]));
      expect(listed(second)).toEqual(listed(first));
      expect(second.changes.map((c) => c.path)).toEqual([]);
      const unchecked = Object.keys(expected[format]).filter((name) => expected[format][name] !== "ready");
      for (const result of [first, second]) {
        for (const name of unchecked) {
          const warning = result.findings.find((f) => f.functions?.includes(name) && f.severity === "warning" && /code not checked: /.test(f.message));
          expect(warning, `${name}: code not checked`).toBeDefined();
          expect(warning!.fix).toBeTruthy();
          expect(warning!.message).not.toMatch(/names no code/);
          // Unless the user opts in, such a function keeps its runtime, and the finding says so and how to opt in.
          const fn = result.functions.find((f) => f.name === name)!;
          if (migrateUnchecked) expect(fn.runtime.after).toBe("provided.al2023");
          else {
            expect(fn.runtime.after).toBe(result === first ? fn.runtime.before : fn.runtime.after);
            expect(fn.runtime.after).toMatch(/^nodejs/);
            expect(warning!.message).toMatch(/ stays on nodejs/);
            expect(warning!.fix).toMatch(/--migrate-unchecked/);
          }
        }
      }
      // The IaC agrees: each function kept on Node still names its Node runtime after the run.
      const after = new Map(first.changes.map((c) => [c.path, c.after]));
      const kept = first.functions.filter((f) => f.source !== "heuristic" && f.runtime.after === "nodejs20.x");
      expect(kept.length).toBe(migrateUnchecked ? 0 : unchecked.length);
      for (const file of new Set(kept.map((f) => f.file))) {
        const text = after.get(file) ?? projects[format][file];
        // One per function, or one shared (Serverless `provider.runtime`).
        expect(text.match(/nodejs20\.x|NODEJS_20_X/g)?.length ?? 0).toBe(format === "serverless" ? 1 : kept.filter((f) => f.file === file).length);
      }
    }
  });
});
