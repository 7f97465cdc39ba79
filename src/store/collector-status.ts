// What each source's collector is doing, kept in the message store so `msgmon status` (another process) can read it.
import type Database from 'better-sqlite3';

/** Collector state of one source. */
export type CollectorState = 'connecting' | 'connected' | 'retrying' | 'refused' | 'stopped';

/** One row of `msgmon status`. */
export interface SourceStatus {
  source: string;
  system: string;
  state: CollectorState;
  /** Why (an error), or what (the remote file). */
  detail: string | null;
  /** When the next connection attempt is due (retrying), epoch ms. */
  retryAt: number | null;
  /** Bytes of the remote file not yet read, as of the last poll. */
  lagBytes: number | null;
  /** Time of the newest message stored from the source. */
  lastMessage: number | null;
  /** Process id of the collector that wrote the row. */
  pid: number;
  updated: number;
}

interface Row {
  source: string;
  system: string;
  state: CollectorState;
  detail: string | null;
  retry_at: number | null;
  lag_bytes: number | null;
  last_message: number | null;
  pid: number;
  updated: number;
}

/** Reads and writes the collector_status table of a message store's database (schema migration 4). */
export class CollectorStatusTable {
  constructor(private readonly db: Database.Database) {}

  /** Updates the given columns of a source's row, creating it. */
  set(source: string, system: string, s: Partial<Pick<SourceStatus, 'state' | 'detail' | 'retryAt' | 'lagBytes' | 'lastMessage'>>): void {
    const cur = this.get(source);
    const v = {
      state: s.state ?? cur?.state ?? 'connecting',
      detail: s.detail !== undefined ? s.detail : (cur?.detail ?? null),
      retryAt: s.retryAt !== undefined ? s.retryAt : (cur?.retryAt ?? null),
      lagBytes: s.lagBytes !== undefined ? s.lagBytes : (cur?.lagBytes ?? null),
      lastMessage: s.lastMessage !== undefined ? s.lastMessage : (cur?.lastMessage ?? null),
    };
    this.db
      .prepare(`INSERT INTO collector_status(source, system, state, detail, retry_at, lag_bytes, last_message, pid, updated)
      VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(source) DO UPDATE SET system=excluded.system, state=excluded.state,
      detail=excluded.detail, retry_at=excluded.retry_at, lag_bytes=excluded.lag_bytes, last_message=excluded.last_message,
      pid=excluded.pid, updated=excluded.updated`)
      .run(source, system, v.state, v.detail, v.retryAt, v.lagBytes, v.lastMessage, process.pid, Date.now());
  }

  /** One source's row, or null. */
  get(source: string): SourceStatus | null {
    const r = this.db.prepare('SELECT * FROM collector_status WHERE source = ?').get(source) as Row | undefined;
    return r ? toStatus(r) : null;
  }

  /** Every row, by system then source. */
  all(): SourceStatus[] {
    return (this.db.prepare('SELECT * FROM collector_status ORDER BY system, source').all() as Row[]).map(toStatus);
  }

  /** Drops rows of sources no longer configured. */
  retain(sources: string[]): void {
    const keep = new Set(sources);
    for (const s of this.all()) if (!keep.has(s.source)) this.db.prepare('DELETE FROM collector_status WHERE source = ?').run(s.source);
  }
}

function toStatus(r: Row): SourceStatus {
  return {
    source: r.source,
    system: r.system,
    state: r.state,
    detail: r.detail,
    retryAt: r.retry_at,
    lagBytes: r.lag_bytes,
    lastMessage: r.last_message,
    pid: r.pid,
    updated: r.updated,
  };
}

/** How a source stands, Nagios style: the worst decides `msgmon status`'s exit code (0, 1, 2). */
export type Verdict = 'OK' | 'WARNING' | 'CRITICAL';

/** A source's row as it stands now: `live` only when the running collector wrote it; `failed` when its last connection attempt failed. */
export interface SourceStanding {
  /** The running collector's own row, or null (no collector, another run's row, or no row at all). */
  live: SourceStatus | null;
  /** The last attempt to connect failed (host key refused, auth, unreachable): the row says refused or retrying. */
  failed: boolean;
  verdict: Verdict;
  /** Why the verdict is not OK, for people. */
  why: string | null;
}

/**
 * The one place that decides whether a source is collected now, shared by `msgmon status` and Work with Systems.
 * A row left by a collector that is gone (stopped, killed, --once) is history: never OK, and CRITICAL when its last
 * attempt failed, whatever state it was left in.
 */
export function sourceStanding(row: SourceStatus | null | undefined, collectorPid: number | null): SourceStanding {
  // A row the running collector marked stopped (it is shutting down) is not live either.
  const live = row && collectorPid !== null && row.pid === collectorPid && row.state !== 'stopped' ? row : null;
  const failed = !!row && (row.state === 'refused' || row.state === 'retrying');
  if (live) {
    if (live.state === 'refused') return { live, failed, verdict: 'CRITICAL', why: live.detail ?? 'host key refused' };
    if (live.state === 'retrying') return { live, failed, verdict: 'WARNING', why: live.detail ?? 'retrying' };
    return { live, failed, verdict: live.detail ? 'WARNING' : 'OK', why: live.detail };
  }
  if (failed) return { live, failed, verdict: 'CRITICAL', why: `collector stopped after a failed attempt: ${row!.detail ?? row!.state}` };
  const nobody = collectorPid === null ? 'no collector runs (msgmon collect)' : `the running collector (pid ${collectorPid}) does not read it`;
  return { live, failed, verdict: 'WARNING', why: row?.detail ? `${nobody}; last error: ${row.detail}` : nobody };
}
