// Which files can be CloudFormation-style templates, and which TemplateDoc reads each one.
import { JsonTemplate } from "./json-template";
import type { TemplateDoc } from "./template-doc";
import { YamlTemplate } from "./yaml-template";

/** Serverless Framework files also mention CloudFormation types (under `resources:`): never ours. */
const serverlessFile = /(^|\/)serverless(\.[\w-]+)?\.(ya?ml|json)$/;

/** A YAML/JSON file with a top-level `Resources` key: the shape of every CloudFormation template. */
export function detectTemplate(path: string, text: string): boolean {
  if (!/\.(ya?ml|json|template)$/.test(path) || serverlessFile.test(path)) return false;
  return /^Resources\s*:/m.test(text) || /"Resources"\s*:/.test(text);
}

/** JSON when the text is a JSON object (`.template` files can be either), YAML otherwise. */
export function templateDoc(path: string, text: string): TemplateDoc {
  return path.endsWith(".json") || text.trimStart().startsWith("{") ? new JsonTemplate(text) : new YamlTemplate(text);
}
