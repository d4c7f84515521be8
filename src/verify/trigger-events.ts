// An event for each trigger a template can declare, in the shape AWS sends it (the documented
// examples of each service, with fixed ids and times so that every run sends the same bytes).
// `properties` are the SAM event's Properties (Path, Method, Pattern...), used where they shape it.
import { get, isMapValue, str } from "../iac/template-doc";

const region = "us-east-1";
const account = "123456789012";
const time = "2024-01-01T00:00:00.000Z";
const epoch = 1704067200;

function fillPath(path: string): { path: string; pathParameters: Record<string, string> | null } {
  const pathParameters: Record<string, string> = {};
  const filled = path.replace(/\{([^}+]+)\+?\}/g, (_m, name: string) => (pathParameters[name] = `${name}-1`));
  return { path: filled, pathParameters: Object.keys(pathParameters).length ? pathParameters : null };
}

const httpMethod = (properties: unknown) => {
  const method = (str(get(properties, "Method")) ?? "GET").toUpperCase();
  return method === "ANY" ? "GET" : method;
};

const bodyFor = (method: string) => (method === "GET" || method === "DELETE" || method === "HEAD" ? null : JSON.stringify({ id: "id-1", name: "example" }));

function restApi(properties: unknown): unknown {
  const resource = str(get(properties, "Path")) ?? "/";
  const method = httpMethod(properties);
  const { path, pathParameters } = fillPath(resource);
  const headers = { accept: "application/json", "content-type": "application/json", host: "example.execute-api.us-east-1.amazonaws.com" };
  return {
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: account,
      apiId: "example",
      resourceId: "abc123",
      resourcePath: resource,
      httpMethod: method,
      path: `/Prod${path}`,
      stage: "Prod",
      requestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
      requestTime: "01/Jan/2024:00:00:00 +0000",
      requestTimeEpoch: epoch * 1000,
      protocol: "HTTP/1.1",
      identity: { sourceIp: "127.0.0.1", userAgent: "llrt-migrate-verify" },
    },
    body: bodyFor(method),
    isBase64Encoded: false,
  };
}

/** HTTP API and function URL requests: payload format 2.0. */
function httpApi(properties: unknown, domainName: string): unknown {
  const route = str(get(properties, "Path")) ?? "/";
  const method = httpMethod(properties);
  const { path, pathParameters } = fillPath(route);
  return {
    version: "2.0",
    routeKey: str(get(properties, "Path")) ? `${method} ${route}` : "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { accept: "application/json", "content-type": "application/json", host: domainName },
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: account,
      apiId: "example",
      domainName,
      domainPrefix: domainName.split(".")[0],
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "llrt-migrate-verify" },
      requestId: "JKJaXmPLvHcESHA=",
      routeKey: `${method} ${route}`,
      stage: "$default",
      time: "01/Jan/2024:00:00:00 +0000",
      timeEpoch: epoch * 1000,
    },
    ...(bodyFor(method) ? { body: bodyFor(method) } : {}),
    isBase64Encoded: false,
  };
}

const sqs = () => ({
  Records: [
    {
      messageId: "059f36b4-87a3-44ab-83d2-661975830a7d",
      receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
      body: JSON.stringify({ id: "id-1", message: "hello" }),
      attributes: { ApproximateReceiveCount: "1", SentTimestamp: String(epoch * 1000), SenderId: "AIDAIENQZJOLO23YVJ4VO", ApproximateFirstReceiveTimestamp: String(epoch * 1000) },
      messageAttributes: {},
      md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
      eventSource: "aws:sqs",
      eventSourceARN: `arn:aws:sqs:${region}:${account}:example-queue`,
      awsRegion: region,
    },
  ],
});

const sns = () => ({
  Records: [
    {
      EventSource: "aws:sns",
      EventVersion: "1.0",
      EventSubscriptionArn: `arn:aws:sns:${region}:${account}:example-topic:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
      Sns: {
        Type: "Notification",
        MessageId: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
        TopicArn: `arn:aws:sns:${region}:${account}:example-topic`,
        Subject: "example",
        Message: JSON.stringify({ id: "id-1", message: "hello" }),
        Timestamp: time,
        SignatureVersion: "1",
        Signature: "EXAMPLE",
        SigningCertUrl: "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
        UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:${region}:${account}:example-topic`,
        MessageAttributes: {},
      },
    },
  ],
});

function s3(properties: unknown): unknown {
  const events = get(properties, "Events");
  const eventName = (str(events) ?? (Array.isArray(events) ? str(events[0]) : undefined) ?? "s3:ObjectCreated:Put").replace(/^s3:/, "").replace(/\*$/, "Put");
  return {
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: region,
        eventTime: time,
        eventName,
        userIdentity: { principalId: "EXAMPLE" },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: { "x-amz-request-id": "EXAMPLE123456789", "x-amz-id-2": "EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH" },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "testConfigRule",
          bucket: { name: "example-bucket", ownerIdentity: { principalId: "EXAMPLE" }, arn: "arn:aws:s3:::example-bucket" },
          object: { key: "uploads/example.json", size: 1024, eTag: "0123456789abcdef0123456789abcdef", sequencer: "0A1B2C3D4E5F678901" },
        },
      },
    ],
  };
}

const dynamodb = () => ({
  Records: [
    {
      eventID: "c4ca4238a0b923820dcc509a6f75849b",
      eventName: "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: region,
      dynamodb: {
        ApproximateCreationDateTime: epoch,
        Keys: { id: { S: "id-1" } },
        NewImage: { id: { S: "id-1" }, name: { S: "example" } },
        SequenceNumber: "4421584500000000017450439091",
        SizeBytes: 26,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
      eventSourceARN: `arn:aws:dynamodb:${region}:${account}:table/example/stream/2024-01-01T00:00:00.000`,
    },
  ],
});

const kinesis = () => ({
  Records: [
    {
      kinesis: {
        kinesisSchemaVersion: "1.0",
        partitionKey: "1",
        sequenceNumber: "49590338271490256608559692538361571095921575989136588898",
        data: Buffer.from(JSON.stringify({ id: "id-1", message: "hello" })).toString("base64"),
        approximateArrivalTimestamp: epoch,
      },
      eventSource: "aws:kinesis",
      eventVersion: "1.0",
      eventID: "shardId-000000000006:49590338271490256608559692538361571095921575989136588898",
      eventName: "aws:kinesis:record",
      invokeIdentityArn: `arn:aws:iam::${account}:role/lambda-role`,
      awsRegion: region,
      eventSourceARN: `arn:aws:kinesis:${region}:${account}:stream/example`,
    },
  ],
});

function eventBridge(properties: unknown, scheduled: boolean): unknown {
  const pattern = get(properties, "Pattern");
  const first = (key: string) => (isMapValue(pattern) && Array.isArray(pattern[key]) ? str(pattern[key][0]) : undefined);
  return {
    version: "0",
    id: "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
    "detail-type": scheduled ? "Scheduled Event" : (first("detail-type") ?? "Example Event"),
    source: scheduled ? "aws.events" : (first("source") ?? "example.source"),
    account,
    time: "2024-01-01T00:00:00Z",
    region,
    resources: scheduled ? [`arn:aws:events:${region}:${account}:rule/example`] : [],
    detail: isMapValue(get(properties, "Input")) ? get(properties, "Input") : {},
  };
}

/** SAM event source types (and their CloudFormation-level equivalents) -> the event AWS sends. */
const builders: Record<string, (properties: unknown) => unknown> = {
  Api: restApi,
  HttpApi: (p) => httpApi(p, "example.execute-api.us-east-1.amazonaws.com"),
  FunctionUrl: (p) => httpApi(p, "example.lambda-url.us-east-1.on.aws"),
  SQS: sqs,
  SNS: sns,
  S3: s3,
  DynamoDB: dynamodb,
  Kinesis: kinesis,
  EventBridgeRule: (p) => eventBridge(p, false),
  CloudWatchEvent: (p) => eventBridge(p, false),
  Schedule: (p) => eventBridge(p, true),
  ScheduleV2: (p) => eventBridge(p, true),
};

export const triggerTypes = Object.keys(builders);

/** The event AWS sends for a trigger of this type, or undefined for a type we do not build. */
export function triggerEvent(type: string, properties: unknown): unknown {
  return builders[type]?.(properties);
}
