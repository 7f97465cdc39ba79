// Noticing that the configuration file changed (a `sources add` or `hosts remove` while `collect` runs).
import fs from 'node:fs';
import { ConfigStore, type Config } from './config-store.js';

/** The identity of a file's current version: saves replace it by rename, so a new inode tells as much as a new mtime. */
export function fileSignature(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return 'none';
  }
}

/** Reads the configuration again whenever its file changed since the last look. */
export class ConfigWatch {
  private signature = '';

  constructor(readonly file: string) {}

  /** The configuration when the file changed since the last look (the first look always reads), else null. */
  changed(): Readonly<Config> | null {
    const sig = fileSignature(this.file);
    if (sig === this.signature) return null;
    // A broken file is reported once (the caller notes the UserError) and read again when it changes.
    this.signature = sig;
    return new ConfigStore(this.file).data;
  }
}
