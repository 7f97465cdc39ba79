// Checks made before a home's store is opened. A missing or empty (0-byte) messages.db where the home had a store
// would otherwise open as a new, empty store — history, sessions and read positions silently gone, every source read
// again from byte 0 — so it is refused with the reason and what to do. A marker file next to the store
// (messages.db.created) records that the home had one; the configured sources say so for homes older than the marker.
import fs from 'node:fs';
import { UserError } from '../core/errors.js';

/** The marker written next to a store once it exists: its presence means "this home has a store". */
export function storeMarker(dbFile: string): string {
  return `${dbFile}.created`;
}

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

const RESTORE = 'restore it from your backup; or, to start a new empty store (sources are read again from their beginning), run: msgmon store init';

/** True when the store file is missing or has no bytes (checkStoreFile then asks the configuration). */
export function storeFileEmpty(dbFile: string): boolean {
  const size = sizeOf(dbFile);
  return size === null || size === 0;
}

/**
 * Throws a UserError naming the file, the reason and what to do when the store is missing or empty but should exist
 * (the marker is there, or `configuredSources` says the configuration reads sources), or is missing in a read-only run.
 */
export function checkStoreFile(dbFile: string, opts: { readonly: boolean; configuredSources: () => number }): void {
  const size = sizeOf(dbFile);
  if (size !== null && size > 0) return;
  const marker = fs.existsSync(storeMarker(dbFile));
  // A 0-byte file in a home that never had a store is one another command is creating right now (SQLite writes
  // its first page only at the first write): new, like a missing one. Where the home had a store, it was emptied.
  if (size === 0 && (marker || opts.configuredSources() > 0)) {
    throw new UserError(`message store ${dbFile} is empty (0 bytes): its messages, sessions and read positions are gone (truncated or replaced); ${RESTORE}`);
  }
  if (marker) throw new UserError(`message store ${dbFile} is missing, but this home had one (${storeMarker(dbFile)}); ${RESTORE}`);
  const sources = opts.configuredSources();
  if (sources > 0) {
    throw new UserError(
      `message store ${dbFile} is missing, but the configuration reads ${sources} source${sources === 1 ? '' : 's'}: their messages and read positions would be lost; ${RESTORE}`,
    );
  }
  if (opts.readonly)
    throw new UserError(`there is no message store ${dbFile} yet: nothing to read (msgmon ingest or msgmon collect create it, without --read-only)`);
}

/** Records that the home has a store (idempotent; a home msgmon cannot write keeps none). */
export function markStoreCreated(dbFile: string): void {
  const marker = storeMarker(dbFile);
  if (fs.existsSync(marker)) return;
  try {
    fs.writeFileSync(
      marker,
      `msgmon message store ${dbFile} exists since ${new Date().toISOString()}.\n` +
        'While this file is here, msgmon refuses to treat a missing or empty store as a new one (msgmon store init does that).\n',
      { mode: 0o600 },
    );
  } catch {
    // Not writable (another user's home): the check then relies on the configured sources.
  }
}
