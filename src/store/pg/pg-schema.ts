// The PostgreSQL schema of the message store: the same columns as SQLite's (schema.ts), messages partitioned by day
// of their log time, text search through a generated tsvector, applied by version like SQLite's migrations.
import { UserError } from '../../core/errors.js';
import { GENESIS } from '../chain.js';
import type { PgConnection } from './pg-connection.js';

/**
 * Migrations in order; index + 1 is the schema version (table msgmon_schema). `time` and `ack` are epoch ms (bigint).
 * The primary key includes `time` because a partitioned table's unique keys must hold its partition key; ids stay
 * unique because only the commit that holds the chain head's row lock numbers messages.
 */
export const PG_MIGRATIONS: string[] = [
  `CREATE TABLE messages(
     id bigint NOT NULL,
     time bigint NOT NULL,
     system text NOT NULL,
     source text NOT NULL,
     msg_id text NOT NULL,
     severity integer NOT NULL,
     text text NOT NULL,
     fields text NOT NULL,
     "user" text,
     session text,
     console smallint NOT NULL,
     ack bigint,
     rules text,
     raw text NOT NULL,
     highlight text,
     inquiry smallint NOT NULL DEFAULT 0,
     tags text,
     hash text,
     tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,
     PRIMARY KEY (id, time)
   ) PARTITION BY RANGE (time);
   -- The same secondary indexes as SQLite's (schema.ts MESSAGE_INDEXES), each with id last for keyset paging.
   CREATE INDEX messages_time ON messages(time, id);
   CREATE INDEX messages_system ON messages(system, time, id);
   CREATE INDEX messages_msgid ON messages(msg_id, time);
   CREATE INDEX messages_user ON messages("user", time);
   CREATE INDEX messages_session ON messages(session);
   CREATE INDEX messages_console_time ON messages(time, id) WHERE console = 0 AND ack IS NULL;
   CREATE INDEX messages_text ON messages USING gin(tsv);
   CREATE TABLE cursors(source text PRIMARY KEY, inode text NOT NULL, "offset" bigint NOT NULL, updated bigint NOT NULL);
   CREATE TABLE session_state(source text PRIMARY KEY, state text NOT NULL, updated bigint NOT NULL);
   -- console: messages on the console; changes: moved by every commit and action, so consoles notice others' work.
   CREATE TABLE counters(name text PRIMARY KEY, value bigint NOT NULL);
   INSERT INTO counters(name, value) VALUES ('console', 0), ('changes', 0);
   CREATE TABLE rule_hits(rule_id integer PRIMARY KEY, hits bigint NOT NULL, last_hit bigint);
   CREATE TABLE chain(name text PRIMARY KEY, id bigint NOT NULL, hash text NOT NULL, time bigint, pruned bigint NOT NULL DEFAULT 0);
   INSERT INTO chain(name, id, hash) VALUES ('head', 0, '${GENESIS}'), ('checkpoint', 0, '${GENESIS}');
   CREATE TABLE message_actions(
     id bigserial PRIMARY KEY, message_id bigint NOT NULL, action text NOT NULL, operator text NOT NULL,
     comment text, time bigint NOT NULL, until bigint, value text);
   CREATE INDEX message_actions_message ON message_actions(message_id);`,
  // Live updates: every move of the changes counter (a commit, an action, by any writer) notifies CHANGES_CHANNEL at
  // its commit, so a console's connection learns of others' work without asking (PgMessageStore.changes).
  `CREATE FUNCTION msgmon_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_notify('msgmon_changes', ''); RETURN NULL; END $$;
   CREATE TRIGGER counters_changes AFTER UPDATE ON counters FOR EACH ROW WHEN (NEW.name = 'changes')
     EXECUTE FUNCTION msgmon_notify_changes();`,
];

/** The LISTEN/NOTIFY channel of the changes counter (migration 2's trigger). */
export const CHANGES_CHANNEL = 'msgmon_changes';

/** One day in milliseconds: partitions are UTC days. */
const DAY = 86_400_000;

/** The partition that holds `time` (epoch ms): its table name and range. */
export function partitionOf(time: number): { name: string; from: number; to: number } {
  const from = Math.floor(time / DAY) * DAY;
  const d = new Date(from);
  if (Number.isNaN(d.getTime())) throw new UserError(`message time ${time} is not a valid time`);
  const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
  return { name: `messages_${from < 0 ? 'm' : ''}${ymd}`, from, to: from + DAY };
}

/**
 * Creates the day partitions `times` need that do not exist yet; `known` remembers those seen by this connection.
 * Called inside the commit after the chain head is locked, so two collectors never create the same one at once.
 */
export function ensurePartitions(db: PgConnection, times: Iterable<number>, known: Set<string>): void {
  const wanted = new Map<string, { from: number; to: number }>();
  for (const t of times) {
    const p = partitionOf(t);
    if (!known.has(p.name)) wanted.set(p.name, p);
  }
  if (!wanted.size) return;
  const names = [...wanted.keys()];
  const existing = db.query<{ name: string }>('SELECT relname AS name FROM pg_class WHERE relname = ANY($1::text[])', [names]);
  for (const r of existing) known.add(r.name), wanted.delete(r.name);
  // DDL takes a lock on the parent table: it is done once per day of messages, not once per commit.
  for (const [name, p] of wanted) {
    db.exec(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF messages FOR VALUES FROM (${p.from}) TO (${p.to})`);
    known.add(name);
  }
}

/** Brings the database to the current schema; refuses a newer msgmon's schema and a database of another program. */
export function migratePg(db: PgConnection): void {
  db.transaction(() => {
    // Two msgmon processes starting on a new database at once: the second waits here and finds the work done.
    db.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['msgmon schema']);
    db.exec('CREATE TABLE IF NOT EXISTS msgmon_schema(version integer NOT NULL)');
    const rows = db.query<{ version: number }>('SELECT version FROM msgmon_schema');
    let version = rows[0]?.version ?? 0;
    if (!rows.length) {
      const other = db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'messages'");
      if (other.length) throw new UserError('the database has a messages table but no msgmon schema version: it is not a msgmon store; nothing was changed');
      db.query('INSERT INTO msgmon_schema(version) VALUES (0)');
    }
    if (version > PG_MIGRATIONS.length) {
      throw new UserError(`its schema version ${version} is newer than this msgmon knows (${PG_MIGRATIONS.length}): upgrade msgmon; nothing was changed`);
    }
    for (; version < PG_MIGRATIONS.length; version++) db.exec(PG_MIGRATIONS[version]!);
    db.query('UPDATE msgmon_schema SET version = $1', [version]);
  });
}
