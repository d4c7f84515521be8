// Terraform: `aws_lambda_function` resources and the `terraform-aws-modules/lambda/aws` module on a
// Node.js runtime move to LLRT (runtime, architectures, layers, optionally memory_size).
// A Terraform module is a directory, so each file is read together with its sibling .tf/.tfvars
// files: a runtime that comes from `var.x` is edited where the value is (the variable's default or
// a tfvars assignment), in that file's own migration.
import { resolveHandlerEntry } from "../engine/discovery";
import type { Project } from "../engine/project";
import { dirname, joinPath } from "../engine/project";
import { TextEdits } from "../engine/text-edits";
import type { MigrationOptions, RuleFinding } from "../engine/types";
import type { HclAttribute, HclBlock, HclExpr, HclFile } from "./hcl";
import { parseHcl, pathValue, stringValue, variableName } from "./hcl";
import { asFolder, markedBetween } from "./opt-out";
import { held, holdFor } from "./hold";
import type { Hold } from "./hold";
import type { IacFormat, IacFunction, IacInput, IacMigration } from "./types";
import { codeNotChecked, llrtRuntime, onLlrt } from "./code-check";
import { maxLayers } from "./llrt-deployment";

const rule = "terraform-llrt";
export const layerVariable = "llrt_layer_arn";
const isTfvars = (path: string) => /\.tfvars$/.test(path);
const isLambdaModule = (source: string | undefined) => !!source && /terraform-aws-modules\/(lambda\/aws|terraform-aws-lambda)/.test(source);

interface TfLambda {
  file: string;
  block: HclBlock;
  /** `aws_lambda_function.api` or `module.orders`. */
  name: string;
  runtimeAttr?: HclAttribute;
  /** The runtime's value after resolving `var.x` (tfvars over default). */
  runtime?: string;
  runtimeVariable?: string;
  handler: string;
  entry: string | null;
  /** Where its code was looked for, when the block says. */
  codeDir?: string;
  /** Why it keeps its runtime: opted out (`# llrt-migrate-ignore` in or above the block, or `exclude`), or its code is out of sight. */
  hold?: Hold;
}

interface TfDirectory {
  files: Map<string, HclFile>;
  lambdas: TfLambda[];
  variables: Map<string, { file: string; block: HclBlock }>;
  /** Variable assignments in terraform.tfvars / *.auto.tfvars: they override defaults. */
  tfvars: Map<string, { file: string; attr: HclAttribute }>;
  /** Container image functions, by the file that declares them. */
  images: string[];
}

/** Where a function's code lives: `source_path` (module) or the `archive_file` its `filename` points to. */
function codeDirectory(block: HclBlock, dir: string, data: HclBlock[]): string | undefined {
  const sourcePath = pathValue(block.attributes.get("source_path")?.expr);
  if (sourcePath !== undefined) return joinPath(dir, sourcePath);
  const archive = /^data\.archive_file\.([\w-]+)\.output_path$/.exec(block.attributes.get("filename")?.expr.text ?? "")?.[1];
  const source = data.find((d) => d.labels[0] === "archive_file" && d.labels[1] === archive);
  const sourceDir = pathValue(source?.attributes.get("source_dir")?.expr);
  if (sourceDir !== undefined) return joinPath(dir, sourceDir);
  const sourceFile = pathValue(source?.attributes.get("source_file")?.expr);
  return sourceFile !== undefined ? dirname(joinPath(dir, sourceFile)) : undefined;
}

async function readDirectory(input: IacInput): Promise<TfDirectory> {
  const { project, path, text, options } = input;
  const dir = dirname(path);
  const files = new Map<string, HclFile>();
  for (const p of project.paths()) {
    if (dirname(p) !== dir || !/\.(tf|tfvars)$/.test(p)) continue;
    const source = p === path ? text : project.read(p)!;
    // A broken sibling is reported when its own turn comes; here it only contributes nothing.
    files.set(p, await parseHcl(source).catch(() => ({ text: source, attributes: new Map(), blocks: [] })));
  }
  files.set(path, await parseHcl(text));

  const variables = new Map<string, { file: string; block: HclBlock }>();
  const tfvars = new Map<string, { file: string; attr: HclAttribute }>();
  const data = [...files.values()].flatMap((f) => f.blocks.filter((b) => b.type === "data"));
  for (const [file, hcl] of files) {
    for (const block of hcl.blocks) if (block.type === "variable" && block.labels[0]) variables.set(block.labels[0], { file, block });
    if (/(^|\/)(terraform\.tfvars|[^/]+\.auto\.tfvars)$/.test(file)) for (const [name, attr] of hcl.attributes) tfvars.set(name, { file, attr });
  }

  const lambdas: TfLambda[] = [];
  const images: string[] = [];
  for (const [file, hcl] of files) {
    for (const block of hcl.blocks) {
      const isResource = block.type === "resource" && block.labels[0] === "aws_lambda_function";
      const isModule = block.type === "module" && isLambdaModule(stringValue(block.attributes.get("source")?.expr));
      if (!isResource && !isModule) continue;
      if (stringValue(block.attributes.get("package_type")?.expr) === "Image") {
        images.push(file);
        continue;
      }
      const runtimeAttr = block.attributes.get("runtime");
      const runtimeVariable = variableName(runtimeAttr?.expr);
      const fromVariable = runtimeVariable
        ? stringValue(tfvars.get(runtimeVariable)?.attr.expr) ?? stringValue(variables.get(runtimeVariable)?.block.attributes.get("default")?.expr)
        : undefined;
      const handler = stringValue(block.attributes.get("handler")?.expr) ?? "";
      const codeDir = codeDirectory(block, dir, data);
      const entry = codeDir !== undefined && handler ? resolveHandlerEntry(project, codeDir, handler) : null;
      const name = isResource ? `aws_lambda_function.${block.labels[1]}` : `module.${block.labels[0]}`;
      lambdas.push({
        file, block, runtimeAttr, runtimeVariable, handler, name,
        runtime: runtimeVariable ? fromVariable : stringValue(runtimeAttr?.expr),
        entry,
        codeDir,
      });
      const fn = lambdas[lambdas.length - 1];
      const unseen = isNode(fn) && entry === null ? { why: unseenCode(fn) } : undefined; // a function already on LLRT stays there
      fn.hold = holdFor({
        options, rule, at: { line: block.line, column: block.column }, label: fn.name, runtime: fn.runtime ?? null,
        marked: markedBetween(hcl.text, block.start, block.end), paths: [entry, asFolder(codeDir)], kept: input.keep?.get(name), unseen,
      });
    }
  }
  return { files, lambdas, variables, tfvars, images };
}

/** Lambda's limit of layers per function. */
const isNode = (fn: TfLambda) => !!fn.runtime?.startsWith("nodejs");
/** Already on LLRT: a second run must find it and change nothing (a Go `provided` function has no JS entry). */
const isOnLlrt = (fn: TfLambda) => onLlrt(fn.runtime, fn.entry, fn.handler);

/** Why the code of a function without an entry could not be read. */
function unseenCode(fn: TfLambda): string {
  const attr = (name: string) => fn.block.attributes.get(name);
  const s3 = ["s3_bucket", "s3_existing_package"].find(attr); // resource / lambda module
  if (s3) return `its package comes from S3 (\`${s3}\`)`;
  if (fn.codeDir !== undefined) return `the source file of handler \`${fn.handler}\` was not found in ${fn.codeDir || "the module directory"}`;
  const code = attr("source_path") ?? attr("filename") ?? attr("local_existing_package");
  const zip = stringValue(code?.expr);
  if (zip !== undefined) return `its package ${zip} is built outside Terraform`;
  return code ? `its code comes from \`${code.expr.text}\`, which llrt-migrate cannot follow` : "the block names no code";
}

async function migrateTerraform(input: IacInput): Promise<IacMigration> {
  const { path, text, project, options } = input;
  const tf = await readDirectory(input);
  const edits = new TextEdits();
  const findings: RuleFinding[] = [];
  const functions: IacFunction[] = [];
  const note = (at: { line: number; column: number }, message: string, fix?: string, severity: RuleFinding["severity"] = "info") =>
    findings.push({ rule, severity, line: at.line, column: at.column, message, ...(fix ? { fix } : {}) });
  const quoted = (s: string) => JSON.stringify(s);
  const candidates = tf.lambdas.filter((fn) => isNode(fn) || isOnLlrt(fn));
  const migrating = candidates.filter((fn) => !fn.hold);
  // A runtime variable shared with a held function stays: changing it would move that one too.
  const heldBack = new Set(candidates.filter((fn) => fn.hold).map((fn) => fn.runtimeVariable));
  const runtimeVariables = new Set(migrating.flatMap((fn) => (fn.runtimeVariable && isNode(fn) && !heldBack.has(fn.runtimeVariable) ? [fn.runtimeVariable] : [])));
  const layerRef = options.llrtLayerArn ? quoted(options.llrtLayerArn) : `var.${layerVariable}`;

  // 1. Functions declared in this file.
  for (const fn of candidates.filter((f) => f.file === path)) {
    if (fn.hold) {
      functions.push(held({ name: fn.name, handler: fn.handler, entry: fn.entry, runtime: { before: fn.runtime ?? null, after: llrtRuntime }, findings: [] }, fn.hold));
      continue;
    }
    const { block } = fn;
    const fnFindings: RuleFinding[] = [];
    const indent = " ".repeat((block.attributes.values().next().value?.column ?? 3) - 1);
    const anchor = fn.runtimeAttr ?? [...block.attributes.values()].pop();
    const added: string[] = [];
    // Align `=` with the attribute we insert after, as `terraform fmt` does within a group.
    const eq = anchor && /\s{2,}=/.test(anchor.text) ? anchor.text.indexOf("=") - 1 : 0;
    const add = (name: string, value: string) => added.push(`${indent}${name.padEnd(eq)} = ${value}`);

    if (isNode(fn) && fn.runtimeAttr && !fn.runtimeVariable) {
      edits.replace(fn.runtimeAttr.expr.start, fn.runtimeAttr.expr.end, quoted(llrtRuntime));
      note(fn.runtimeAttr, `${fn.name}: runtime ${fn.runtime} -> ${llrtRuntime}.`, "LLRT runs as a custom runtime on Amazon Linux 2023.");
    } else if (fn.runtimeVariable && isNode(fn) && heldBack.has(fn.runtimeVariable)) {
      note(fn.runtimeAttr!, `${fn.name} takes its runtime from var.${fn.runtimeVariable}, which a function that stays on Node.js shares, so it was left alone.`,
        `Give ${fn.name} its own runtime = "${llrtRuntime}".`, "warning");
    } else if (fn.runtimeVariable && isNode(fn)) {
      const where = tf.tfvars.get(fn.runtimeVariable)?.file ?? tf.variables.get(fn.runtimeVariable)?.file;
      note(fn.runtimeAttr!, `${fn.name} takes its runtime from var.${fn.runtimeVariable}; its value is changed to ${llrtRuntime} in ${where}.`,
        `Every other user of var.${fn.runtimeVariable} moves to ${llrtRuntime} too.`);
    }

    const arch = block.attributes.get("architectures");
    if (arch?.expr.items && !(arch.expr.items.length === 1 && stringValue(arch.expr.items[0]) === options.arch)) {
      edits.replace(arch.expr.start, arch.expr.end, `[${quoted(options.arch)}]`);
    } else if (arch && !arch.expr.items) {
      note(arch, `${fn.name}: architectures is computed (\`${arch.expr.text}\`), so llrt-migrate left it alone.`, `Make it resolve to ["${options.arch}"].`, "warning");
    } else if (!arch && options.arch !== "x86_64") add("architectures", `[${quoted(options.arch)}]`);

    if (options.llrtDelivery === "layer") {
      const layers = block.attributes.get("layers");
      if (!layers) add("layers", `[${layerRef}]`);
      else if (layers.expr.items && layers.expr.items.length >= maxLayers && !layers.expr.items.some((item) => item.text === layerRef)) {
        fnFindings.push({
          rule, severity: "warning", line: layers.line, column: layers.column,
          message: `${fn.name} already has ${layers.expr.items.length} layers, Lambda's limit is ${maxLayers}; the LLRT layer was not added.`,
          fix: "Put the LLRT bootstrap in the package instead (--llrt-delivery bootstrap).",
        });
      } else if (layers.expr.items) {
        if (!layers.expr.items.some((item) => item.text === layerRef)) {
          const last = layers.expr.items[layers.expr.items.length - 1];
          if (last) edits.insert(last.end, `, ${layerRef}`);
          else edits.replace(layers.expr.start, layers.expr.end, `[${layerRef}]`);
        }
      } else if (!layers.expr.text.includes(layerRef)) {
        edits.replace(layers.expr.start, layers.expr.end, `concat(${layers.expr.text}, [${layerRef}])`);
      }
    } else {
      note(block, `${fn.name}: LLRT is delivered inside the package, so its zip must hold LLRT's \`bootstrap\` at the root.`,
        "Download llrt-lambda-<arm64|x64>.zip from the LLRT releases and put its `bootstrap` next to the bundled handler before zipping.", "warning");
    }

    if (options.memory !== undefined) {
      const memory = block.attributes.get("memory_size");
      if (!memory) add("memory_size", String(options.memory));
      else if (memory.expr.text !== String(options.memory)) edits.replace(memory.expr.start, memory.expr.end, String(options.memory));
    }

    if (added.length) {
      // New attributes go right after the runtime (or the last attribute), on lines of their own.
      const at = anchor ? text.indexOf("\n", anchor.end) : block.bodyEnd;
      edits.insert(at < 0 ? text.length : at, added.map((line) => `\n${line}`).join(""));
    }
    if (fn.entry === null) {
      fnFindings.push(codeNotChecked(rule, { line: block.line, column: block.column }, fn.name, unseenCode(fn),
        "Run llrt-migrate on the function's source and bundle it to ESM for es2023; if the source is in this project, point `source_path` (module) or the `archive_file` behind `filename` at its directory."));
    }
    if (isNode(fn)) {
      note(block, `${fn.name}: Terraform zips the code as it is; LLRT needs one ESM bundle for es2023 with @aws-sdk and @smithy left out.`,
        "Bundle before `terraform apply`: esbuild <entry> --bundle --format=esm --target=es2023 --platform=browser --external:@aws-sdk --external:@smithy.",
        fn.entry && /\.[cm]?ts$/.test(fn.entry) ? "warning" : "info");
    }
    functions.push({ name: fn.name, handler: fn.handler, entry: fn.entry, runtime: { before: fn.runtime ?? null, after: llrtRuntime }, findings: fnFindings });
  }

  // 2. Values of runtime variables that live in this file: a variable's default or a tfvars assignment.
  const hcl = tf.files.get(path)!;
  for (const name of runtimeVariables) {
    const assignment = isTfvars(path) ? hcl.attributes.get(name) : hcl.blocks.find((b) => b.type === "variable" && b.labels[0] === name)?.attributes.get("default");
    if (!assignment || !stringValue(assignment.expr)?.startsWith("nodejs")) continue;
    edits.replace(assignment.expr.start, assignment.expr.end, quoted(llrtRuntime));
    note(assignment, `${isTfvars(path) ? `var.${name} in ${path}` : `Default of variable "${name}"`}: ${stringValue(assignment.expr)} -> ${llrtRuntime}, because Node.js functions take their runtime from it.`,
      `Values passed with -var or other .tfvars files must say ${llrtRuntime} too.`);
  }

  // 3. The layer ARN as a variable (never a made-up ARN), declared once per module directory.
  const needsLayer = (fn: TfLambda) => isNode(fn) && !fn.hold && options.llrtDelivery === "layer" && !options.llrtLayerArn;
  const declaringFile = tf.lambdas.filter(needsLayer).map((fn) => fn.file).sort()[0];
  if (declaringFile === path && !isTfvars(path) && !tf.variables.has(layerVariable)) {
    const eol = text.length === 0 || text.endsWith("\n") ? "" : "\n";
    edits.insert(text.length, `${eol}\n# Added by llrt-migrate: publish llrt-lambda-<arm64|x64>.zip from https://github.com/awslabs/llrt/releases\n# as a layer (or use an existing one) and pass its version ARN here.\nvariable "${layerVariable}" {\n  description = "ARN of the LLRT Lambda layer version"\n  type        = string\n}\n`);
    note({ line: text.split("\n").length, column: 1 }, `Added variable "${layerVariable}" for the LLRT layer.`,
      `Set it (e.g. -var ${layerVariable}=arn:aws:lambda:<region>:<account>:layer:<name>:<version>) or rerun with --llrt-layer-arn.`, "warning");
  }
  const unlisted = tf.images.filter((file) => file === path).length + tf.lambdas.filter((fn) => fn.file === path && !candidates.includes(fn)).length;
  return { functions, findings, text: edits.apply(text), ...(unlisted ? { unlisted } : {}) };
}

export const terraformFormat: IacFormat = {
  source: "terraform",
  rule,
  // Every .tf/.tfvars file: a variables.tf may hold the runtime of a function declared elsewhere.
  detect: (path) => /\.(tf|tfvars)$/.test(path),
  migrate: migrateTerraform,
};
