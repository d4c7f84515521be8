// The dependency analyzer (a project rule): for every package the handlers' code imports, report
// what breaks on LLRT as a chain on the importing line (`src/app.js -> axios -> http: ...`), so it
// counts for the function's verdict. With node_modules (ctx.external) it scans the installed code;
// without, it still uses the curated list and package-lock.json, and says the deep scan was skipped.
import jscodeshift from "jscodeshift";
import { isCodeFile, parserFor, positionOf } from "../engine/code-rule";
import { readPackageJson } from "../engine/package-json";
import { dirname, joinPath } from "../engine/project";
import type { ProjectRule, ProjectRuleContext } from "../engine/project-rule";
import { lineColumnAt } from "../engine/text-position";
import type { ModuleReference } from "./analyze-code";
import { moduleReferences } from "./analyze-code";
import type { DependencyProblem } from "./dependency-scan";
import { curatedProblem, dedupe, DependencyScanner, nativeProblem } from "./dependency-scan";
import { Lockfile } from "./lockfile";
import { isBareSpecifier, packageName } from "./node-modules";
import { knownPackages, nativeLoaderPackages } from "./packages";

export const dependencyRuleName = "llrt-dependencies";
/** Findings per import line: the worst ones, then a count of the rest. */
const maxFindingsPerImport = 5;

/** Directories from the file's own up to the project root. */
function ancestors(file: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    out.push(dir);
    if (dir === "") return out;
  }
}

function keyPosition(text: string, key: string): { line: number; column: number } {
  const at = text.search(new RegExp(`"${key.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}"\\s*:`));
  return at < 0 ? { line: 1, column: 1 } : lineColumnAt(text, at);
}

export function problemMessage(file: string, p: DependencyProblem): string {
  const path = [file, ...p.chain, ...(p.subject ? [p.subject] : [])].join(" -> ");
  return `${path}: ${p.detail}${p.where ? ` (in ${p.where})` : ""}`;
}

function problemFix(p: DependencyProblem): string {
  const top = p.chain[0];
  const known = knownPackages[p.chain[p.chain.length - 1]] ?? knownPackages[top];
  const instead = known ? `Use ${known.alternative} instead of ${top}.` : `Replace ${top} with a package that does not need ${p.subject ?? p.chain[p.chain.length - 1]}.`;
  return p.severity === "error" ? instead : `${instead} Or test the function on LLRT: this fails only if that code path runs.`;
}

/** A package a file imports, with the import's position. */
interface PackageImport extends Pick<ModuleReference, "specifier" | "kind"> {
  at: { line: number; column: number };
}

function importsOf(file: string, source: string): PackageImport[] {
  try {
    const j = jscodeshift.withParser(parserFor(file));
    return moduleReferences(j, j(source))
      .filter((r) => isBareSpecifier(r.specifier))
      .map((r) => ({ specifier: r.specifier, kind: r.kind, at: positionOf(r.node as never) }));
  } catch {
    return []; // the engine already reported the parse error for this file
  }
}

class DependencyAnalysis {
  private readonly scanner?: DependencyScanner;
  private readonly lockfiles = new Map<string, Lockfile | undefined>();
  private readonly imported = new Set<string>();

  constructor(private readonly ctx: ProjectRuleContext) {
    if (ctx.external) this.scanner = new DependencyScanner(ctx.external, ctx.options.variant);
  }

  run(): void {
    const files = new Set<string>();
    for (const fn of this.ctx.functions) if (fn.entry) for (const f of this.ctx.reachableFrom(fn.entry)) files.add(f);
    for (const file of [...files].sort()) if (isCodeFile(file)) this.checkFile(file);
    this.checkManifests(files);
    if (this.scanner?.truncated) {
      this.ctx.report("package.json", { rule: dependencyRuleName, severity: "info", line: 1, column: 1, message: "The dependency scan stopped after 3000 files; some dependencies were not analyzed.", fix: "Bundle the function and run llrt-migrate on the bundle, or test it with `llrt test`." });
    }
  }

  /** Package imports in the file as the user wrote it, minus those an earlier rewrite removed. */
  private packageImports(file: string): PackageImport[] {
    const source = this.ctx.original.read(file);
    const now = this.ctx.project.read(file) ?? "";
    if (source === undefined) return [];
    // Quoted, so `aws-sdk` is not found inside `@aws-sdk/client-s3` after the SDK conversion.
    const stillImported = (specifier: string) => ["'", '"', "`"].some((q) => now.includes(`${q}${specifier}${q}`));
    return this.ctx.remember("imports", [file, source], () => importsOf(file, source)).filter((r) => stillImported(r.specifier));
  }

  private checkFile(file: string): void {
    for (const ref of this.packageImports(file)) {
      const name = packageName(ref.specifier);
      this.imported.add(name);
      if (this.scanner?.providedByLlrt(ref.specifier)) continue;
      const scanned = this.scanner?.scan(ref.specifier, dirname(file), ref.kind);
      const problems = dedupe(scanned ?? this.withoutNodeModules(file, name));
      const { at } = ref;
      for (const p of problems.slice(0, maxFindingsPerImport)) {
        this.ctx.report(file, { rule: dependencyRuleName, severity: p.severity, ...at, message: problemMessage(file, p), fix: problemFix(p) });
      }
      if (problems.length > maxFindingsPerImport) {
        const rest = problems.slice(maxFindingsPerImport).map((p) => [...p.chain.slice(1), p.subject].filter(Boolean).join(" -> "));
        const listed = rest.slice(0, 10).join(", ") + (rest.length > 10 ? ", …" : "");
        this.ctx.report(file, { rule: dependencyRuleName, severity: "info", ...at, message: `${file} -> ${name}: ${rest.length} more problem(s): ${listed}` });
      }
    }
  }

  /** What the curated list and the lockfile tell about a package that is not installed. */
  private withoutNodeModules(file: string, name: string): DependencyProblem[] {
    const out: DependencyProblem[] = [];
    const own = curatedProblem(name, [name]);
    if (own) out.push(own);
    const lockfile = this.lockfileFor(file);
    if (!lockfile) return out;
    if (lockfile.entry(name)?.hasInstallScript) out.push(installScriptProblem([name]));
    for (const dep of lockfile.transitive(name)) {
      const chain = [name, ...dep.chain];
      const curated = curatedProblem(dep.name, chain);
      if (curated) out.push(curated);
      if (nativeLoaderPackages.has(dep.name)) out.push(nativeProblem(chain.slice(0, -1), `it depends on ${dep.name}`));
      else if (dep.entry.hasInstallScript) out.push(installScriptProblem(chain));
    }
    return out;
  }

  private lockfileFor(file: string): Lockfile | undefined {
    for (const dir of ancestors(file)) {
      const path = joinPath(dir, "package-lock.json");
      if (this.lockfiles.has(path)) return this.lockfiles.get(path);
      // Large lockfiles are not in the Project (size limit): read them from disk when we can.
      const text = this.ctx.original.read(path) ?? this.ctx.external?.read(path);
      if (text === undefined) continue;
      const { lockfile, problem } = Lockfile.parse(text);
      if (problem) this.ctx.report(path, { rule: dependencyRuleName, severity: "warning", line: 1, column: 1, message: problem });
      this.lockfiles.set(path, lockfile);
      return lockfile;
    }
    return undefined;
  }

  /** Per package.json above the handlers: whether the deep scan ran, and known-bad packages nobody imports. */
  private checkManifests(files: Set<string>): void {
    const manifests = new Set<string>();
    for (const file of files) {
      const dir = ancestors(file).find((d) => this.ctx.original.has(joinPath(d, "package.json")));
      if (dir !== undefined) manifests.add(joinPath(dir, "package.json"));
    }
    for (const path of [...manifests].sort()) {
      const text = this.ctx.original.read(path)!;
      let dependencies: Record<string, string>;
      let kept: Record<string, string>;
      try {
        dependencies = readPackageJson(text).dependencies ?? {};
        // What an earlier rule removed (aws-sdk after the v3 conversion) is no longer worth a note.
        kept = readPackageJson(this.ctx.project.read(path) ?? text).dependencies ?? {};
      } catch {
        continue; // invalid package.json: reported by the rule that edits it
      }
      const hasDeps = Object.keys(dependencies).length > 0;
      const installed = ancestors(path).some((d) => this.ctx.external?.list(joinPath(d, "node_modules")) !== undefined);
      if (hasDeps && !installed) {
        this.ctx.report(path, {
          rule: dependencyRuleName, severity: "info", line: 1, column: 1,
          message: `Deep scan of dependencies skipped: no node_modules ${this.ctx.external ? "installed" : "available"}; dependency findings come from the list of known-incompatible packages${this.lockfileFor(path) ? " and package-lock.json" : ""} only.`,
          fix: "Run `npm ci` and run llrt-migrate again from the command line for a scan of the installed code.",
        });
      }
      for (const name of Object.keys(dependencies).sort()) {
        const known = knownPackages[name];
        if (!known || this.imported.has(name) || !(name in kept)) continue;
        this.ctx.report(path, {
          rule: dependencyRuleName, severity: "info", ...keyPosition(text, name),
          message: `${name} is a dependency but no handler imports it directly; if it is used, ${known.reason}.`,
          fix: `Use ${known.alternative}, or remove the dependency if it is unused.`,
        });
      }
    }
  }
}

function installScriptProblem(chain: string[]): DependencyProblem {
  return { severity: "warning", chain, detail: "has an install script (package-lock.json), which usually builds a native addon that LLRT cannot load" };
}

export const llrtDependenciesRule: ProjectRule = {
  name: dependencyRuleName,
  apply(ctx) {
    new DependencyAnalysis(ctx).run();
  },
};
