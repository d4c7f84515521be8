// Progress for long runs: a bar on a terminal, an occasional plain line otherwise (CI logs).
import { SingleBar } from "cli-progress";

/** Below this many files a run takes a blink: no progress output at all. */
const minFilesForProgress = 40;

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function createProgress(stream: NodeJS.WriteStream, enabled: boolean): Progress {
  if (!enabled) return { update() {}, stop() {} };
  let bar: SingleBar | undefined;
  let lastLine = 0;
  return {
    update(done, total) {
      if (total < minFilesForProgress) return;
      if (stream.isTTY) {
        bar ??= new SingleBar({ stream, format: "llrt-migrate [{bar}] {value}/{total} files", hideCursor: true, clearOnComplete: true });
        if (done === 1 || !bar.isActive) bar.start(total, 0);
        bar.update(done);
      } else if (done - lastLine >= 100 || done === total) {
        lastLine = done;
        stream.write(`llrt-migrate: ${done}/${total} files\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
