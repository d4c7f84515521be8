// AWS SAM templates (YAML or JSON): every Node.js `AWS::Serverless::Function` (and any plain
// `AWS::Lambda::Function` beside it) moves to LLRT; see lambda-template.ts for what changes.
import type { IacFormat } from "./types";
import { detectTemplate, templateDoc } from "./template-file";
import { migrateTemplate } from "./lambda-template";

export { llrtRuntime } from "./lambda-template";

const rule = "sam-runtime";

export const samFormat: IacFormat = {
  source: "sam",
  rule,
  detect: (path, text) => detectTemplate(path, text) && /AWS::Serverless(::Function|-2016-10-31)/.test(text),
  migrate: (input) => migrateTemplate(templateDoc(input.path, input.text), input, rule),
};
