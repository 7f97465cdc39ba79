// When a system last sent a message, for Work with Systems: one probe of the (system, time) index per system.
import type Database from 'better-sqlite3';

/** Time of the newest message stored from the system, or null when it has none. */
export function lastMessageTime(db: Database.Database, system: string): number | null {
  const r = db.prepare('SELECT max(time) AS t FROM messages WHERE system = ?').get(system) as { t: number | null };
  return r.t;
}
