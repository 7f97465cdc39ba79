// Baselines in SQLite: first/last seen per user, client and user+client, logons per hour of day, and usual
// download volumes per session and per day — learned from every kept message inside the commit that stores it,
// and rebuilt from the Activity Log by `msgmon baseline rebuild`.
import type Database from 'better-sqlite3';
import type { NewMessage } from '../core/types.js';
import { dayOf, logonKeys, SESSION_END_MSGIDS, type BaselineReader, type SeenRecord, type VolumeRecord } from '../core/baselines.js';

/** The migration that creates the baseline tables (registered in schema.ts). */
export const BASELINE_MIGRATION = `
  -- Detections read these by key on every logon: primary keys, no rowid.
  CREATE TABLE baseline_seen(name TEXT NOT NULL, key TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
    count INTEGER NOT NULL, PRIMARY KEY(name, key)) WITHOUT ROWID;
  CREATE TABLE baseline_hours(user TEXT NOT NULL, hour INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY(user, hour)) WITHOUT ROWID;
  -- periods/files/bytes: closed sessions or days; day/day_files/day_bytes: the day being summed.
  CREATE TABLE baseline_volume(name TEXT NOT NULL, user TEXT NOT NULL, periods INTEGER NOT NULL, files INTEGER NOT NULL,
    bytes INTEGER NOT NULL, max_files INTEGER NOT NULL, max_bytes INTEGER NOT NULL, day INTEGER, day_files INTEGER NOT NULL DEFAULT 0,
    day_bytes INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(name, user)) WITHOUT ROWID;
  CREATE TABLE baseline_meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL);`;

type SeenName = 'user' | 'client' | 'user+client';

/** Learns baselines from committed messages and answers the detections' questions. */
export class BaselineTable implements BaselineReader {
  private readonly upSeen: Database.Statement;
  private readonly upHour: Database.Statement;
  private readonly getSeen: Database.Statement;
  private readonly getHours: Database.Statement;
  private readonly getVolume: Database.Statement;
  private readonly upVolume: Database.Statement;
  private readonly sessionDown: Database.Statement;
  private readonly getSince: Database.Statement;
  private readonly setSince: Database.Statement;
  private sinceCache: number | null | undefined;

  constructor(private readonly db: Database.Database) {
    this.upSeen = db.prepare(
      'INSERT INTO baseline_seen(name, key, first, last, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT(name, key) DO UPDATE SET first = min(first, excluded.first), last = max(last, excluded.last), count = count + 1',
    );
    this.upHour = db.prepare('INSERT INTO baseline_hours(user, hour, count) VALUES (?, ?, 1) ON CONFLICT(user, hour) DO UPDATE SET count = count + 1');
    this.getSeen = db.prepare('SELECT first, last, count FROM baseline_seen WHERE name = ? AND key = ?');
    this.getHours = db.prepare('SELECT hour, count FROM baseline_hours WHERE user = ?');
    this.getVolume = db.prepare(
      'SELECT periods, files, bytes, max_files AS maxFiles, max_bytes AS maxBytes, day, day_files AS dayFiles, day_bytes AS dayBytes FROM baseline_volume WHERE name = ? AND user = ?',
    );
    this.upVolume = db.prepare(
      'INSERT OR REPLACE INTO baseline_volume(name, user, periods, files, bytes, max_files, max_bytes, day, day_files, day_bytes) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    this.sessionDown = db.prepare('SELECT user, files_down AS files, bytes_down AS bytes FROM sessions WHERE id = ?');
    this.getSince = db.prepare("SELECT value FROM baseline_meta WHERE name = 'since'");
    this.setSince = db.prepare("INSERT INTO baseline_meta(name, value) VALUES ('since', ?) ON CONFLICT(name) DO UPDATE SET value = min(value, excluded.value)");
  }

  /** Learns from a batch being committed (call inside the commit's transaction, after the session summaries). */
  learn(msgs: readonly NewMessage[]): void {
    for (const m of msgs) {
      const k = logonKeys(m);
      if (k) {
        this.upSeen.run('user', k.user, m.time, m.time);
        if (k.client !== null) this.upSeen.run('client', k.client, m.time, m.time);
        if (k.pair !== null) this.upSeen.run('user+client', k.pair, m.time, m.time);
        this.upHour.run(k.user, new Date(m.time).getUTCHours());
        const since = this.since();
        if (since === null || m.time < since) {
          this.setSince.run(m.time);
          this.sinceCache = undefined;
        }
      } else if (SESSION_END_MSGIDS.has(m.msgId) && m.session !== null) this.learnSession(m.session, m.time);
    }
  }

  /** A session ended: its downloads are one more period of its user's usual, and add to the user's day. */
  private learnSession(session: string, time: number): void {
    const s = this.sessionDown.get(session) as { user: string | null; files: number; bytes: number } | undefined;
    if (!s?.user) return;
    this.fold('session-down', s.user, s.files, s.bytes);
    const v = this.volumeRow('day-down', s.user);
    const day = dayOf(time);
    if (v.day === day) this.write('day-down', s.user, { ...v, dayFiles: v.dayFiles + s.files, dayBytes: v.dayBytes + s.bytes });
    else {
      // A new day: the finished one joins the usual.
      const closed = v.day === null ? v : close(v, v.dayFiles, v.dayBytes);
      this.write('day-down', s.user, { ...closed, day, dayFiles: s.files, dayBytes: s.bytes });
    }
  }

  private fold(name: string, user: string, files: number, bytes: number): void {
    this.write(name, user, close(this.volumeRow(name, user), files, bytes));
  }

  private volumeRow(name: string, user: string): VolumeRow {
    return (
      (this.getVolume.get(name, user) as VolumeRow | undefined) ?? {
        periods: 0,
        files: 0,
        bytes: 0,
        maxFiles: 0,
        maxBytes: 0,
        day: null,
        dayFiles: 0,
        dayBytes: 0,
      }
    );
  }

  private write(name: string, user: string, v: VolumeRow): void {
    this.upVolume.run(name, user, v.periods, v.files, v.bytes, v.maxFiles, v.maxBytes, v.day, v.dayFiles, v.dayBytes);
  }

  seen(name: SeenName, key: string): SeenRecord | null {
    return (this.getSeen.get(name, key) as SeenRecord | undefined) ?? null;
  }

  hours(user: string): number[] | null {
    const rows = this.getHours.all(user) as Array<{ hour: number; count: number }>;
    if (!rows.length) return null;
    const h = Array<number>(24).fill(0);
    for (const r of rows) h[r.hour] = r.count;
    return h;
  }

  volume(name: 'session-down' | 'day-down', user: string): VolumeRecord | null {
    const v = this.getVolume.get(name, user) as VolumeRow | undefined;
    return v && v.periods > 0 ? { periods: v.periods, files: v.files, bytes: v.bytes, maxFiles: v.maxFiles, maxBytes: v.maxBytes } : null;
  }

  since(): number | null {
    if (this.sinceCache === undefined) this.sinceCache = (this.getSince.get() as { value: number } | undefined)?.value ?? null;
    return this.sinceCache;
  }

  /** Forgets every baseline and learns them again from the Activity Log, oldest first; returns the messages read. */
  rebuild(): number {
    const read = this.db.transaction(() => {
      this.db.exec('DELETE FROM baseline_seen; DELETE FROM baseline_hours; DELETE FROM baseline_volume; DELETE FROM baseline_meta;');
      this.sinceCache = undefined;
      // Read in pages (a statement cannot be read while the same connection writes), oldest first.
      const page = this.db.prepare(
        "SELECT id, time, msg_id AS msgId, fields, session FROM messages WHERE msg_id IN ('FTP0002', 'FTP0040', 'FTP0041') AND (time, id) > (?, ?) ORDER BY time, id LIMIT 5000",
      );
      let n = 0;
      const batch: NewMessage[] = [];
      let at: [number, number] = [-Infinity, 0];
      for (;;) {
        const rows = page.all(...at) as Array<{ id: number; time: number; msgId: string; fields: string; session: string | null }>;
        if (!rows.length) break;
        for (const r of rows) batch.push({ time: r.time, msgId: r.msgId, fields: JSON.parse(r.fields), session: r.session } as unknown as NewMessage);
        n += rows.length;
        this.learn(batch.splice(0));
        const last = rows[rows.length - 1]!;
        at = [last.time, last.id];
      }
      return n;
    });
    return read.immediate();
  }

  /** How many keys each baseline holds (`baseline show`). */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT name, count(*) AS n FROM baseline_seen GROUP BY name').all() as Array<{ name: string; n: number }>)
      out[r.name] = r.n;
    out.hours = (this.db.prepare('SELECT count(DISTINCT user) AS n FROM baseline_hours').get() as { n: number }).n;
    for (const r of this.db.prepare('SELECT name, count(*) AS n FROM baseline_volume GROUP BY name').all() as Array<{ name: string; n: number }>)
      out[r.name] = r.n;
    return out;
  }
}

interface VolumeRow extends VolumeRecord {
  day: number | null;
  dayFiles: number;
  dayBytes: number;
}

function close(v: VolumeRow, files: number, bytes: number): VolumeRow {
  return {
    ...v,
    periods: v.periods + 1,
    files: v.files + files,
    bytes: v.bytes + bytes,
    maxFiles: Math.max(v.maxFiles, files),
    maxBytes: Math.max(v.maxBytes, bytes),
  };
}
