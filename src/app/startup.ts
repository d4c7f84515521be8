// Refuse to serve webhooks that anyone could forge: outside development the secret must be real.
// (Probot falls back to the literal secret "development" when WEBHOOK_SECRET is unset.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

const minSecretLength = 16;

/**
 * The environment Probot's `run` will use: it loads `.env` from the working directory (where its
 * setup page writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET) over the process environment.
 */
export function startupEnv(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(join(cwd, ".env"), "utf8");
  } catch {
    return env;
  }
  return { ...env, ...parseEnv(text) };
}

export function startupProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (env.NODE_ENV === "development") return undefined;
  const secret = env.WEBHOOK_SECRET ?? "";
  if (secret === "" || secret === "development") {
    return "WEBHOOK_SECRET is not set; refusing to start (set NODE_ENV=development to run locally without one).";
  }
  if (secret.length < minSecretLength) {
    return `WEBHOOK_SECRET is shorter than ${minSecretLength} characters; use a random secret (e.g. \`openssl rand -hex 32\`).`;
  }
  if (!env.APP_ID || !(env.PRIVATE_KEY || env.PRIVATE_KEY_PATH)) {
    return "APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) are required.";
  }
  return undefined;
}
