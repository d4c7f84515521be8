// AWS SDK errors as one line a user can act on. The SDK already retries throttling (standard retry
// mode); what reaches here has run out of retries or cannot be retried.

const accessDenied = new Set(["AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken"]);
const throttled = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling", "RequestLimitExceeded"]);

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { attempts?: number };
}

/** @param action what we were doing, e.g. "creating function llrt-migrate-bench-abc-node" */
export function describeAwsError(error: unknown, action: string): string {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? "Error";
  const message = (e.message ?? String(error)).split("\n")[0];
  if (accessDenied.has(name)) return `AWS refused ${action} (${name}): ${message}`;
  if (throttled.has(name)) return `AWS throttled ${action} after ${e.$metadata?.attempts ?? "several"} attempts (${name}): try again later or with fewer samples`;
  if (name === "ResourceConflictException") return `${action}: ${message} (ResourceConflictException)`;
  if (name === "CredentialsProviderError") return `no AWS credentials for ${action}: ${message}`;
  return `${action} failed (${name}): ${message}`;
}
