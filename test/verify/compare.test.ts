// The comparison of two runs, on runs written out by hand: each case changes one thing a migration
// can change and checks that verify names it (or that a wire-identical difference is not one).
import { describe, expect, it } from "vitest";
import type { AwsCall } from "../../src/verify/aws-request";
import { compareRuns } from "../../src/verify/compare";
import type { InvocationRecord, Outcome, SideRun } from "../../src/verify/run-side";

const put: AwsCall = { service: "dynamodb", operation: "PutItem", protocol: "json", params: { TableName: "orders", Item: { id: { S: "o-1" } } } };
const ok: Outcome = { result: { statusCode: 201, body: "o-1" } };

const invocation = (outcome: Outcome, calls: AwsCall[] = [put], callsAfterResponse: AwsCall[] = []): InvocationRecord => ({ outcome, calls, callsAfterResponse });
const side = (invocations: InvocationRecord[], extra: Partial<SideRun> = {}): SideRun => ({ runtime: "test", initCalls: [], invocations, ...extra });

describe("compareRuns", () => {
  it("same calls and the same response: same", () => {
    expect(compareRuns(side([invocation(ok), invocation(ok)]), side([invocation(ok), invocation(ok)]))).toEqual({ status: "same" });
  });

  it("a different response on the second event: differs, naming the event and both responses", () => {
    const changed: Outcome = { result: { statusCode: 500, body: "o-1" } };
    expect(compareRuns(side([invocation(ok), invocation(ok)]), side([invocation(ok), invocation(changed)]))).toEqual({
      status: "differs",
      reason: 'event 2: response {"statusCode":500,"body":"o-1"} instead of response {"statusCode":201,"body":"o-1"}',
    });
  });

  it("an error instead of a response, and a different error message", () => {
    const failed: Outcome = { error: { type: "TypeError", message: "x is not a function" } };
    expect(compareRuns(side([invocation(ok)]), side([invocation(failed)])).reason).toBe(
      'event 1: error TypeError: x is not a function instead of response {"statusCode":201,"body":"o-1"}',
    );
    const other: Outcome = { error: { type: "TypeError", message: "y is not a function" } };
    expect(compareRuns(side([invocation(failed)]), side([invocation(other)])).status).toBe("differs");
  });

  it("a different parameter, a missing call and an extra call: differs, naming the operation", () => {
    const otherTable = { ...put, params: { TableName: "order", Item: { id: { S: "o-1" } } } };
    expect(compareRuns(side([invocation(ok)]), side([invocation(ok, [otherTable])])).reason).toBe(
      'event 1: dynamodb.PutItem parameters differ: {"TableName":"order","Item":{"id":{"S":"o-1"}}} instead of {"TableName":"orders","Item":{"id":{"S":"o-1"}}}',
    );
    expect(compareRuns(side([invocation(ok)]), side([invocation(ok, [])])).reason).toBe("event 1: the migrated version did not call dynamodb.PutItem (AWS call 1 of the original)");
    expect(compareRuns(side([invocation(ok, [])]), side([invocation(ok)])).reason).toMatch(/^event 1: the migrated version made an extra AWS call dynamodb\.PutItem/);
  });

  it("SQS over the query protocol (SDK v2) and over JSON (SDK v3) with the same content: same", () => {
    const v2: AwsCall = { service: "sqs", operation: "SendMessage", protocol: "query", params: { QueueUrl: "https://q", MessageBody: "hi", "MessageAttribute.1.Name": "k" } };
    const v3: AwsCall = { service: "sqs", operation: "SendMessage", protocol: "json", params: { QueueUrl: "https://q", MessageBody: "hi", MessageAttribute: [{ Name: "k" }] } };
    expect(compareRuns(side([invocation(ok, [v2])]), side([invocation(ok, [v3])]))).toEqual({ status: "same" });
    const v3Other: AwsCall = { ...v3, params: { QueueUrl: "https://q", MessageBody: "bye", MessageAttribute: [{ Name: "k" }] } };
    expect(compareRuns(side([invocation(ok, [v2])]), side([invocation(ok, [v3Other])])).status).toBe("differs");
  });

  it("a call the original made before responding and the migrated one after: differs (Lambda may freeze it)", () => {
    expect(compareRuns(side([invocation(ok, [put])]), side([invocation(ok, [], [put])])).reason).toBe(
      "event 1: dynamodb.PutItem is issued after the migrated version has responded (the original made it before responding); Lambda may freeze the function before it completes",
    );
    // Both after their response (fire and forget on both runtimes): the same behaviour.
    expect(compareRuns(side([invocation(ok, [], [put])]), side([invocation(ok, [], [put])])).status).toBe("same");
  });

  it("a v2 error serialised into the response vs a v3 one: differs, and names the known difference", () => {
    const v2Error = { result: { statusCode: 500, body: JSON.stringify({ message: "Requested resource not found", code: "ResourceNotFoundException", statusCode: 400, retryable: false }) } };
    const v3Error = { result: { statusCode: 500, body: JSON.stringify({ name: "ResourceNotFoundException", $fault: "client", $metadata: { httpStatusCode: 400 } }) } };
    const comparison = compareRuns(side([invocation(v2Error)]), side([invocation(v3Error)]));
    expect(comparison.status).toBe("differs");
    expect(comparison.knownDifference).toMatch(/v2 errors have code\/statusCode\/retryable, v3 errors have name\/\$fault\/\$metadata/);
  });

  it("the migrated version does not load: differs; the original does not run here: not run", () => {
    expect(compareRuns(side([invocation(ok)]), side([], { loadError: "Cannot find module 'x'" }))).toEqual({
      status: "differs",
      reason: "the migrated version did not load: Cannot find module 'x'",
    });
    expect(compareRuns(side([], { loadError: "Cannot find module 'x'" }), side([invocation(ok)]))).toEqual({
      status: "not run",
      reason: "the original does not run on Node.js here: Cannot find module 'x'",
    });
  });

  it("calls made while loading are compared too, and a run that stops early differs", () => {
    expect(compareRuns(side([invocation(ok)], { initCalls: [put] }), side([invocation(ok)])).reason).toBe("at load: the migrated version did not call dynamodb.PutItem (AWS call 1 of the original)");
    expect(compareRuns(side([invocation(ok), invocation(ok)]), side([invocation(ok)])).reason).toBe("event 2: the migrated version stopped before this event");
  });
});
