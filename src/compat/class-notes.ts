// Hand-written messages for class members, beside the generated surface table: the fix for a member
// LLRT lacks, and members that exist but behave differently (`partial`). Keys are surface class keys.
import type { MemberNote } from "./builtins";

/** The fix for a missing instance member, by class key and member. */
export const missingMemberFixes: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "buffer.Buffer": {
    equals: "Compare the bytes: `a.length === b.length && a.every((byte, i) => byte === b[i])`.",
    compare: "Compare byte by byte in a loop (or compare `a.toString('hex')` with `b.toString('hex')` for equality).",
    toJSON: "Use `{ type: 'Buffer', data: Array.from(buf) }`.",
    readUIntBE: "Read the bytes with readUInt8/readUInt16BE/readUInt32BE and combine them.",
    readUIntLE: "Read the bytes with readUInt8/readUInt16LE/readUInt32LE and combine them.",
    swap16: "Swap the bytes in a loop.",
    swap32: "Swap the bytes in a loop.",
    swap64: "Swap the bytes in a loop.",
  },
  "events.EventEmitter": {
    setMaxListeners: "Remove the call: LLRT's EventEmitter has no listener limit to change.",
    getMaxListeners: "Remove the call: LLRT's EventEmitter has no listener limit.",
    listeners: "Keep your own list of the listeners you add.",
    rawListeners: "Keep your own list of the listeners you add.",
    removeAllListeners: "Remove each listener with `off(name, listener)`.",
    listenerCount: "Keep your own count of the listeners you add.",
  },
  "crypto.Hash": {
    copy: "Hash the data again from the start (LLRT's Hash cannot be copied).",
    pipe: "LLRT's Hash is not a stream: call `hash.update(chunk)` for each chunk, then `hash.digest()`.",
  },
};

/** A difference that holds only in some releases (`releases` absent: in every release we ship). */
export type ReleaseNote = MemberNote & {
  releases?: readonly string[];
  /** Report only where the value is used as a stream (`.getReader()`, `for await`, `Readable.fromWeb(x)`), not where it is only read or compared. */
  onlyAsStream?: boolean;
};

/** Members that exist in LLRT but differ, by class key and member. */
export const memberNotes: Readonly<Record<string, Readonly<Record<string, ReleaseNote>>>> = {
  "global.Response": {
    body: {
      severity: "error",
      message: "is undefined in LLRT v0.8 (no streaming response bodies; its getter returns undefined), so using it as a stream throws",
      fix: "Read the whole body with `await response.text()`, `response.json()` or `response.arrayBuffer()`.",
      releases: ["v0.8.1-beta"], // main has ReadableStream bodies
      onlyAsStream: true,
    },
  },
};

export const genericMemberFix = (className: string, member: string) =>
  `LLRT's ${className} has no \`${member}\`: rewrite this use with the members it has.`;

/** Node's net.createServer options LLRT ignores. */
export const ignoredServerOptions: readonly string[] = ["highWaterMark", "pauseOnConnect", "keepAlive", "noDelay", "keepAliveInitialDelay"];
