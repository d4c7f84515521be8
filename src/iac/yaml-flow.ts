// Flow collections (`{ ... }`, `[ ... ]`) laid out the way CloudFormation and SAM accept them but the
// YAML spec (and the `yaml` package) does not: continuation lines or the closing bracket indented
// less than the key that holds the collection, or indented with tabs, e.g.
//
//       Events: {
//         Api: {Type: Api, Properties: {Path: /x, Method: get}}
//     }
//
// Inside a flow collection a line break and indentation are only a separator, so such a collection
// reads the same with its line breaks, tabs and comments turned into spaces. That text has the same
// length, so every node's range still indexes the user's text: edits are made on the original bytes.
import { Lexer } from "yaml";

/** Where each top-level flow collection starts, as the YAML lexer sees it (not inside scalars or comments). */
function flowStarts(text: string): number[] {
  const starts: number[] = [];
  let offset = 0;
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "{" || token === "[") {
      if (depth === 0) starts.push(offset);
      depth++;
    } else if (token === "}" || token === "]") depth = Math.max(0, depth - 1);
    else if (token === "\x18") depth = 0; // the lexer left flow mode (the very indentation we tolerate)
    // Control tokens (document start, flow end, scalar start) are not part of the source.
    if (!/^[\x02\x18\x1f]$/.test(token)) offset += token.length;
  }
  return starts;
}

/** A quote opens a scalar only where a flow node starts: after `{ [ , :` or a `!Tag`. */
function opensScalar(text: string, i: number): boolean {
  const before = text.slice(0, i).trimEnd();
  return /[{[,:]$/.test(before) || /(^|[\s{[,:])![\w:.-]*$/.test(before);
}

/**
 * The text with every multi-line flow collection folded onto one line (same length), or the text
 * itself when there is none. Quoted scalars are kept as they are.
 */
export function foldFlowCollections(text: string): string {
  const out = text.split("");
  for (const start of flowStarts(text)) {
    let depth = 0;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if ((c === '"' || c === "'") && opensScalar(text, i)) {
        // Skip the quoted scalar: `\"` escapes in double quotes, `''` in single quotes.
        for (i++; i < text.length; i++) {
          if (c === '"' && text[i] === "\\") i++;
          else if (text[i] === c && !(c === "'" && text[i + 1] === "'")) break;
          else if (c === "'" && text[i] === "'") i++;
        }
        continue;
      }
      if (c === "#" && /\s/.test(text[i - 1] ?? "")) {
        for (; i < text.length && text[i] !== "\n" && text[i] !== "\r"; i++) out[i] = " ";
        i--;
        continue;
      }
      if (c === "\n" || c === "\r" || c === "\t") out[i] = " ";
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) break;
      }
    }
  }
  return out.join("");
}
