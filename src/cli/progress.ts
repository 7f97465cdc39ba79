// A progress bar on stderr for long work, only when stderr is a terminal (never in pipes, CI or --json).

/** Returns an update function; call `done()` to clear the bar. */
export function progressBar(label: string, enabled: boolean = process.stderr.isTTY === true): { update(done: number, total: number): void; done(): void } {
  if (!enabled) return { update() {}, done() {} };
  let lastDraw = 0;
  const started = Date.now();
  return {
    update(done, total) {
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const width = Math.max(10, Math.min(40, (process.stderr.columns ?? 80) - label.length - 30));
      const filled = Math.round(frac * width);
      const secs = (now - started) / 1000;
      const eta = frac > 0 ? Math.round(secs / frac - secs) : 0;
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${eta}s left `);
    },
    done() {
      process.stderr.write('\r\x1b[K');
    },
  };
}
