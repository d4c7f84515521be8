// Which files of a repository the engine can use, and which folders never hold sources to migrate.
// Shared by the CLI's disk reader and the GitHub App's tree reader, so both see the same project.
import { isCodeFile } from "./code-rule";

/** Build output, dependencies and tool state: never migrated, never scanned as project files. */
export const skippedDirectories = new Set([
  "node_modules", ".git", "dist", "cdk.out", ".aws-sam", ".serverless", ".terraform", ".build", ".esbuild", "coverage",
]);

const dataFile = /\.(json|ya?ml|template|tf|tfvars|hcl)$/;

export function isRelevantFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return isCodeFile(path) || dataFile.test(name) || name === "package.json";
}

export function isInSkippedDirectory(path: string): boolean {
  return path.split("/").slice(0, -1).some((part) => skippedDirectories.has(part));
}
