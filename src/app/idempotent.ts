// Writes that may have taken effect even though they answered with an error (a 502 after GitHub
// stored the pull request, a dropped connection). Retrying such a write blindly makes a duplicate
// (a second check run, a second comment) or fails on "already exists"; so before each retry, and on
// "already exists", the effect is looked for first.
import { statusOf } from "./github";

/** Octokit's own retry would repeat the write without looking: this request option turns it off. */
export const noBlindRetry = { request: { retries: 0 } } as const;

const mayHaveApplied = (error: unknown) => {
  const status = statusOf(error);
  return status === undefined || status >= 500;
};

/** GitHub's "already exists" answers: 422 whose message or errors say so. */
export function alreadyExists(error: unknown): boolean {
  if (statusOf(error) !== 422) return false;
  const { message = "", response } = error as { message?: string; response?: { data?: unknown } };
  return /already exists/i.test(`${message} ${JSON.stringify(response?.data ?? "")}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write`; when it fails in a way that may have applied it (5xx, network) or says it already
 * exists, returns what `lookup` finds instead, else retries (at most `attempts` times in all).
 */
export async function writeOnce<T>(write: () => Promise<T>, lookup: () => Promise<T | undefined>, attempts = 3, backoffMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const exists = alreadyExists(error);
      if (!exists && !mayHaveApplied(error)) throw error;
      const found = await lookup();
      if (found !== undefined) return found;
      if (exists || attempt >= attempts) throw error;
      await sleep(backoffMs * attempt);
    }
  }
}
