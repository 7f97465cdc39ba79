// collector_status became store migration 4: stores made by older collectors (which created the table
// themselves) and stores that never had it both upgrade in place, keeping the rows they hold.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MessageStore } from '../src/store/message-store.js';
import { MIGRATIONS } from '../src/store/schema.js';
import { CollectorStatusTable } from '../src/store/collector-status.js';

/** A store file at schema version 3, optionally with the table an older collector created on first use. */
function storeAtV3(withStatusRow: boolean): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-mig-')), 'store.db');
  const db = new Database(file);
  for (const m of MIGRATIONS.slice(0, 3)) db.exec(m);
  db.pragma('user_version = 3');
  if (withStatusRow) {
    db.exec(`CREATE TABLE collector_status(source TEXT PRIMARY KEY, system TEXT NOT NULL, state TEXT NOT NULL, detail TEXT,
      retry_at INTEGER, lag_bytes INTEGER, last_message INTEGER, pid INTEGER NOT NULL, updated INTEGER NOT NULL)`);
    db.prepare('INSERT INTO collector_status VALUES (?,?,?,?,?,?,?,?,?)').run('web1-ftp', 'web1', 'stopped', null, null, 12, 1700000000000, 42, 1700000000000);
  }
  db.close();
  return file;
}

describe('collector_status migration', () => {
  it('upgrades a store whose older collector already created the table, keeping its rows', () => {
    const store = new MessageStore(storeAtV3(true));
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(new CollectorStatusTable(store.db).get('web1-ftp')).toMatchObject({ system: 'web1', state: 'stopped', lagBytes: 12, lastMessage: 1700000000000 });
    store.close();
  });

  it('creates the table in a store that never had it, so status reads it before any collector ran', () => {
    const store = new MessageStore(storeAtV3(false));
    const table = new CollectorStatusTable(store.db);
    expect(table.all()).toEqual([]);
    table.set('a', 'h', { state: 'connecting' });
    expect(table.get('a')).toMatchObject({ source: 'a', system: 'h', state: 'connecting', pid: process.pid });
    store.close();
  });
});
