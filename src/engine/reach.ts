// The code a function runs: its entry file and what that reaches through relative imports. Imports
// are read from the text (no parse) and only for files some entry reaches, so code no function runs
// costs nothing.
import { isCodeFile } from "./code-rule";
import { relativeImports } from "./imports";
import type { Project } from "./project";
import { isTestOrToolFile } from "./scope";

export class ImportGraph {
  /** Relative imports of every code file read so far. */
  private readonly imports = new Map<string, string[]>();

  constructor(private readonly project: Project) {}

  /**
   * Files reachable from `entry`, the entry included. Tests and tool configuration end the walk: they
   * are listed when imported, but what they import is not function code.
   */
  reachable(entry: string): Set<string> {
    const seen = new Set<string>([entry]);
    const queue = [entry];
    while (queue.length) {
      for (const next of this.importsOf(queue.pop()!)) {
        if (!seen.has(next)) queue.push(next), seen.add(next);
      }
    }
    return seen;
  }

  /** Files that `entries` reach and `others` do not. */
  reachedOnlyFrom(entries: string[], others: string[]): Set<string> {
    const elsewhere = new Set(others.flatMap((entry) => [...this.reachable(entry)]));
    return new Set(entries.flatMap((entry) => [...this.reachable(entry)]).filter((file) => !elsewhere.has(file)));
  }

  private importsOf(path: string): string[] {
    if (!isCodeFile(path) || isTestOrToolFile(path)) return [];
    let found = this.imports.get(path);
    if (!found) {
      const text = this.project.read(path);
      found = text === undefined ? [] : relativeImports(this.project, path, text);
      this.imports.set(path, found);
    }
    return found;
  }
}
