// Where msgmon keeps its store and configuration: --home, MSGMON_HOME, else the XDG directories.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { UserError } from '../core/errors.js';

/** Resolved locations of one msgmon home. */
export interface Home {
  /** The SQLite message store. */
  dbFile: string;
  /** The lowdb configuration document (mode 0600). */
  configFile: string;
  /** Folder for the collector lock and other run-time files. */
  runDir: string;
}

/** Resolves the home from the option, the environment, or XDG defaults, and creates its folders. */
export function resolveHome(option?: string, env: NodeJS.ProcessEnv = process.env): Home {
  const dir = option ?? env.MSGMON_HOME;
  let dataDir: string;
  let configDir: string;
  if (dir) {
    dataDir = configDir = path.resolve(dir);
  } else {
    dataDir = path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'msgmon');
    configDir = path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'msgmon');
  }
  for (const d of new Set([dataDir, configDir])) {
    try {
      fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    } catch (err) {
      throw new UserError(`cannot create msgmon home ${d}: ${(err as Error).message}. Choose another with --home DIR.`);
    }
  }
  return { dbFile: path.join(dataDir, 'messages.db'), configFile: path.join(configDir, 'config.json'), runDir: dataDir };
}
