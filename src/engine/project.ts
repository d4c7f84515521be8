// An in-memory file tree: what the engine reads and edits. The CLI fills it from disk, the GitHub
// App from the Git Data API; the engine never touches a file system itself.

export class Project {
  private readonly files = new Map<string, string>();

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

  /** All paths, sorted so every run visits files in the same order. */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  clone(): Project {
    return new Project(this.files);
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
