// After the CDK rewrite a stack imports `LlrtFunction` from cdk-lambda-llrt, so the CDK app's
// package.json must depend on it. A project rule, because the manifest is another file than the stack.
import { llrtConstructModule } from "../../transforms/cdk-llrt";
import type { Project } from "../engine/project";
import { dirname, joinPath } from "../engine/project";
import type { ProjectRule } from "../engine/project-rule";
import { describeError, errorPosition } from "../engine/errors";
import { readPackageJson, setDependency } from "../engine/package-json";
import type { DependencyField } from "../engine/package-json";
import { lineColumnAt } from "../engine/text-position";

/** The release the reference tested (LlrtFunction, LlrtBinaryType, useLambdaLayer). */
export const cdkLambdaLlrtRange = "^0.1.4";
const importsConstruct = new RegExp(`from\\s+["']${llrtConstructModule}["']`);

function nearestPackageJson(project: Project, file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const candidate = joinPath(dir, "package.json");
    if (project.has(candidate)) return candidate;
    if (dir === "") return undefined;
  }
}

export const cdkDependencyRule: ProjectRule = {
  name: "cdk-llrt-dependency",
  apply({ project, original, report }) {
    const manifests = new Set<string>();
    for (const path of project.paths()) {
      // Only stacks this run moved to LlrtFunction: a project that already used it is left as it is.
      if (!importsConstruct.test(project.read(path) ?? "") || importsConstruct.test(original.read(path) ?? "")) continue;
      const manifest = nearestPackageJson(project, path);
      if (manifest) manifests.add(manifest);
      else report(path, { rule: "cdk-llrt-dependency", severity: "warning", line: 1, column: 1, message: `No package.json found for ${path}.`, fix: `npm install ${llrtConstructModule}` });
    }
    for (const manifest of manifests) {
      const text = project.read(manifest)!;
      let pkg: ReturnType<typeof readPackageJson>;
      try {
        pkg = readPackageJson(text);
      } catch (error) {
        report(manifest, { rule: "cdk-llrt-dependency", severity: "warning", ...errorPosition(error), message: `${describeError(error)}; ${llrtConstructModule} was not added.`, fix: `Fix the file, then npm install ${llrtConstructModule}.` });
        continue;
      }
      if ([pkg.dependencies, pkg.devDependencies].some((deps) => deps && llrtConstructModule in deps)) continue;
      // Next to aws-cdk-lib, wherever the app keeps it.
      const field: DependencyField = pkg.devDependencies?.["aws-cdk-lib"] && !pkg.dependencies?.["aws-cdk-lib"] ? "devDependencies" : "dependencies";
      project.write(manifest, setDependency(text, field, llrtConstructModule, cdkLambdaLlrtRange));
      report(manifest, {
        rule: "cdk-llrt-dependency", severity: "info", ...lineColumnAt(text, Math.max(0, text.indexOf(`"${field}"`))),
        message: `Added ${llrtConstructModule}@${cdkLambdaLlrtRange} to ${field} (the stack now uses LlrtFunction).`,
        fix: "Run npm install.",
      });
    }
  },
};
