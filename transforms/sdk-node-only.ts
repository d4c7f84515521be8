// SDK v3 pieces that exist only in the SDK's Node build. LLRT embeds the browser build: no
// `NodeHttpHandler` (it uses fetch) and a `@aws-sdk/credential-providers` without the Node providers.
// Where the LLRT default does the same in Lambda (no argument given), we drop the setting; otherwise
// we report it with the replacement to use.
import type { ASTPath, Collection, JSCodeshift } from "jscodeshift";
import type { CodeRule, CodeRuleContext } from "../src/engine/code-rule";
import { positionOf, toJscodeshiftTransform } from "../src/engine/code-rule";

const ruleName = "sdk-node-only";

/** Node-only exports and, when called without arguments inside a client config, why LLRT's default is the same. */
const nodeOnly: Record<string, { sameAsDefault?: string; packages: RegExp }> = {
  fromEnv: { sameAsDefault: "LLRT's default credentials are the AWS_* environment variables, which is what `fromEnv()` reads", packages: /^@aws-sdk\/(credential-providers|credential-provider-env)$/ },
  fromNodeProviderChain: { sameAsDefault: "in Lambda the Node chain resolves the AWS_* environment variables first, which is LLRT's default", packages: /^@aws-sdk\/(credential-providers|credential-provider-node)$/ },
  defaultProvider: { sameAsDefault: "in Lambda the Node chain resolves the AWS_* environment variables first, which is LLRT's default", packages: /^@aws-sdk\/credential-provider-node$/ },
  fromIni: { packages: /^@aws-sdk\/(credential-providers|credential-provider-ini)$/ },
  fromSSO: { packages: /^@aws-sdk\/(credential-providers|credential-provider-sso)$/ },
  fromProcess: { packages: /^@aws-sdk\/(credential-providers|credential-provider-process)$/ },
  fromTokenFile: { packages: /^@aws-sdk\/(credential-providers|credential-provider-web-identity)$/ },
  fromContainerMetadata: { packages: /^@aws-sdk\/(credential-providers|credential-provider-imds)$/ },
  fromInstanceMetadata: { packages: /^@aws-sdk\/(credential-providers|credential-provider-imds)$/ },
  createCredentialChain: { packages: /^@aws-sdk\/credential-providers$/ },
  NodeHttpHandler: { sameAsDefault: "LLRT's clients use their built-in fetch handler", packages: /^@(smithy|aws-sdk)\/node-http-handler$/ },
};

/** Local names imported (or required) from the packages above, mapped to the exported name. */
function importedNodeOnly(j: JSCodeshift, root: Collection): Map<string, string> {
  const names = new Map<string, string>();
  const add = (source: unknown, imported: string, local: string) => {
    if (typeof source === "string" && nodeOnly[imported]?.packages.test(source)) names.set(local, imported);
  };
  root.find(j.ImportDeclaration).forEach(({ node }) => {
    for (const s of node.specifiers ?? []) {
      if (s.type === "ImportSpecifier") add(node.source.value, String(s.imported.name), String(s.local?.name ?? s.imported.name));
    }
  });
  root.find(j.VariableDeclarator, { init: { callee: { name: "require" } } }).forEach(({ node }) => {
    const source = ((node.init as { arguments: Array<{ value?: unknown }> }).arguments[0] ?? {}).value;
    if (!j.ObjectPattern.check(node.id)) return;
    for (const p of node.id.properties) {
      if ((p.type === "ObjectProperty" || p.type === "Property") && j.Identifier.check(p.key) && j.Identifier.check(p.value)) add(source, p.key.name, p.value.name);
    }
  });
  return names;
}

/** `credentials: fromEnv()` / `requestHandler: new NodeHttpHandler()`: a config property LLRT's default replaces. */
function droppableProperty(j: JSCodeshift, use: ASTPath): ASTPath | undefined {
  const call = use.parent;
  if (!(j.CallExpression.check(call.node) || j.NewExpression.check(call.node)) || call.node.callee !== use.node) return undefined;
  if (call.node.arguments.length > 0) return undefined;
  const property = call.parent;
  const key = (property.node as { key?: { name?: string } }).key?.name;
  const isConfigKey = (j.ObjectProperty.check(property.node) || j.Property.check(property.node)) && property.node.value === call.node &&
    (key === "credentials" || key === "requestHandler");
  return isConfigKey ? property : undefined;
}

/** Removes import specifiers (and whole imports) whose local name is no longer used. */
function removeUnusedImports(j: JSCodeshift, root: Collection, locals: string[]): void {
  for (const local of locals) {
    const used = root.find(j.Identifier, { name: local }).filter((p) => !/Specifier$/.test(p.parent.node.type) &&
      !((j.ObjectProperty.check(p.parent.node) || j.Property.check(p.parent.node)) && j.ObjectPattern.check(p.parent.parent.node)));
    if (used.size() > 0) continue;
    root.find(j.ImportSpecifier, { local: { name: local } }).remove();
    root.find(j.ObjectPattern).forEach((pattern) => {
      pattern.node.properties = pattern.node.properties.filter((p) => !((p.type === "ObjectProperty" || p.type === "Property") && j.Identifier.check(p.value) && p.value.name === local));
    });
  }
  root.find(j.ImportDeclaration).filter(({ node }) => node.specifiers?.length === 0 && /^@(aws-sdk|smithy)\//.test(String(node.source.value))).remove();
  root.find(j.VariableDeclarator).filter(({ node }) => j.ObjectPattern.check(node.id) && node.id.properties.length === 0 &&
    j.CallExpression.check(node.init) && j.Identifier.check(node.init.callee) && node.init.callee.name === "require").remove();
}

function apply(ctx: CodeRuleContext): boolean {
  const { j } = ctx;
  const names = importedNodeOnly(j, ctx.root);
  const dropped = new Set<string>();
  for (const [local, exported] of names) {
    const { sameAsDefault } = nodeOnly[exported];
    ctx.root.find(j.Identifier, { name: local }).forEach((use) => {
      if (/Specifier$/.test(use.parent.node.type) || j.ObjectPattern.check(use.parent.parent?.node)) return;
      const property = sameAsDefault ? droppableProperty(j, use) : undefined;
      if (property) {
        ctx.report({ rule: ruleName, severity: "info", ...positionOf(property.node as never), message: `Removed \`${exported}()\`, which LLRT does not have: ${sameAsDefault}.` });
        property.prune();
        dropped.add(local);
        return;
      }
      const http = exported === "NodeHttpHandler";
      ctx.report({
        rule: ruleName,
        severity: "error",
        ...positionOf(use.node),
        message: `\`${exported}\` exists only in the AWS SDK's Node build; LLRT's built-in SDK does not have it, so this import fails.`,
        fix: http
          ? "Remove `requestHandler` (LLRT uses fetch), or use `new FetchHttpHandler({ requestTimeout })` from `@smithy/fetch-http-handler`."
          : "In Lambda, remove the `credentials` setting (LLRT reads the function role's AWS_* variables); for other roles use `fromTemporaryCredentials` or `fromWebToken` from `@aws-sdk/credential-providers`.",
      });
    });
  }
  if (dropped.size === 0) return false;
  removeUnusedImports(j, ctx.root, [...dropped]);
  return true;
}

export const sdkNodeOnlyRule: CodeRule = {
  name: ruleName,
  nodeSafe: true,
  // Also v2 files: the codemod turns `new AWS.EnvironmentCredentials()` and friends into these providers.
  mayApply: (source) => /node-http-handler|credential-provider|Credentials/.test(source),
  apply,
};

export default toJscodeshiftTransform(sdkNodeOnlyRule);
