// What each rule is, for people: `--list-rules`, `--rules`/`--skip-rules`, the config file's
// `rules`/`skipRules`, and SARIF's rule descriptions all read this one table. A test checks that it
// names exactly the rules the registry runs (rules.ts and the infrastructure formats).

export interface RuleInfo {
  name: string;
  /** One line: what the rule does. */
  description: string;
  /** A few sentences: what it changes or reports, and what it leaves alone. */
  details: string;
  /** Whether it rewrites files, or only reports findings. */
  kind: "edits" | "reports";
  /** The README section that documents it (its anchor). */
  docs: string;
}

const templates = "sam-and-cloudformation-templates";
const compat = "llrt-compatibility-report-code-and-dependencies";
const sdk = "aws-sdk-v2---v3-and-llrts-built-in-sdk";
const otherIac = "serverless-framework-cdk-and-terraform";
const rewrites = "safe-llrt-rewrites";

export const ruleCatalog: readonly RuleInfo[] = [
  {
    name: "sam-runtime", kind: "edits", docs: templates,
    description: "SAM templates: Node.js functions move to provided.al2023 with the LLRT layer and an esbuild ESM build.",
    details: "Sets Runtime to provided.al2023 (on the function or in Globals), the architecture, the LLRT layer (an existing ARN or a layer built from the release zip) and a Metadata esbuild build (ESM, es2023, AWS SDK external). Edits are byte-exact; container images, inline code and runtimes given by an intrinsic are reported, not changed.",
  },
  {
    name: "cloudformation-runtime", kind: "edits", docs: templates,
    description: "CloudFormation templates: AWS::Lambda::Function on Node.js moves to provided.al2023 with the LLRT layer.",
    details: "Sets Runtime to provided.al2023, the architecture and the LLRT layer (an existing ARN or a LlrtLayerArn parameter) on each Node.js AWS::Lambda::Function; a note gives the esbuild command, since plain CloudFormation does not build code. Inline code stays on Node.js.",
  },
  {
    name: "serverless-llrt", kind: "edits", docs: otherIac,
    description: "Serverless Framework: functions run on provided.al2023 with the LLRT layer; esbuild settings for ESM.",
    details: "With a bundler, overrides the deployed runtime in resources.extensions and sets the esbuild format, target and AWS SDK externals; without one, sets runtime: provided.al2023 and asks for a pre-built ESM bundle. Architecture, layers and memory go on the provider or on each function. ${...} variables are never rewritten.",
  },
  {
    name: "terraform-llrt", kind: "edits", docs: otherIac,
    description: "Terraform: aws_lambda_function and the lambda module move to provided.al2023 with the LLRT layer.",
    details: "Edits runtime, architectures, layers and memory_size of aws_lambda_function blocks and terraform-aws-modules/lambda modules, where the value lives (a variable's default, terraform.tfvars). Without --llrt-layer-arn the layer is var.llrt_layer_arn, declared once per module directory.",
  },
  {
    name: "cdk-llrt", kind: "edits", docs: otherIac,
    description: "CDK (TypeScript): NodejsFunction becomes LlrtFunction; lambda.Function on Node.js gets provided.al2023 and the LLRT layer.",
    details: "NodejsFunction becomes LlrtFunction from cdk-lambda-llrt; lambda.Function on a NODEJS_* runtime gets Runtime.PROVIDED_AL2023, the architecture and an LLRT layer declared before it. Code.fromInline stays on Node.js with a warning.",
  },
  {
    name: "aws-sdk-v2-to-v3", kind: "edits", docs: sdk,
    description: "AWS SDK v2 code becomes v3 (AWS's aws-sdk-js-codemod), since LLRT has no SDK v2.",
    details: "Runs aws-sdk-js-codemod 3.0.2 in-process, then removes the AWS.config calls and the aws-sdk import it leaves. What it cannot convert (a config it cannot translate, other uses of the v2 AWS object, output that does not parse) is an error and the file keeps v2.",
  },
  {
    name: "sdk-v2-semantics", kind: "edits", docs: sdk,
    description: "AWS SDK v3 code the codemod wrote that still means v2: error fields, endpoints, presigning.",
    details: "On an error that provably comes from an SDK call, err.code becomes err.name and err.statusCode becomes err.$metadata?.httpStatusCode; elsewhere such uses are warnings. A client endpoint without a scheme gets https://; other computed endpoints, and this inside a function SDK callback, are warnings. getSignedUrl and createPresignedPost get the arguments v3 requires.",
  },
  {
    name: "sdk-node-only", kind: "edits", docs: sdk,
    description: "AWS SDK v3: Node-only credential providers and HTTP handlers that LLRT lacks are removed or reported.",
    details: "fromEnv(), fromNodeProviderChain()/defaultProvider() and new NodeHttpHandler() without arguments are removed (LLRT's defaults do the same in Lambda); other Node-only providers or a configured NodeHttpHandler are errors naming the replacement.",
  },
  {
    name: "sdk-response-bodies", kind: "edits", docs: sdk,
    description: "AWS SDK v3: S3 GetObject bodies and Lambda Invoke payloads read as text or JSON are converted.",
    details: "Body.toString(), JSON.parse(Body) and similar become await Body.transformToString() / transformToByteArray(); a Lambda Invoke Payload read as text becomes new TextDecoder().decode(Payload). Stream uses of a body are errors (LLRT has no streaming SDK bodies).",
  },
  {
    name: "sdk-bundled-clients", kind: "reports", docs: sdk,
    description: "Warns about each @aws-sdk/* or @smithy/* import the chosen LLRT bundle does not embed.",
    details: "A warning for each SDK import the --variant does not embed: bundle it with the function, or use --variant full-sdk when that bundle has it. Type-only imports are skipped.",
  },
  {
    name: "handler-async", kind: "edits", docs: "what-it-changes",
    description: "Callback-style handlers (event, context, callback) become async functions; LLRT passes no callback.",
    details: "callback(null, x) becomes return x, callback(err) becomes throw err, and context.succeed/fail/done likewise, only when every completion call is a statement of the handler's own body after which nothing runs; otherwise the code is left and an error says why.",
  },
  {
    name: "callback-waits", kind: "edits", docs: rewrites,
    description: "Removes context.callbackWaitsForEmptyEventLoop = false, which LLRT ignores.",
    details: "Removes the assignment of false; an assignment of true, reads and conditional assignments are left alone.",
  },
  {
    name: "process-pid", kind: "edits", docs: rewrites,
    description: "process.pid becomes process.id, LLRT's name for it.",
    details: "Rewrites reads of process.pid (also destructured or imported from 'process'); writes and a local named process are left alone.",
  },
  {
    name: "timers-promises", kind: "edits", docs: rewrites,
    description: "setTimeout from timers/promises becomes a local Promise wrapper around the global setTimeout.",
    details: "LLRT has no timers/promises module: the import becomes a local function of the same name. Calls with an options or signal argument and other members of the module are left for the compatibility report.",
  },
  {
    name: "fetch-import", kind: "edits", docs: rewrites,
    description: "node-fetch / cross-fetch / isomorphic-fetch default imports become the global fetch.",
    details: "Removes the import (and polyfill imports) so calls use LLRT's global fetch; named imports such as Headers, the function passed around, or a local fetch in the way are left alone.",
  },
  {
    name: "fs-promisify", kind: "edits", docs: rewrites,
    description: "util.promisify(fs.X) becomes fs.promises.X for the functions LLRT's fs.promises has.",
    details: "For access, chmod, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, stat, symlink and writeFile; unused util/promisify bindings are dropped. File-descriptor functions and members LLRT lacks are left alone.",
  },
  {
    name: "fs-exists", kind: "edits", docs: rewrites,
    description: "fs.existsSync, which LLRT lacks, becomes a small helper built from statSync.",
    details: "One existsSync(target) helper per file, built from statSync in try/catch; left alone when the names clash with existing bindings.",
  },
  {
    name: "module-format", kind: "edits", docs: rewrites,
    description: "CommonJS in .js files becomes ES modules in place, since LLRT loads .js as ESM.",
    details: "require/module.exports/exports become import/export (with __dirname/__filename rebuilt from import.meta.url) in the files functions load; files only a bundler reads keep their format. Cases that cannot be converted safely are reported.",
  },
  {
    name: "llrt-compat", kind: "reports", docs: compat,
    description: "Reports Node.js modules, members and globals the code uses that LLRT lacks or runs differently.",
    details: "Checks imports, requires, member access and globals against what the LLRT release provides: an error when it fails at load or when called, a warning when it behaves differently, each with the fix. It runs after the rewrites, so what they fixed is not reported.",
  },
  {
    name: "sdk-package-json", kind: "edits", docs: sdk,
    description: "package.json: removes aws-sdk once unused and adds the @aws-sdk/* packages the migrated code imports.",
    details: "Adds each @aws-sdk/* package the migrated code imports at the version LLRT embeds (a devDependency when LLRT embeds it, a dependency when it must be bundled) and removes aws-sdk once nothing imports it. Minimal text edits.",
  },
  {
    name: "sam-sdk-externals", kind: "edits", docs: sdk,
    description: "SAM esbuild builds: External is narrowed so SDK clients the LLRT bundle lacks get bundled.",
    details: "For a function whose migrated code imports an SDK package the chosen variant does not embed, External is narrowed to the embedded SDK packages it imports, so esbuild bundles the rest; an External list that already names SDK packages one by one is respected.",
  },
  {
    name: "llrt-dependencies", kind: "reports", docs: compat,
    description: "Reports dependencies (node_modules, lockfile, a curated list) that would fail or differ on LLRT.",
    details: "Scans the files LLRT would load from node_modules with the same analyzer, transitively, plus the curated package list and package-lock.json; findings land on the importing line. Native addons are errors. Without node_modules an info says the deep scan was skipped.",
  },
  {
    name: "cdk-llrt-dependency", kind: "edits", docs: otherIac,
    description: "CDK apps: adds cdk-lambda-llrt to the app's package.json when a stack uses LlrtFunction.",
    details: "Adds cdk-lambda-llrt@^0.1.4 to the dependencies of the package.json that holds the stack, with a minimal text edit; a missing or broken package.json is a warning saying what to install.",
  },
];

/** Findings the engine itself makes (not a rule that can be selected). */
export const parseFailureRule: RuleInfo = {
  name: "parse",
  kind: "reports",
  docs: "what-is-never-lost",
  description: "A file that cannot be parsed is left untouched and reported with its line.",
  details: "A syntax error, an unknown YAML tag or invalid JSON stops only that file: it is left exactly as it was, the error names the line, and the other files still migrate.",
};

export const ruleNames = ruleCatalog.map((rule) => rule.name);

/** The names among `names` that no rule has, for one clear usage error. */
export function unknownRuleNames(names: readonly string[]): string[] {
  return names.filter((name) => !ruleNames.includes(name));
}
