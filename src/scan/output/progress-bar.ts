/**
 * The CLI progress display of a scoping run: a bar with percent, records, MB/s and ETA, redrawn in place
 * on a terminal and printed as a line every few seconds otherwise (logs, CI).
 */
export interface ProgressSnapshot {
  bytes: number;
  records: number;
  file: string;
  filesDone: number;
  filesTotal: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** One progress line; `totalBytes` 0 means unknown (no bar, no ETA). */
export function progressLine(p: ProgressSnapshot, totalBytes: number, elapsedSeconds: number, width = 24): string {
  const rate = elapsedSeconds > 0 ? p.bytes / elapsedSeconds : 0;
  const fraction = totalBytes > 0 ? Math.min(1, p.bytes / totalBytes) : 0;
  const filled = Math.round(fraction * width);
  const parts = [
    totalBytes > 0 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%` : null,
    `${p.records.toLocaleString('en')} records`,
    `${(rate / 1048576).toFixed(1)} MB/s`,
    totalBytes > 0 && rate > 0 ? `ETA ${formatDuration((totalBytes - p.bytes) / rate)}` : null,
    `file ${Math.min(p.filesDone + 1, p.filesTotal)}/${p.filesTotal} ${p.file}`,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Draws progress on a stream: in place on a TTY (at most 10 times a second), else a line every `everyMs`. */
export function createProgressReporter(stream: { isTTY?: boolean; write(s: string): unknown }, totalBytes: number, everyMs = 2000) {
  const started = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update(p: ProgressSnapshot) {
      const now = performance.now();
      if (now - last < (stream.isTTY ? 100 : everyMs)) return;
      last = now;
      const line = progressLine(p, totalBytes, (now - started) / 1000);
      if (stream.isTTY) {
        stream.write(`\r${line.slice(0, 200).padEnd(100)}`);
        drawn = true;
      } else stream.write(`scope: ${line}\n`);
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
