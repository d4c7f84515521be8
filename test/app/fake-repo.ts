// Test support: the fixture repository as GitHub's git tree + blob API would serve it, a throwaway
// App private key, and the webhook payload fixtures.
import { createHash, generateKeyPairSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export const fixtures = join(import.meta.dirname, "../../fixtures/app");
/** The fixture repository: the sample SAM service, plus files only the App tests need (a workflow). */
const repoDirs = [join(import.meta.dirname, "../../fixtures/projects/sam-app"), join(fixtures, "repo-extra")];

export interface FakeFile {
  path: string;
  sha: string;
  size: number;
  content: Buffer;
}

/** Git's own object id for a blob, so shas look and behave like GitHub's. */
const blobSha = (content: Buffer) => createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

export function loadFakeRepo(dirs = repoDirs) {
  const files: FakeFile[] = dirs.flatMap((dir) =>
    walk(dir).map((full) => {
      const content = readFileSync(full);
      return { path: relative(dir, full).split("\\").join("/"), sha: blobSha(content), size: content.length, content };
    }),
  );
  const tree = (sha: string) => ({
    sha,
    truncated: false,
    tree: files.map((f) => ({ path: f.path, mode: "100644", type: "blob", sha: f.sha, size: f.size })),
  });
  const blob = (sha: string) => {
    const file = files.find((f) => f.sha === sha);
    return file && { sha, size: file.size, encoding: "base64", content: file.content.toString("base64") };
  };
  const shaOf = (path: string) => files.find((f) => f.path === path)!.sha;
  return { files, tree, blob, shaOf };
}

export function payload(name: string): any {
  return JSON.parse(readFileSync(join(fixtures, "payloads", `${name}.json`), "utf8"));
}

export const privateKey = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "pem" },
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;
