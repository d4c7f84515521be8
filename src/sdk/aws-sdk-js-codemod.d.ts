// aws-sdk-js-codemod ships no type declarations. This is the one module we use: its transformer,
// reached by a deep path because the package root runs the CLI (and calls process.exit).
declare module "aws-sdk-js-codemod/dist/transforms/v2-to-v3/transformer.js" {
  import type { API, FileInfo } from "jscodeshift";
  const transformer: (file: FileInfo, api: API) => Promise<string>;
  export default transformer;
  export const parser: string;
}
