// GitHub's "slow down" answers: 403 or 429 with `retry-after` (secondary rate limits), or with
// `x-ratelimit-remaining: 0` (the hourly limit used up). Such a job is not failed: it runs again
// after the time GitHub asks for, from the start (every step looks before it writes).
import { statusOf } from "./github";

/** Longest wait honoured; a longer `retry-after` is capped and the job tries again then. */
export const maxRetryAfterMs = 15 * 60_000;
/** When GitHub says to slow down without saying for how long (its docs: wait at least a minute). */
const defaultRetryAfterMs = 60_000;

type Headers = Record<string, string | number | undefined>;

/** Milliseconds to wait before running the job again, or undefined when the error is no rate limit. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const status = statusOf(error);
  if (status !== 403 && status !== 429) return undefined;
  const headers = ((error as { response?: { headers?: Headers } }).response?.headers ?? {}) as Headers;
  const message = String((error as { message?: unknown }).message ?? "");
  const after = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(after)) return Math.min(Math.max(after, 1) * 1000, maxRetryAfterMs);
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]) * 1000;
    return Math.min(Math.max(Number.isFinite(reset) ? reset - now + 1000 : defaultRetryAfterMs, 1000), maxRetryAfterMs);
  }
  return status === 429 || /rate limit/i.test(message) ? defaultRetryAfterMs : undefined;
}
