// Turning a file's bytes into the text the engine reads. Only valid UTF-8 is read as is: anything else
// (Latin-1, Windows-1252, ...) is read lossily, so its functions are still found and analysed, and
// flagged so the output gate never writes the U+FFFD replacement characters back over the user's bytes.
const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder("utf-8", { ignoreBOM: true });

/** The file's text (a BOM kept as U+FEFF) and whether its bytes were valid UTF-8. */
export function decodeFile(bytes: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: strict.decode(bytes), utf8: true };
  } catch {
    return { text: lossy.decode(bytes), utf8: false };
  }
}
