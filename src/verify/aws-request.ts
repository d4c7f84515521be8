// What an AWS request says on the wire, decoded the same way whichever SDK sent it: the service
// (from the SigV4 credential scope, else the host), the operation (the JSON target, the query
// `Action`, or for REST protocols the method and path, named for the common S3 and Lambda calls)
// and the parameters. SDK v2 and v3 send the same wire request for the same call, so comparing the
// decoded form compares what the two versions asked AWS to do, not how each SDK spells it.

export type AwsProtocol = "json" | "query" | "rest-xml" | "rest-json";

export interface WireRequest {
  method: string;
  /** Path and query string, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface AwsCall {
  service: string;
  operation: string;
  protocol: AwsProtocol;
  params: unknown;
}

const header = (req: WireRequest, name: string): string => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
};

/** `Credential=AKID/20240101/us-east-1/dynamodb/aws4_request` (header or presigned query). */
function signingService(req: WireRequest, query: URLSearchParams): string | undefined {
  const credential = /Credential=([^,\s]+)/.exec(header(req, "authorization"))?.[1] ?? query.get("X-Amz-Credential") ?? undefined;
  return credential?.split("/")[3];
}

/** `dynamodb.us-east-1.amazonaws.com` -> dynamodb; `bucket.s3.amazonaws.com` -> s3. */
function hostService(host: string): string | undefined {
  const name = host.replace(/:\d+$/, "");
  if (!name.endsWith(".amazonaws.com")) return undefined;
  const labels = name.split(".");
  const s3 = labels.findIndex((l) => l === "s3" || l.startsWith("s3-"));
  return s3 >= 0 ? "s3" : labels[0];
}

/** The bucket of a virtual-hosted S3 request (`my-bucket.s3.us-east-1.amazonaws.com`), if any. */
function virtualHostBucket(host: string): string | undefined {
  return /^(.+?)\.s3[.-]/.exec(host.replace(/:\d+$/, ""))?.[1];
}

/** `aws-chunked` bodies (S3 uploads with trailing checksums) carry the data in signed chunks. */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd < 0) break;
    const size = parseInt(body.subarray(at, lineEnd).toString("latin1").split(";")[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parseJson(text: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Query-protocol parameters, flat as sent (`Attributes.entry.1.Name=a`); ./compare flattens JSON the same way when one side used each protocol. */
function queryParams(form: URLSearchParams): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of form) if (key !== "Action" && key !== "Version") params[key] = value;
  return params;
}

const restOperationNames: Array<{ service: string; method: string; test: (path: string, query: URLSearchParams, req: WireRequest) => boolean; name: string }> = [
  { service: "s3", method: "PUT", test: (p, _q, r) => isObject(p) && header(r, "x-amz-copy-source") !== "", name: "CopyObject" },
  { service: "s3", method: "PUT", test: (p) => isObject(p), name: "PutObject" },
  { service: "s3", method: "GET", test: (p) => isObject(p), name: "GetObject" },
  { service: "s3", method: "HEAD", test: (p) => isObject(p), name: "HeadObject" },
  { service: "s3", method: "DELETE", test: (p) => isObject(p), name: "DeleteObject" },
  { service: "s3", method: "POST", test: (_p, q) => q.has("delete"), name: "DeleteObjects" },
  { service: "s3", method: "GET", test: (_p, q) => q.get("list-type") === "2", name: "ListObjectsV2" },
  { service: "s3", method: "GET", test: (p) => p.split("/").filter(Boolean).length === 1, name: "ListObjects" },
  { service: "s3", method: "HEAD", test: () => true, name: "HeadBucket" },
  { service: "lambda", method: "POST", test: (p) => /\/functions\/[^/]+\/invocations$/.test(p), name: "Invoke" },
  { service: "lambda", method: "GET", test: (p) => /\/account-settings\/?$/.test(p), name: "GetAccountSettings" },
];

function isObject(path: string): boolean {
  return path.split("/").filter(Boolean).length >= 2;
}

export function decodeAwsRequest(req: WireRequest): AwsCall {
  const url = new URL(req.url, "http://local");
  const host = header(req, "host");
  const service = signingService(req, url.searchParams) ?? hostService(host) ?? "unknown";
  const contentType = header(req, "content-type");
  const target = header(req, "x-amz-target");
  const rawBody = header(req, "content-encoding").includes("aws-chunked") ? decodeAwsChunked(req.body) : req.body;
  const text = rawBody.toString("utf8");
  if (target) return { service, operation: target.split(".").pop() ?? target, protocol: "json", params: parseJson(text) };
  if (contentType.startsWith("application/x-www-form-urlencoded") || (req.method === "GET" && url.searchParams.has("Action"))) {
    const form = req.method === "GET" ? url.searchParams : new URLSearchParams(text);
    return { service, operation: form.get("Action") ?? "unknown", protocol: "query", params: queryParams(form) };
  }
  const bucket = service === "s3" ? virtualHostBucket(host) : undefined;
  const path = decodeURIComponent(bucket ? `/${bucket}${url.pathname}` : url.pathname);
  const named = restOperationNames.find((r) => r.service === service && r.method === req.method && r.test(path, url.searchParams, req));
  const protocol: AwsProtocol = service === "s3" ? "rest-xml" : "rest-json";
  const query = [...url.searchParams].filter(([k]) => !k.startsWith("X-Amz-") && k !== "x-id");
  const params: Record<string, unknown> = { path };
  if (query.length) params.query = Object.fromEntries(query);
  if (text) params.body = contentType.includes("json") ? parseJson(text) : text;
  return { service, operation: named?.name ?? `${req.method} ${path}`, protocol, params };
}
