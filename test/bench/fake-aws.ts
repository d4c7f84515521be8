// A stand-in for AWS Lambda and STS over nock, shared by the benchmark's tests and the Action's:
// the real SDK clients talk to it, nothing leaves the machine.
import nock from "nock";

export const region = "eu-west-1";
export const account = "123456789012";
export const lambdaHost = `https://lambda.${region}.amazonaws.com`;
const stsHost = `https://sts.${region}.amazonaws.com`;

/** Credentials as aws-actions/configure-aws-credentials leaves them (OIDC: a session token); no files, SSO or IMDS. */
export function fakeAwsEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_ACCESS_KEY_ID = "AKIDFAKEFAKEFAKE";
  env.AWS_SECRET_ACCESS_KEY = "fake-secret";
  env.AWS_SESSION_TOKEN = "fake-token";
  env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
  env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/aws-credentials";
  delete env.AWS_PROFILE;
}

export function stsIdentity(accountId = account) {
  return nock(stsHost)
    .post("/", (body: Record<string, string>) => body.Action === "GetCallerIdentity")
    .reply(
      200,
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${accountId}:user/bench</Arn><UserId>AIDAFAKE</UserId><Account>${accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      { "content-type": "text/xml" },
    );
}

export interface FakeFunction {
  body: Record<string, any>;
  /** The configuration changed since the last invoke: the next invoke starts a new sandbox. */
  fresh: boolean;
  invokes: number;
  gets: number;
}

/**
 * A small stateful Lambda: creates, gets, configuration updates, invokes (REPORT lines in a base64
 * LogResult, cold after every change) and deletes. `fail` lets a test break one call.
 */
export function fakeLambda(fail: (op: string, name: string, fn?: FakeFunction) => [number, string, object] | undefined = () => undefined) {
  const functions = new Map<string, FakeFunction>();
  const log: string[] = [];
  const error = (status: number, type: string, message: object) => [status, message, { "x-amzn-errortype": type }] as const;
  const failure = (op: string, name: string) => {
    const f = fail(op, name, functions.get(name));
    return f ? error(f[0], f[1], f[2]) : undefined;
  };
  const scope = nock(lambdaHost)
    .persist()
    .post("/2015-03-31/functions")
    .reply((_uri, body: any) => {
      log.push(`create ${body.FunctionName}`);
      const failed = failure("create", body.FunctionName);
      if (failed) return failed;
      functions.set(body.FunctionName, { body, fresh: true, invokes: 0, gets: 0 });
      return [201, { FunctionName: body.FunctionName, State: "Pending", Runtime: body.Runtime }];
    })
    .get(/\/2015-03-31\/functions\/([^/]+)$/)
    .reply((uri) => {
      const name = decodeURIComponent(uri.split("/").pop()!);
      const fn = functions.get(name);
      log.push(`get ${name}`);
      if (!fn) return error(404, "ResourceNotFoundException", { message: `Function not found: ${name}` });
      fn.gets++;
      // The first look at each function finds it still pending: the waiter must poll again.
      const state = fn.gets === 1 ? "Pending" : "Active";
      return [200, { Configuration: { FunctionName: name, State: state, LastUpdateStatus: "Successful" }, Tags: fn.body.Tags }];
    })
    .put(/\/2015-03-31\/functions\/([^/]+)\/configuration$/)
    .reply((uri, body: any) => {
      const name = decodeURIComponent(uri.split("/")[3]);
      log.push(`update ${name}`);
      const fn = functions.get(name)!;
      fn.body.Environment = body.Environment;
      fn.fresh = true;
      fn.gets = 1; // next get: Active (the update finished)
      return [200, { FunctionName: name, LastUpdateStatus: "InProgress" }];
    })
    .post(/\/2015-03-31\/functions\/([^/]+)\/invocations$/)
    .reply(function (uri) {
      const name = decodeURIComponent(uri.split("/")[3]);
      log.push(`invoke ${name} ${this.req.headers["x-amz-log-type"]}`);
      const fn = functions.get(name)!;
      const failed = failure("invoke", name);
      if (failed) return failed;
      fn.invokes++;
      const llrt = fn.body.Runtime === "provided.al2023";
      const jitter = (fn.invokes % 7) * 0.9;
      const duration = (llrt ? 1.4 : 3.2) + jitter / 10;
      const init = fn.fresh ? (llrt ? 55 : 140) + jitter * 3 : undefined;
      fn.fresh = false;
      const id = `00000000-0000-4000-8000-${String(fn.invokes).padStart(12, "0")}`;
      const report =
        `REPORT RequestId: ${id}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.ceil(duration + (llrt ? init ?? 0 : 0))} ms\t` +
        `Memory Size: ${fn.body.MemorySize} MB\tMax Memory Used: ${llrt ? 28 + (fn.invokes % 3) : 67 + (fn.invokes % 4)} MB\t` +
        (init ? `Init Duration: ${init.toFixed(2)} ms\t` : "");
      const tail = `START RequestId: ${id} Version: $LATEST\nEND RequestId: ${id}\n${report}\n`;
      return [200, { statusCode: 200, body: "{}" }, { "x-amz-log-result": Buffer.from(tail).toString("base64"), "x-amz-executed-version": "$LATEST" }];
    })
    .delete(/\/2015-03-31\/functions\/([^/]+)$/)
    .reply((uri) => {
      const name = decodeURIComponent(uri.split("/").pop()!);
      log.push(`delete ${name}`);
      functions.delete(name);
      return [204, ""];
    });
  return { functions, log, scope };
}

