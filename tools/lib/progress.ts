// One live progress line on a terminal; plain, sparse lines when output is a file or CI log.
export interface ProgressLine {
  update(text: string, fraction: number): void;
  done(text: string): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const live = Boolean(stream.isTTY) && !process.env.CI;
  let lastBucket = -1;
  return {
    update(text, fraction) {
      if (live) {
        stream.write(`\r\x1b[2K${text}`);
        return;
      }
      const bucket = Math.floor(fraction * 10); // every 10 %
      if (bucket !== lastBucket) {
        lastBucket = bucket;
        stream.write(`${text}\n`);
      }
    },
    done(text) {
      stream.write(live ? `\r\x1b[2K${text}\n` : `${text}\n`);
      lastBucket = -1;
    },
  };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
