// An in-memory file tree: what the engine reads and edits. The CLI fills it from disk, the GitHub
// App from the Git Data API; the engine never touches a file system itself.

export class Project {
  private readonly files = new Map<string, string>();
  /** Files whose bytes are not valid UTF-8: their text is a lossy reading, so they are never rewritten. */
  private readonly notUtf8 = new Set<string>();

  /** @param entries project-relative paths (forward slashes) and their text */
  constructor(entries: Iterable<readonly [string, string]> = []) {
    for (const [path, text] of entries) this.files.set(normalizePath(path), text);
  }

  has(path: string): boolean {
    return this.files.has(normalizePath(path));
  }

  read(path: string): string | undefined {
    return this.files.get(normalizePath(path));
  }

  write(path: string, text: string): void {
    this.files.set(normalizePath(path), text);
  }

  /** Records that the file's bytes are not valid UTF-8 (its text has U+FFFD where they were). */
  markNotUtf8(path: string): void {
    this.notUtf8.add(normalizePath(path));
  }

  isUtf8(path: string): boolean {
    return !this.notUtf8.has(normalizePath(path));
  }

  /** All paths, sorted so every run visits files in the same order. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  clone(): Project {
    return this.subset(() => true);
  }

  /** A copy holding only the files `keep` accepts. */
  subset(keep: (path: string) => boolean): Project {
    const copy = new Project([...this.files].filter(([path]) => keep(path)));
    for (const path of this.notUtf8) if (copy.has(path)) copy.markNotUtf8(path);
    return copy;
  }
}

/** Forward slashes, no leading `./`, `..` segments resolved (a path may not leave the project). */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter(Boolean).join("/"));
}
