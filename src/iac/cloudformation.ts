// Plain CloudFormation templates (YAML or JSON) with `AWS::Lambda::Function` resources. SAM templates
// are claimed first by sam.ts (see the order in index.ts); the migration itself is shared with SAM.
import type { IacFormat } from "./types";
import { detectTemplate, templateDoc } from "./template-file";
import { migrateTemplate } from "./lambda-template";

const rule = "cloudformation-runtime";

export const cloudFormationFormat: IacFormat = {
  source: "cloudformation",
  rule,
  detect: (path, text) => detectTemplate(path, text) && text.includes("AWS::Lambda::Function"),
  migrate: (input) => migrateTemplate(templateDoc(input.path, input.text), input, rule),
};
