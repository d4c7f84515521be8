// The event every benchmark invocation sends: the user's `--event <file.json>`, or a minimal API
// Gateway (REST, payload 1.0) GET request, the most common trigger of small Node.js functions.
import { readFileSync } from "node:fs";
import { describeError } from "../engine/errors";
import { BenchError } from "./target";

export const defaultEvent = {
  resource: "/",
  path: "/",
  httpMethod: "GET",
  headers: { accept: "application/json" },
  multiValueHeaders: { accept: ["application/json"] },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  requestContext: {
    resourcePath: "/",
    httpMethod: "GET",
    path: "/",
    stage: "bench",
    requestId: "llrt-migrate-bench",
    identity: { sourceIp: "127.0.0.1", userAgent: "llrt-migrate-bench" },
  },
  body: null,
  isBase64Encoded: false,
};

export function loadEvent(file: string | undefined): unknown {
  if (!file) return defaultEvent;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new BenchError(`--event ${file}: ${describeError(error)}`);
  }
}
