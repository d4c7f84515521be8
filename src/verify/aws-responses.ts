// How the local AWS endpoint answers: a minimal valid response per protocol (an empty result the
// SDKs parse without error), or what the user's `--aws-responses` file sets for an operation,
// errors included. Both versions of a function get exactly the same answers.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { describeError } from "../engine/errors";
import type { AwsCall } from "./aws-request";

const answerSchema = z.union([
  z.object({ error: z.object({ code: z.string().min(1), message: z.string().default(""), status: z.number().int().min(400).max(599).default(400) }).strict() }).strict(),
  z
    .object({
      /** JSON protocols: the response document, in the wire shape (DynamoDB attribute values typed: `{ "S": "x" }`). */
      json: z.unknown().optional(),
      /** XML protocols (S3, SNS, query SQS), or an S3 object's content: the raw body. */
      body: z.string().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    })
    .strict(),
]);

/** `{ "dynamodb.GetItem": { "json": {...} }, "s3.PutObject": { "error": { "code": "AccessDenied" } } }` */
export const awsResponsesSchema = z.record(z.string().regex(/^[a-z0-9-]+\.[A-Za-z0-9]+$/, "keys are <service>.<Operation>, e.g. dynamodb.GetItem"), answerSchema);

export type AwsResponses = z.infer<typeof awsResponsesSchema>;
type Answer = z.infer<typeof answerSchema>;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function loadAwsResponses(file: string): AwsResponses {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`--aws-responses ${file}: ${describeError(error)}`);
  }
  const parsed = awsResponsesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--aws-responses ${file}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

const requestId = { "x-amzn-requestid": "llrt-migrate-verify", "x-amz-request-id": "llrt-migrate-verify" };
const xml = (text: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${text}`;
const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function errorAnswer(call: AwsCall, code: string, message: string, status: number): HttpAnswer {
  switch (call.protocol) {
    case "json":
      return { status, headers: { ...requestId, "content-type": "application/x-amz-json-1.0" }, body: JSON.stringify({ __type: code, message }) };
    case "rest-json":
      return { status, headers: { ...requestId, "content-type": "application/json", "x-amzn-errortype": code }, body: JSON.stringify({ message }) };
    case "query":
      return {
        status,
        headers: { ...requestId, "content-type": "text/xml" },
        body: xml(`<ErrorResponse><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>llrt-migrate-verify</RequestId></ErrorResponse>`),
      };
    case "rest-xml":
      return {
        status,
        headers: { ...requestId, "content-type": "application/xml" },
        body: xml(`<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><RequestId>llrt-migrate-verify</RequestId></Error>`),
      };
  }
}

/** The smallest response each protocol's parsers accept as a success. */
function minimalAnswer(call: AwsCall): HttpAnswer {
  switch (call.protocol) {
    case "json":
      return { status: 200, headers: { ...requestId, "content-type": "application/x-amz-json-1.0" }, body: "{}" };
    case "rest-json":
      return { status: 200, headers: { ...requestId, "content-type": "application/json" }, body: "{}" };
    case "query":
      return {
        status: 200,
        headers: { ...requestId, "content-type": "text/xml" },
        body: xml(`<${call.operation}Response><${call.operation}Result></${call.operation}Result><ResponseMetadata><RequestId>llrt-migrate-verify</RequestId></ResponseMetadata></${call.operation}Response>`),
      };
    case "rest-xml":
      if (call.operation === "ListObjectsV2" || call.operation === "ListObjects") {
        return { status: 200, headers: { ...requestId, "content-type": "application/xml" }, body: xml("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>") };
      }
      return { status: 200, headers: { ...requestId, etag: '"llrt-migrate-verify"' }, body: "" };
  }
}

function givenAnswer(call: AwsCall, answer: Answer): HttpAnswer {
  if ("error" in answer) return errorAnswer(call, answer.error.code, answer.error.message, answer.error.status);
  const base = minimalAnswer(call);
  const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.body ?? base.body);
  return { status: 200, headers: { ...base.headers, ...answer.headers }, body };
}

export function answerFor(call: AwsCall, responses: AwsResponses): HttpAnswer {
  const given = responses[`${call.service}.${call.operation}`];
  return given ? givenAnswer(call, given) : minimalAnswer(call);
}
