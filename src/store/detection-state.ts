// What detections remember (src/rules/state-map.ts), kept in SQLite: written in the transaction of the batch that
// changed it (with the messages and the cursor), so after a kill -9 the state matches the messages exactly, and read
// back key by key as a restarted engine meets its keys.
import type Database from 'better-sqlite3';
import type { DetectionStateChanges, DetectionStateReader, DetectionStateRow } from '../core/detection-state.js';

/** The migration that creates the table (registered in schema.ts). */
export const DETECTION_STATE_MIGRATION = `
  -- One row per remembered value: read by key on a detection's first sighting of it after a start.
  CREATE TABLE detection_state(rule_id INTEGER NOT NULL, map TEXT NOT NULL, key TEXT NOT NULL, version TEXT NOT NULL,
    touched INTEGER NOT NULL, state TEXT NOT NULL, PRIMARY KEY(rule_id, map, key)) WITHOUT ROWID;`;

/** Reads and writes detection state. */
export class DetectionStateTable implements DetectionStateReader {
  private readonly getRow: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly prune: Database.Statement;

  constructor(db: Database.Database) {
    this.getRow = db.prepare('SELECT touched, state FROM detection_state WHERE rule_id = ? AND map = ? AND key = ? AND version = ?');
    this.upsert = db.prepare(
      'INSERT INTO detection_state(rule_id, map, key, version, touched, state) VALUES (?,?,?,?,?,?) ON CONFLICT(rule_id, map, key) DO UPDATE SET version = excluded.version, touched = excluded.touched, state = excluded.state',
    );
    this.remove = db.prepare('DELETE FROM detection_state WHERE rule_id = ? AND map = ? AND key = ?');
    // A prune also drops what an earlier version of the rule left (a changed rule starts afresh).
    this.prune = db.prepare('DELETE FROM detection_state WHERE rule_id = ? AND map = ? AND (touched < ? OR version <> ?)');
  }

  get(ruleId: number, version: string, map: string, key: string): DetectionStateRow | null {
    return (this.getRow.get(ruleId, map, key, version) as DetectionStateRow | undefined) ?? null;
  }

  /** Writes a batch's changes (call inside the batch's transaction): prunes first, then the values written since. */
  write(c: DetectionStateChanges): void {
    for (const p of c.prunes) this.prune.run(p.ruleId, p.map, p.before, p.version);
    for (const w of c.writes) {
      if (w.state === null) this.remove.run(w.ruleId, w.map, w.key);
      else this.upsert.run(w.ruleId, w.map, w.key, w.version, w.touched, w.state);
    }
  }
}
