// Deep scan of installed dependencies: from a package the handler imports, follow the files LLRT
// would load (entry, relative imports, other packages, transitively) and run the same code analyzer
// on each. Problems come back as chains (`axios -> http`) for the dependency rule to report.
import jscodeshift from "jscodeshift";
import { parserFor } from "../engine/code-rule";
import { dirname, joinPath } from "../engine/project";
import type { ExternalFiles } from "../engine/project-rule";
import type { LlrtVariant, Severity } from "../engine/types";
import type { ModuleReference } from "./analyze-code";
import { analyzeCode } from "./analyze-code";
import type { InstalledPackage } from "./node-modules";
import { findPackage, isBareSpecifier, nativeAddonEvidence, packageEntry, packageName, resolveFile } from "./node-modules";
import { knownPackages, nativeLoaderPackages } from "./packages";
import { isBundledSdkPackage } from "./sdk";

export interface DependencyProblem {
  severity: Severity;
  /** Packages from the imported one down to the one with the problem. */
  chain: string[];
  /** The missing thing (`http`, `crypto.createSign`); absent when the package itself is the problem. */
  subject?: string;
  detail: string;
  /** Where in node_modules, e.g. `node_modules/axios/index.js:3`. */
  where?: string;
}

/** Limits that keep a scan of a large dependency tree fast; a truncated scan says so. */
const maxFiles = 3000;
const maxFileChars = 1_000_000;

/** A problem that happens only when lazily loaded code runs is a warning, not a load failure. */
const lazy = (p: DependencyProblem): DependencyProblem => (p.severity === "error" ? { ...p, severity: "warning", detail: `${p.detail} (only when that code runs)` } : p);

export function curatedProblem(name: string, chain: string[]): DependencyProblem | undefined {
  const known = knownPackages[name];
  return known && { severity: known.severity, chain, detail: `known to break on LLRT: ${known.reason}` };
}

export function nativeProblem(chain: string[], evidence: string): DependencyProblem {
  return { severity: "error", chain, detail: `native addon (${evidence}); LLRT cannot load native addons` };
}

export class DependencyScanner {
  private filesRead = 0;
  truncated = false;
  private readonly memo = new Map<string, DependencyProblem[]>();

  constructor(private readonly external: ExternalFiles, private readonly variant: LlrtVariant) {}

  /** Whether LLRT supplies the package itself (an SDK package bundled in the chosen variant). */
  providedByLlrt(specifier: string): boolean {
    return isBundledSdkPackage(specifier, this.variant) || isBundledSdkPackage(packageName(specifier), this.variant);
  }

  /** Problems of the package `specifier` as a file in `fromDir` loads it; undefined when it is not installed. */
  scan(specifier: string, fromDir: string, kind: "import" | "require"): DependencyProblem[] | undefined {
    if (this.providedByLlrt(specifier)) return [];
    const pkg = findPackage(this.external, fromDir, packageName(specifier));
    if (!pkg) return undefined;
    const entry = packageEntry(this.external, pkg, specifier, kind);
    const key = `${pkg.dir}|${entry ?? specifier}`;
    const known = this.memo.get(key);
    if (known) return known;
    const problems: DependencyProblem[] = [];
    this.memo.set(key, problems); // an import cycle sees the (partial) list instead of recursing forever
    problems.push(...this.packageProblems(pkg));
    if (entry) problems.push(...this.scanFiles(pkg, entry));
    return dedupe(problems);
  }

  private packageProblems(pkg: InstalledPackage): DependencyProblem[] {
    const out: DependencyProblem[] = [];
    const curated = curatedProblem(pkg.name, [pkg.name]);
    if (curated) out.push(curated);
    const native = nativeAddonEvidence(this.external, pkg, nativeLoaderPackages);
    if (native) out.push(nativeProblem([pkg.name], native));
    return out;
  }

  /** Breadth-first over the package's own files, starting at its entry. */
  private scanFiles(pkg: InstalledPackage, entry: string): DependencyProblem[] {
    const out: DependencyProblem[] = [];
    const queue: Array<{ file: string; atLoad: boolean }> = [{ file: entry, atLoad: true }];
    const seen = new Set<string>([entry]);
    while (queue.length) {
      const { file, atLoad } = queue.shift()!;
      if (this.filesRead >= maxFiles) {
        this.truncated = true;
        break;
      }
      const analysis = this.analyze(file);
      if (!analysis) continue;
      for (const p of analysis.problems) {
        // In dependencies only what is missing counts: behaviour notes (process.version, …) are noise there.
        if (p.severity !== "error") continue;
        const problem: DependencyProblem = { severity: p.severity, chain: [pkg.name], subject: p.subject, detail: p.detail, where: `${file}:${p.line}` };
        out.push(atLoad && p.atLoad ? problem : lazy(problem));
      }
      for (const ref of analysis.references) {
        const loadsNow = atLoad && ref.atLoad;
        if (!isBareSpecifier(ref.specifier)) {
          const next = ref.specifier.startsWith("/") ? undefined : resolveFile(this.external, joinPath(dirname(file), ref.specifier));
          if (next && !seen.has(next) && /\.[cm]?js$/.test(next)) seen.add(next), queue.push({ file: next, atLoad: loadsNow });
          continue;
        }
        if (packageName(ref.specifier) === pkg.name) continue;
        for (const sub of this.scan(ref.specifier, dirname(file), ref.kind) ?? []) {
          const chained = { ...sub, chain: [pkg.name, ...sub.chain] };
          out.push(loadsNow ? chained : lazy(chained));
        }
      }
    }
    return out;
  }

  private analyze(file: string): { problems: Array<{ severity: Severity; subject: string; detail: string; atLoad: boolean; line: number }>; references: ModuleReference[] } | undefined {
    const text = this.external.read(file);
    if (text === undefined || text.length > maxFileChars) return undefined;
    this.filesRead++;
    try {
      const j = jscodeshift.withParser(parserFor(file));
      const { problems, references } = analyzeCode(j, j(text));
      return {
        problems: problems.map((p) => ({ ...p, line: (p.node as { loc?: { start: { line: number } } }).loc?.start.line ?? 1 })),
        references,
      };
    } catch {
      return undefined; // a file we cannot parse (e.g. Flow syntax) is skipped, not reported
    }
  }
}

/**
 * One problem per package, subject and file, whichever chain reaches it: errors first, then the
 * shortest chain (a package required from five places is one problem, not five).
 */
export function dedupe(problems: DependencyProblem[]): DependencyProblem[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const seen = new Map<string, DependencyProblem>();
  const ordered = [...problems].sort((a, b) => rank[a.severity] - rank[b.severity] || a.chain.length - b.chain.length);
  for (const p of ordered) {
    const key = `${p.chain[p.chain.length - 1]}|${p.subject ?? ""}|${p.where?.replace(/:\d+$/, "") ?? ""}`;
    if (!seen.has(key)) seen.set(key, p);
  }
  return [...seen.values()];
}
