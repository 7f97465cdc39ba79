// `collect` follows its configuration: sources and hosts added, changed or removed while it runs are
// picked up within a second, without a restart (the file is checked for a new version, not watched:
// inotify misses saves by rename on some filesystems, and a stat a second costs nothing). The status probe's
// thresholds file is followed the same way.
import { ConfigWatch, fileSignature } from '../store/config-watch.js';
import { loadThresholds } from '../status/thresholds.js';
import type { Collector } from './collector.js';

/** Applies every new version of the configuration file to the collector; the returned function stops it. */
export function followConfig(file: string, collector: Collector, note: (text: string) => void, everyMs = 1000): () => Promise<void> {
  const watch = new ConfigWatch(file);
  let applying: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    // One change at a time: a system must be stopped before it is started again.
    applying = applying
      .then(async () => {
        const cfg = watch.changed();
        if (cfg) await collector.reconfigure(cfg.hosts, cfg.sources);
      })
      .catch((err: Error) => note(`configuration not applied, collecting as before: ${err.message}`));
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await applying;
  };
}

/**
 * Applies every new version of the home's thresholds.json to the running probes (an edit, a new file, or its removal,
 * which brings the shipped defaults back); a file that does not load is noted and the thresholds in force stay.
 */
export function followThresholds(homeFile: string, collector: Collector, note: (text: string) => void, everyMs = 1000): () => void {
  let signature = fileSignature(homeFile);
  const timer = setInterval(() => {
    const now = fileSignature(homeFile);
    if (now === signature) return;
    signature = now;
    try {
      const { file, thresholds } = loadThresholds(homeFile);
      collector.useThresholds(thresholds);
      note(`thresholds: ${thresholds.length} from ${file} apply from the next probe on`);
    } catch (err) {
      note(`thresholds not applied, probing with those before: ${(err as Error).message}`);
    }
  }, everyMs);
  return () => clearInterval(timer);
}
