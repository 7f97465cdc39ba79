// Configuration (settings, rules, hosts, sources) in a lowdb JSON document, private to its user. Every change
// is a read-modify-write under the configuration's lock, from a fresh read of the file, saved atomically: parallel
// commands never lose each other's changes, and live readers never see a half-written file.
import { LowSync } from 'lowdb';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { AtomicJsonFile } from './config-file.js';
import { describeHolder, holderOf, tryLock } from './file-lock.js';
import { watchListsSchema } from './watchlist-config.js';
import { nameSchema } from './source-kinds/common.js';
import { sourceSchema } from './source-config.js';

// Sources have their own module (one file per kind); these names stay importable from the configuration.
export { LOCAL_SYSTEM, SOURCE_KINDS, sourceCursorKey, sourceLocation, sourceSchema, sourceZone, type SourceConfig, type SourceKind } from './source-config.js';
export { journalLocation, journalSelectionSchema, type JournalSelection } from './source-kinds/journal.js';

/** How long a change waits for another command's change to the same configuration (they take milliseconds). */
const CHANGE_WAIT_MS = 10_000;

/** A system reached over SSH. No password is ever stored: auth is by ssh-agent or key file. */
export const hostSchema = z.object({
  name: nameSchema,
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1).optional(),
  identity: z.string().min(1).optional(),
  /** Another host's name to jump through. */
  jump: nameSchema.optional(),
  /** ssh2 (default, built in) or the system's OpenSSH client. */
  transport: z.enum(['ssh2', 'openssh']).optional(),
});

/** A configured SSH host. */
export type HostConfig = z.infer<typeof hostSchema>;

/** The configuration document. Rules are kept as JSON here and validated by the rules layer that owns their schema. */
export const configSchema = z.object({
  version: z.literal(1),
  settings: z
    .object({
      /** Messages older than this many days may be pruned; null keeps everything (the audit default). */
      retentionDays: z.number().int().positive().nullable().default(null),
    })
    .default({ retentionDays: null }),
  rules: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Monitored systems reached over SSH (`msgmon hosts add`). */
  hosts: z.array(hostSchema).default([]),
  /** Streams read on those systems (`msgmon sources add`). */
  sources: z.array(sourceSchema).default([]),
  /** Sensitive paths, commands and users, trusted networks (`msgmon watch`). */
  watchlists: watchListsSchema,
  /** Notification channels (`msgmon channels add`), kept as JSON and validated by src/notify/, which owns their schema. */
  channels: z.array(z.record(z.string(), z.unknown())).default([]),
  /** Escalation procedures (`msgmon escalations add`), validated by src/notify/. */
  escalations: z.array(z.record(z.string(), z.unknown())).default([]),
});

/** The configuration as stored. */
export type Config = z.infer<typeof configSchema>;

const EMPTY: Config = { version: 1, settings: { retentionDays: null }, rules: [], hosts: [], sources: [], channels: [], escalations: [] };

/** Explains a zod failure as `file: key.path: message` so the user knows which line to fix. */
function explain(file: string, err: unknown): string {
  const issues = (err as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  if (issues) return `${file}: ${issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`;
  return `${file}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Reads, validates and changes the configuration document; every save leaves the file mode 0600. */
export class ConfigStore {
  private readonly db: LowSync<Config>;

  constructor(readonly file: string) {
    // Not JSONFileSyncPreset: it silently swaps in an in-memory adapter when NODE_ENV=test.
    this.db = new LowSync<Config>(new AtomicJsonFile<Config>(file), structuredClone(EMPTY));
    this.read();
  }

  /** Reads and validates the file (a missing file is the empty configuration). */
  private read(): void {
    try {
      this.db.read();
    } catch (err) {
      throw new UserError(`configuration ${this.file} is not valid JSON (${(err as Error).message}); fix or move it away, nothing was changed`);
    }
    const parsed = configSchema.safeParse(this.db.data ?? EMPTY);
    if (!parsed.success) throw new UserError(`configuration ${explain(this.file, parsed.error)}; nothing was changed`);
    this.db.data = parsed.data;
  }

  /** The configuration as last read or saved (do not mutate; use update). */
  get data(): Readonly<Config> {
    return this.db.data;
  }

  /**
   * Applies a change to a fresh read of the file under the configuration's lock, then saves it atomically
   * (temp file + fsync + rename, mode 0600). `change` may throw (a UserError: nothing is saved) and its result
   * is returned, so what a command announces (a rule's number) is what was saved. No change, no write.
   */
  update<T>(change: (c: Config) => T): T {
    const lock = tryLock(`${this.file}.lock`, CHANGE_WAIT_MS);
    if (!lock) {
      throw new UserError(
        `configuration ${this.file} is being changed by ${describeHolder(holderOf(`${this.file}.lock`))} for over ` +
          `${CHANGE_WAIT_MS / 1000} s; nothing was changed: try again when it is done`,
      );
    }
    try {
      this.read();
      const next = structuredClone(this.db.data);
      const result = change(next);
      const parsed = configSchema.safeParse(next);
      if (!parsed.success) throw new UserError(`refused to save the configuration: ${explain(this.file, parsed.error)}`);
      if (JSON.stringify(parsed.data) !== JSON.stringify(this.db.data)) {
        this.db.data = parsed.data;
        this.db.write();
      }
      return result;
    } finally {
      lock.release();
    }
  }
}
