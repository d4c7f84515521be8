// The shape of a generated LLRT surface table (src/compat/releases/<release>.json, written by
// `npm run compat:generate`). One table describes one LLRT release: which modules resolve and what
// they export, which classes exist with which members, and the argument values LLRT accepts where it
// narrows them. Curated messages and fixes live beside it (./builtins, ./globals, ./class-notes).

export interface SurfaceClass {
  /** The class it inherits from: another key of `classes` (`events.EventEmitter`, `es.Uint8Array`). */
  extends?: string;
  /** Instance members declared on this class itself (inherited ones come through `extends`). */
  members: string[];
  /** Static members declared on the class itself. */
  statics: string[];
  /** Members Node.js has on the same class and LLRT lacks (after inheritance): the table's `missing` rows. */
  missing?: string[];
}

export interface SurfaceRelease {
  version: string;
  /** Where the data came from: repository, tag or commit. */
  source: string;
  /** True when this is not a published release (a snapshot of the main branch). */
  unreleased?: boolean;
}

export interface LlrtSurface {
  release: SurfaceRelease;
  /** Module name (no `node:`) -> exported names, from the module sources' `declare(...)` lists. */
  modules: Record<string, string[]>;
  /**
   * Classes by key `<module>.<Name>` (`buffer.Buffer`, `crypto.Hash`), `global.<Name>` for globals
   * that no module exports (`global.Response`) and `es.<Name>` for ECMAScript built-ins LLRT's
   * classes extend (QuickJS implements them fully).
   */
  classes: Record<string, SurfaceClass>;
  /**
   * Globals the module sources define, with the members set on them where the sources list them
   * (`Intl` -> DateTimeFormat, ...); empty when the members are not enumerated.
   */
  globals: Record<string, string[]>;
  /** Argument values LLRT accepts, read from the sources (case-insensitive). */
  values: {
    /** `crypto.createHash` / `createHmac` algorithm names. */
    hashAlgorithms: string[];
    /** Encoding labels for Buffer, TextDecoder and string_decoder. */
    encodings: string[];
  };
  /** Where LLRT's `types/` and its module sources disagree; the table follows the sources. */
  disagreements: Array<{ subject: string; note: string }>;
}

/** A member's status in one release: the table's row. */
export type SurfaceStatus = "ok" | "missing" | "unknown";
