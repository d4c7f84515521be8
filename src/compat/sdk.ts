// The AWS SDK v3 packages each LLRT bundle variant embeds (awslabs/llrt sdk.cfg + build.mjs
// ADDITIONAL_PACKAGES for the release in ./release). Embedded modules resolve by exact name only,
// so membership here is an exact-string test: `@smithy/node-http-handler` is not bundled even though
// `@smithy/core` is.
import type { LlrtVariant } from "../engine/types";

const client = (name: string) => `@aws-sdk/client-${name}`;

/** Clients in the default (std) bundle, also in full-sdk. */
export const stdSdkClients: readonly string[] = [
  "cloudwatch-events", "cloudwatch-logs", "cognito-identity", "cognito-identity-provider", "dynamodb",
  "eventbridge", "kms", "lambda", "s3", "secrets-manager", "ses", "sfn", "sns", "sqs", "ssm", "sts", "xray",
].map(client);

/** Libraries shipped with the std clients. */
const stdSdkLibraries = ["@aws-sdk/lib-dynamodb", "@aws-sdk/lib-storage"];

/** Clients only in the `-full-sdk` bundle. */
export const fullOnlySdkClients: readonly string[] = [
  "acm", "amplify", "api-gateway", "apigatewayv2", "appconfig", "appconfigdata", "appsync", "athena", "auto-scaling",
  "batch", "bedrock", "bedrock-agent", "bedrock-agent-runtime", "bedrock-runtime", "cloudformation", "cloudwatch",
  "dynamodb-streams", "ec2", "ecr", "ecs", "efs", "eks", "elastic-load-balancing-v2", "elasticache", "firehose", "glue",
  "iam", "kinesis", "location", "mediaconvert", "opensearch", "opensearchserverless", "polly", "rds", "rds-data",
  "rekognition", "scheduler", "service-catalog", "servicediscovery", "sesv2", "sso", "sso-admin", "sso-oidc", "textract",
  "translate", "verifiedpermissions",
].map(client);

/** Shared packages embedded in std and full-sdk (not in no-sdk). */
export const commonSdkPackages: readonly string[] = [
  "@aws-sdk/core", "@aws-sdk/core/account-id-endpoint", "@aws-sdk/core/client", "@aws-sdk/core/protocols",
  "@aws-sdk/core/util", "@aws-sdk/credential-providers", "@aws-sdk/s3-presigned-post", "@aws-sdk/s3-request-presigner",
  "@aws-sdk/util-dynamodb", "@aws-sdk/util-user-agent-browser",
  "@smithy/core", ...["cbor", "checksum", "client", "config", "endpoints", "event-streams", "protocols", "retry", "schema", "serde", "transport"].map((s) => `@smithy/core/${s}`),
  "@smithy/fetch-http-handler", "@smithy/is-array-buffer", "@smithy/middleware-compression", "@smithy/signature-v4",
  "@smithy/signature-v4a", "@smithy/types", "@smithy/util-hex-encoding", "@smithy/util-utf8",
];

/** Every package name (exact import specifier) the given LLRT variant has built in. */
export function bundledSdkPackages(variant: LlrtVariant): ReadonlySet<string> {
  if (variant === "no-sdk") return new Set();
  const clients = variant === "full-sdk" ? [...stdSdkClients, ...fullOnlySdkClients] : stdSdkClients;
  return new Set([...clients, ...stdSdkLibraries, ...commonSdkPackages]);
}

/** `@aws-crypto/*` packages are replaced by native shims in every variant that has the SDK. */
export function isBundledSdkPackage(specifier: string, variant: LlrtVariant): boolean {
  if (variant !== "no-sdk" && specifier.startsWith("@aws-crypto/")) return true;
  return bundledSdkPackages(variant).has(specifier);
}
