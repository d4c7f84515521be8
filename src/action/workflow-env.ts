// What a GitHub Actions step is given and how it answers: inputs arrive as INPUT_<NAME> variables
// (action.yml passes them), outputs go to the file named by GITHUB_OUTPUT, the job summary is
// Markdown appended to GITHUB_STEP_SUMMARY. Nothing here knows what llrt-migrate does.
import { randomUUID } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";

/** The input as action.yml passes it (`INPUT_FAIL-ON` for `fail-on`), trimmed; undefined when empty. */
export function input(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value ? value : undefined;
}

/**
 * Writes step outputs. Each value uses the heredoc form with a random delimiter, so a value holding
 * newlines or `name=value` text cannot forge another output.
 */
export function setOutputs(outputs: Record<string, string | number | boolean>, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const text = Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${String(value)}\n${delimiter}\n`;
    })
    .join("");
  appendFileSync(file, text);
}

/** Appends Markdown to the job summary (a no-op outside Actions). */
export function appendSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
}

/** The webhook payload of the run (GITHUB_EVENT_PATH), or an empty object. */
export function eventPayload(env: NodeJS.ProcessEnv = process.env): unknown {
  if (!env.GITHUB_EVENT_PATH) return {};
  return JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as unknown;
}
