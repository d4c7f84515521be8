// The app's signature on what it leaves in repositories (the PR body's state marker, its commits'
// trailer). Anyone can copy a marker into a file or a comment; only the app holds the key, so only
// a marker or a commit the app made verifies. The key is derived from a secret every replica of
// the app already has (the webhook secret, else the App's private key), so nothing new is deployed.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";

export class Signer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac("sha256", "llrt-migrate state signature v1").update(secret).digest();
  }

  sign(text: string): string {
    return createHmac("sha256", this.key).update(text).digest("hex").slice(0, 32);
  }

  verify(text: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(text));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The signer of a running app: WEBHOOK_SECRET, else PRIVATE_KEY or the file at PRIVATE_KEY_PATH. */
export function signerFromEnv(env: NodeJS.ProcessEnv): Signer {
  const secret = env.WEBHOOK_SECRET || env.PRIVATE_KEY || (env.PRIVATE_KEY_PATH ? readFileSync(env.PRIVATE_KEY_PATH, "utf8") : "") || "development";
  return new Signer(secret);
}
