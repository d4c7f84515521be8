// A synthetic serverless monorepo for the speed benchmark (`npm run bench:codemod`): services in
// every infrastructure format, handlers in the styles real repositories mix (SDK v2 callbacks and
// promises, SDK v3, TypeScript), shared libraries of realistic size, tests, CDK stacks, and a
// node_modules tree. Deterministic: the same `files` count gives the same tree.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface SyntheticTree {
  /** Files written outside node_modules. */
  files: number;
  /** Files written under node_modules. */
  nodeModulesFiles: number;
  bytes: number;
  /** Functions the infrastructure files declare. */
  functions: number;
}

type Format = "sam" | "serverless" | "terraform" | "cdk";
const formats: Format[] = ["sam", "serverless", "terraform", "cdk"];
const handlersPerService = 4;

const handlerStyles = [
  // SDK v2, callback handler, SDK callback inside: the most common style of older code.
  (n: number) => `'use strict';
// Reads one record ${n} for the API.
const AWS = require('aws-sdk');
const { respond } = require('../lib/respond');
const { validateId } = require('../lib/validate');

const dynamoDb = new AWS.DynamoDB.DocumentClient();

module.exports.handler = (event, context, callback) => {
  const id = validateId(event.pathParameters && event.pathParameters.id);
  const params = { TableName: process.env.TABLE_NAME, Key: { id } };
  dynamoDb.get(params, (error, result) => {
    if (error) {
      console.error(error);
      callback(null, respond(error.statusCode || 501, { message: 'Could not fetch item ${n}' }));
      return;
    }
    callback(null, respond(200, result.Item));
  });
};
`,
  // SDK v2 with .promise(), async handler.
  (n: number) => `const AWS = require("aws-sdk");
const crypto = require("crypto");
const { respond } = require("../lib/respond");

const s3 = new AWS.S3({ region: process.env.AWS_REGION });

/**
 * Stores upload ${n} and returns its digest.
 */
exports.handler = async (event) => {
  const body = Buffer.from(event.body || "", event.isBase64Encoded ? "base64" : "utf8");
  const digest = crypto.createHash("sha256").update(body).digest("hex");
  await s3.putObject({ Bucket: process.env.BUCKET, Key: \`uploads/\${digest}\`, Body: body }).promise();
  const head = await s3.headObject({ Bucket: process.env.BUCKET, Key: \`uploads/\${digest}\` }).promise();
  return respond(201, { digest, size: head.ContentLength, n: ${n} });
};
`,
  // SDK v3, ES module.
  (n: number) => `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

// Lists the items of a customer (${n}).
export const handler = async (event) => {
  const customerId = event.queryStringParameters?.customerId;
  if (!customerId) return { statusCode: 400, body: JSON.stringify({ message: "customerId is required" }) };
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: "customerId = :c",
      ExpressionAttributeValues: { ":c": customerId },
    }),
  );
  return { statusCode: 200, body: JSON.stringify(Items.map((item) => ({ ...item, n: ${n} }))) };
};
`,
  // TypeScript, SDK v3, a queue consumer.
  (n: number) => `import type { SQSEvent, SQSBatchResponse } from "aws-lambda";
import { SNSClient, PublishCommand } from "@aws-sdk/client-sns";

const sns = new SNSClient({});

interface Order {
  id: string;
  total: number;
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failures: SQSBatchResponse["batchItemFailures"] = [];
  for (const record of event.Records) {
    try {
      const order = JSON.parse(record.body) as Order;
      await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: JSON.stringify({ ...order, n: ${n} }) }));
    } catch {
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
`,
];
const handlerExtensions = [".js", ".js", ".mjs", ".ts"];

const respondLib = `'use strict';
// Shapes an API Gateway proxy response.
module.exports.respond = (statusCode, body) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' },
  body: JSON.stringify(body),
});
`;

/** A shared library of ordinary size: many small functions, as utility files are. */
function validateLib(service: number): string {
  const checks = Array.from({ length: 40 }, (_, i) => `
/** Checks field ${i} of service ${service}. */
function check${i}(value) {
  if (value === undefined || value === null) throw new Error('field ${i} is required');
  if (typeof value === 'string' && value.length > ${64 + i}) throw new Error('field ${i} is too long');
  return typeof value === 'string' ? value.trim() : value;
}`).join("\n");
  return `'use strict';
${checks}

function validateId(id) {
  if (!/^[a-z0-9-]{1,64}$/.test(String(id))) throw new Error('invalid id');
  return String(id);
}

module.exports = { validateId, ${Array.from({ length: 40 }, (_, i) => `check${i}`).join(", ")} };
`;
}

const testFile = (handler: string) => `const { handler } = require('../src/${handler}');

describe('${handler}', () => {
  it('answers', async () => {
    const result = await new Promise((resolve) => handler({ pathParameters: { id: 'a' } }, {}, (e, r) => resolve(r)));
    expect(result).toBeDefined();
  });
});
`;

function infrastructure(format: Format, service: number, handlers: string[]): Array<[string, string]> {
  const names = handlers.map((h, i) => ({ id: `Fn${service}x${i}`, module: h.replace(/\.[^.]+$/, ""), file: h }));
  switch (format) {
    case "sam":
      return [["template.yaml", `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
# Service ${service}
Globals:
  Function:
    Runtime: nodejs18.x
    Timeout: 10
Resources:
${names.map((n) => `  ${n.id}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: ${n.module}.handler
      Events:
        Api:
          Type: Api
          Properties: { Path: /${n.module}, Method: get }
`).join("")}`]];
    case "serverless":
      return [["serverless.yml", `service: svc-${service}
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs16.x
functions:
${names.map((n) => `  ${n.module}:
    handler: src/${n.module}.handler
    events:
      - http: { path: ${n.module}, method: get }
`).join("")}`]];
    case "terraform":
      return [["main.tf", names.map((n) => `resource "aws_lambda_function" "${n.module.replace(/-/g, "_")}" {
  function_name = "svc-${service}-${n.module}"
  role          = var.role_arn
  handler       = "${n.module}.handler"
  runtime       = "nodejs18.x"
  filename      = "\${path.module}/build/${n.module}.zip"
  source_code_hash = filebase64sha256("\${path.module}/build/${n.module}.zip")
}
`).join("\n") + `
variable "role_arn" {
  type = string
}
`]];
    case "cdk":
      return [["lib/stack.ts", `import * as path from "path";
import { Stack, StackProps } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { Construct } from "constructs";

export class Service${service}Stack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
${names.map((n, i) => i % 2 === 0
  ? `    new NodejsFunction(this, "${n.id}", {
      entry: path.join(__dirname, "../src/${n.file}"),
      runtime: lambda.Runtime.NODEJS_18_X,
    });
`
  : `    new lambda.Function(this, "${n.id}", {
      runtime: lambda.Runtime.NODEJS_18_X,
      handler: "${n.module}.handler",
      code: lambda.Code.fromAsset(path.join(__dirname, "../src")),
    });
`).join("")}  }
}
`]];
  }
}

/** Small packages with entry files and dependencies, as a real node_modules has. */
function nodeModules(packages: number): Array<[string, string]> {
  const files: Array<[string, string]> = [];
  for (let p = 0; p < packages; p++) {
    const name = `pkg-${p}`;
    files.push([`node_modules/${name}/package.json`, JSON.stringify({ name, version: "1.0.0", main: "index.js" }, null, 2)]);
    files.push([`node_modules/${name}/index.js`, `'use strict';\nconst util = require('./lib/util');\n${p > 0 ? `const dep = require('pkg-${p - 1}');\n` : ""}module.exports = { ...util };\n`]);
    for (let f = 0; f < 8; f++) files.push([`node_modules/${name}/lib/${f === 0 ? "util" : `part${f}`}.js`, `'use strict';\nexports.part${f} = (x) => x + ${f};\n`]);
  }
  return files;
}

export function writeSyntheticMonorepo(root: string, targetFiles: number): SyntheticTree {
  const tree: SyntheticTree = { files: 0, nodeModulesFiles: 0, bytes: 0, functions: 0 };
  const write = (path: string, text: string) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    tree.bytes += Buffer.byteLength(text);
    if (path.startsWith("node_modules/")) tree.nodeModulesFiles++;
    else tree.files++;
  };
  write("package.json", JSON.stringify({ name: "synthetic-monorepo", private: true, dependencies: { "aws-sdk": "^2.1500.0" } }, null, 2));
  for (let service = 0; tree.files < targetFiles; service++) {
    const format = formats[service % formats.length];
    const dir = `services/svc-${service}`;
    const handlers = Array.from({ length: handlersPerService }, (_, i) => `h${i}${handlerExtensions[(service + i) % handlerExtensions.length]}`);
    handlers.forEach((file, i) => write(`${dir}/src/${file}`, handlerStyles[(service + i) % handlerStyles.length](service * handlersPerService + i)));
    write(`${dir}/lib/respond.js`, respondLib);
    write(`${dir}/lib/validate.js`, validateLib(service));
    for (const file of handlers.filter((h) => h.endsWith(".js"))) write(`${dir}/test/${file.replace(".js", ".test.js")}`, testFile(file.replace(".js", "")));
    for (const [path, text] of infrastructure(format, service, handlers)) write(`${dir}/${path}`, text);
    write(`${dir}/package.json`, JSON.stringify({ name: `svc-${service}`, version: "1.0.0", dependencies: { "aws-sdk": "^2.1500.0" } }, null, 2));
    tree.functions += handlers.length;
  }
  for (const [path, text] of nodeModules(Math.max(10, Math.round(targetFiles / 100)))) write(path, text);
  return tree;
}
