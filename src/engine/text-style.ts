// Rules see every file as plain text: no byte-order mark, `\n` line endings. A file's own style comes
// back on the way out, on every line, new ones included, so no rule or format has to care about it.
// A file that mixes CRLF and LF is handed over as it is: no single style could be restored.
import type { Project } from "./project";
import type { FileChange } from "./types";

const bom = "\uFEFF";

interface TextStyle {
  bom: boolean;
  crlf: boolean;
}

function styleOf(text: string): TextStyle {
  const crlf = text.includes("\r\n") && !/(^|[^\r])\n/.test(text);
  return { bom: text.startsWith(bom), crlf };
}

function plain(text: string, style: TextStyle): string {
  const body = style.bom ? text.slice(bom.length) : text;
  return style.crlf ? body.replace(/\r\n/g, "\n") : body;
}

function styled(text: string, style: TextStyle): string {
  const body = style.crlf ? text.replace(/\r?\n/g, "\r\n") : text;
  return style.bom && !body.startsWith(bom) ? bom + body : body;
}

/** The project as rules see it, and a way to give a changed file its original style back. */
export function plainProject(original: Project): { project: Project; restoreStyle(changes: FileChange[]): FileChange[] } {
  const project = original.clone();
  const styles = new Map<string, TextStyle>();
  for (const path of original.paths()) {
    const style = styleOf(original.read(path)!);
    if (!style.bom && !style.crlf) continue;
    styles.set(path, style);
    project.write(path, plain(original.read(path)!, style));
  }
  const restoreStyle = (changes: FileChange[]) =>
    changes.map(({ path, after }) => {
      const style = styles.get(path);
      return { path, before: original.read(path) ?? "", after: style ? styled(after, style) : after };
    });
  return { project, restoreStyle };
}
