// A local HTTP endpoint on 127.0.0.1 that answers the few DynamoDB and S3 calls the behaviour
// fixtures make, the way AWS does on the wire (JSON 1.0 protocol for DynamoDB, REST-XML for S3).
// Both SDK v2 and v3 talk to it, so the original and the migrated handler see the same answers.
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The key value that makes DynamoDB answer with an error: a conditional check that fails (HTTP 400). */
export const failingKey = "locked";

/** The key value DynamoDB has no item for. */
export const missingKey = "missing";

type Json = Record<string, unknown>;

function dynamoDb(target: string, body: Json, res: ServerResponse): void {
  const answer = (status: number, payload: Json) => {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "local-request" });
    res.end(JSON.stringify(payload));
  };
  const key = JSON.stringify(body.Key ?? {});
  if (key.includes(failingKey)) {
    return answer(400, { __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed" });
  }
  switch (target) {
    case "DeleteItem":
    case "PutItem":
      return answer(200, {});
    case "GetItem":
      if (key.includes(missingKey)) return answer(200, {});
      return answer(200, { Item: { id: { S: String((body.Key as { id?: { S?: string } })?.id?.S) }, name: { S: "stored" } } });
    case "DescribeTable":
      return answer(200, { Table: { TableName: body.TableName, TableStatus: "ACTIVE" } });
    default:
      return answer(400, { __type: "com.amazon.coral.service#UnknownOperationException", message: target });
  }
}

function s3(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === "PUT" && !(req.url ?? "").includes(failingKey)) {
    res.writeHead(200, { etag: '"local-etag"' });
    return void res.end();
  }
  res.writeHead(403, { "content-type": "application/xml" });
  res.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>local</RequestId></Error>');
}

export async function startLocalAws(): Promise<{ endpoint: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = req.headers["x-amz-target"];
      if (typeof target === "string") return dynamoDb(target.split(".").pop() ?? "", JSON.parse(Buffer.concat(chunks).toString() || "{}") as Json, res);
      s3(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
