// Compares what the two versions of a function did on the same events: whether the migrated one
// loaded, the AWS calls (service, operation, parameters, in order), the response or the error's
// type and message, and calls the migrated one left for after its response. What is identical on
// the wire is normalised (query vs JSON protocol parameters); a known, documented difference (an
// SDK v2 error object serialised vs a v3 one) is named in the difference.
import { isDeepStrictEqual } from "node:util";
import type { VerifyOutcome } from "../engine/types";
import type { AwsCall } from "./aws-request";
import type { InvocationRecord, Outcome, SideRun } from "./run-side";

export type Comparison = VerifyOutcome;

const maxShown = 160;
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > maxShown ? `${text.slice(0, maxShown - 1)}…` : text;
};

/** `a.b.1.c` keys of JSON data, with query-protocol list markers (`member`, `entry`) dropped. */
function flatten(value: unknown, prefix = "", into: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, `${prefix}${i + 1}.`, into));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}${k}.`, into);
  else into[prefix.slice(0, -1)] = String(value);
  return into;
}

const queryKey = (key: string) => key.replace(/\.(member|entry)(?=\.\d)/g, "");

/** Parameters in a form both protocols share: SDK v2 sends SQS as the query protocol, v3 as JSON. */
function comparableParams(call: AwsCall, otherProtocol: AwsCall["protocol"]): unknown {
  if (call.protocol === otherProtocol) return call.params;
  const flat = call.protocol === "query" ? (call.params as Record<string, string>) : flatten(call.params);
  return Object.fromEntries(Object.entries(flat).map(([k, v]) => [queryKey(k), v]));
}

const callName = (call: AwsCall) => `${call.service}.${call.operation}`;

function compareCalls(original: AwsCall[], migrated: AwsCall[], where: string): string | undefined {
  for (let i = 0; i < Math.max(original.length, migrated.length); i++) {
    const [a, b] = [original[i], migrated[i]];
    if (!a) return `${where}: the migrated version made an extra AWS call ${callName(b)} ${show(b.params)}`;
    if (!b) return `${where}: the migrated version did not call ${callName(a)} (AWS call ${i + 1} of the original)`;
    if (callName(a) !== callName(b)) return `${where}: AWS call ${i + 1} is ${callName(b)}, the original called ${callName(a)}`;
    const [pa, pb] = [comparableParams(a, b.protocol), comparableParams(b, a.protocol)];
    if (!isDeepStrictEqual(pa, pb)) return `${where}: ${callName(a)} parameters differ: ${show(pb)} instead of ${show(pa)}`;
  }
  return undefined;
}

const describeOutcome = (outcome: Outcome): string =>
  "timeout" in outcome ? "no response within the timeout (raise --timeout on a busy machine)" : "error" in outcome ? `error ${outcome.error.type}: ${outcome.error.message}` : `response ${show(outcome.result)}`;

/** A response body that is an SDK error serialised: v2 errors carry code/statusCode, v3 ones $fault/$metadata. */
function sdkErrorShape(value: unknown): "v2" | "v3" | undefined {
  // Keys may sit in a string that is itself JSON (an API Gateway body): their quotes are escaped there.
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const has = (key: string) => new RegExp(`\\\\?"${key}\\\\?"\\s*:`).test(text);
  if (has("\\$metadata") && has("\\$fault")) return "v3";
  if (has("code") && (has("statusCode") || has("retryable") || has("requestId"))) return "v2";
  return undefined;
}

const knownErrorShape =
  "an SDK error object serialised into the response: v2 errors have code/statusCode/retryable, v3 errors have name/$fault/$metadata (see the README's SDK v2 -> v3 section)";

function compareOutcome(original: Outcome, migrated: Outcome, where: string): Comparison | undefined {
  if (isDeepStrictEqual(original, migrated)) return undefined;
  const reason = `${where}: ${describeOutcome(migrated)} instead of ${describeOutcome(original)}`;
  if ("result" in original && "result" in migrated && sdkErrorShape(original.result) === "v2" && sdkErrorShape(migrated.result) === "v3") {
    return { status: "differs", reason, knownDifference: knownErrorShape };
  }
  return { status: "differs", reason };
}

function compareInvocation(original: InvocationRecord, migrated: InvocationRecord, where: string): Comparison | undefined {
  const callDifference = compareCalls([...original.calls, ...original.callsAfterResponse], [...migrated.calls, ...migrated.callsAfterResponse], where);
  if (callDifference) return { status: "differs", reason: callDifference };
  // Lambda freezes the sandbox once an async handler has answered: work left for later may never run.
  if (migrated.calls.length < original.calls.length) {
    const late = migrated.callsAfterResponse[original.calls.length - migrated.calls.length - 1] ?? migrated.callsAfterResponse[0];
    return {
      status: "differs",
      reason: `${where}: ${callName(late)} is issued after the migrated version has responded (the original made it before responding); Lambda may freeze the function before it completes`,
    };
  }
  return compareOutcome(original.outcome, migrated.outcome, where);
}

export function compareRuns(original: SideRun, migrated: SideRun): Comparison {
  if (original.loadError) return { status: "not run", reason: `the original does not run on Node.js here: ${original.loadError}` };
  if (migrated.loadError) return { status: "differs", reason: `the migrated version did not load: ${migrated.loadError}` };
  const initDifference = compareCalls(original.initCalls, migrated.initCalls, "at load");
  if (initDifference) return { status: "differs", reason: initDifference };
  if (original.invocations.length === 0) return { status: "not run", reason: "no event to invoke the function with" };
  for (const [i, before] of original.invocations.entries()) {
    const after = migrated.invocations[i];
    const where = `event ${i + 1}`;
    if (!after) return { status: "differs", reason: `${where}: the migrated version stopped before this event` };
    const difference = compareInvocation(before, after, where);
    if (difference) return difference;
  }
  return { status: "same" };
}
