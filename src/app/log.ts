// The app's logger: what Probot's `run` would build (pino, LOG_LEVEL, LOG_FORMAT, LOG_LEVEL_IN_STRING,
// LOG_MESSAGE_KEY, SENTRY_DSN), with two differences for webhook errors. A logged error never carries
// the delivery's payload (only its id and event name), and a refused delivery (a bad signature, 4xx)
// is one line without a stack trace; Probot's error handler and the webhook middleware both log the
// same error, so an error already logged is not logged again. GitHub requests are logged without
// their bodies (the repository's files).
import { getTransformStream } from "@probot/pino";
import pino from "pino";
import type { Logger } from "pino";

interface WebhookError {
  status?: number;
  event?: { id?: string; name?: string };
  errors?: unknown[];
}

const isRefusal = (error: unknown) => {
  const status = (error as WebhookError | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
};

/** pino's error serializer, minus the payload, and minus the stack of a refused delivery. */
export function serializeError(error: unknown): Record<string, unknown> {
  const { stack, event: _event, aggregateErrors: _aggregated, ...rest } = pino.stdSerializers.err(error as Error) as Record<string, unknown>;
  const { event, errors } = error as WebhookError;
  return {
    ...rest,
    ...(event ? { event: { id: event.id, name: event.name } } : {}),
    ...(isRefusal(error) ? {} : { stack }),
    ...(Array.isArray(errors) ? { errors: errors.map(serializeError) } : {}),
  };
}

/** The line for a refused delivery: which one, why, and what to check. */
function refusalMessage(error: Error & WebhookError): string {
  const delivery = error.event ? `webhook delivery ${error.event.id} (${error.event.name}) refused` : "webhook delivery refused";
  const hint = /signature/i.test(error.message) ? "; check that WEBHOOK_SECRET is the webhook secret set in the GitHub App's settings" : "";
  return `${delivery}: ${error.message}${hint}`;
}

export async function appLogger(env: NodeJS.ProcessEnv): Promise<Logger> {
  const logged = new WeakSet<object>();
  const transform = await getTransformStream({
    logFormat: env.LOG_FORMAT ? (env.LOG_FORMAT === "pretty" ? "pretty" : "json") : env.NODE_ENV === "production" ? "json" : "pretty",
    logLevelInString: env.LOG_LEVEL_IN_STRING === "true",
    sentryDsn: env.SENTRY_DSN,
  });
  // SonicBoom is a writable stream; its types do not say so.
  transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
  return pino(
    {
      level: env.LOG_LEVEL || "info",
      name: "probot",
      messageKey: env.LOG_MESSAGE_KEY || "msg",
      serializers: { err: serializeError },
      hooks: {
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          // Probot logs every GitHub request with its body at debug level: trees and blobs carry the
          // repository's source. The method, URL and status are enough.
          if (typeof second === "string" && second.startsWith("GitHub request:")) return method.call(this, second);
          if (!(first instanceof Error)) return method.apply(this, args);
          const parts = first instanceof AggregateError ? first.errors : [first];
          if (parts.every((part) => part instanceof Object && logged.has(part))) return;
          for (const part of [first, ...parts]) if (part instanceof Object) logged.add(part);
          if (isRefusal(first)) return method.call(this, { err: first }, refusalMessage(first));
          return method.apply(this, args);
        },
      },
    },
    transform,
  );
}
