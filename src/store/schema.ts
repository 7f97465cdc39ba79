// The SQLite schema of the message store, applied by version so an old store is upgraded in place.
import type Database from 'better-sqlite3';
import { backfillChain, CHAIN_MIGRATION } from './chain.js';
import { BASELINE_MIGRATION } from './baselines.js';
import { DETECTION_STATE_MIGRATION } from './detection-state.js';
import { FORENSIC_INDEX_MIGRATION } from './forensic-query.js';
import { NOTIFY_MIGRATION } from './notify-tables.js';
import { STATUS_SAMPLES_MIGRATION } from './status-samples.js';
import { INQUIRY_MIGRATION } from './inquiries.js';

/** The migration that drops the arrival-order console index (see MESSAGE_INDEXES). */
export const DROP_CONSOLE_INDEX = 'DROP INDEX IF EXISTS messages_console;';

/** Migrations in order; index + 1 is the schema version (PRAGMA user_version). */
export const MIGRATIONS: string[] = [
  `CREATE TABLE messages(
     id INTEGER PRIMARY KEY,
     time INTEGER NOT NULL,
     system TEXT NOT NULL,
     source TEXT NOT NULL,
     msg_id TEXT NOT NULL,
     severity INTEGER NOT NULL,
     text TEXT NOT NULL,
     fields TEXT NOT NULL,
     user TEXT,
     session TEXT,
     console INTEGER NOT NULL,
     ack INTEGER,
     rules TEXT,
     raw TEXT NOT NULL
   );
   CREATE INDEX messages_time ON messages(time);
   CREATE INDEX messages_system ON messages(system, time);
   CREATE INDEX messages_msgid ON messages(msg_id, time);
   CREATE INDEX messages_user ON messages(user, time);
   CREATE INDEX messages_session ON messages(session);
   -- The console is what still needs a person: a partial index keeps its pages cheap at any store size.
   CREATE INDEX messages_console ON messages(id) WHERE console = 0 AND ack IS NULL;
   CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='id', columnsize=0);
   CREATE TABLE cursors(
     source TEXT PRIMARY KEY,
     inode TEXT NOT NULL,
     offset INTEGER NOT NULL,
     updated INTEGER NOT NULL
   );`,
  // Counting the console with count(*) walks its whole index (slow at millions): keep the number instead.
  `CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
   INSERT INTO counters(name, value) SELECT 'console', count(*) FROM messages WHERE console = 0 AND ack IS NULL;`,
  // Automated responses: what rules did to a message, and per rule how often it acted (kept here, not in the
  // JSON configuration, because it changes with every message and is committed with the messages).
  `ALTER TABLE messages ADD COLUMN highlight TEXT;
   ALTER TABLE messages ADD COLUMN inquiry INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE messages ADD COLUMN tags TEXT;
   CREATE TABLE rule_hits(rule_id INTEGER PRIMARY KEY, hits INTEGER NOT NULL, last_hit INTEGER);`,
  // What each source's collector is doing (`msgmon status` reads it from another process). IF NOT EXISTS:
  // collectors before this migration created the table themselves.
  `CREATE TABLE IF NOT EXISTS collector_status(
     source TEXT PRIMARY KEY, system TEXT NOT NULL, state TEXT NOT NULL, detail TEXT, retry_at INTEGER,
     lag_bytes INTEGER, last_message INTEGER, pid INTEGER NOT NULL, updated INTEGER NOT NULL);`,
  // Sessions: one summary row per session, kept in the same transaction as its messages (session-table.ts).
  `CREATE TABLE sessions(
     id TEXT PRIMARY KEY, system TEXT NOT NULL, source TEXT NOT NULL, protocol TEXT, user TEXT, client TEXT,
     start INTEGER NOT NULL, last INTEGER NOT NULL, end INTEGER, ended_by TEXT,
     commands INTEGER NOT NULL, files_up INTEGER NOT NULL, files_down INTEGER NOT NULL, bytes_up INTEGER NOT NULL,
     bytes_down INTEGER NOT NULL, messages INTEGER NOT NULL, logged_on INTEGER NOT NULL, pids TEXT NOT NULL);
   CREATE INDEX sessions_start ON sessions(start);
   CREATE INDEX sessions_user ON sessions(user, start);
   -- A collector reloads and checks the open sessions of its sources: a partial index keeps that cheap.
   CREATE INDEX sessions_open ON sessions(system, source) WHERE end IS NULL;
   -- Sessions of messages stored before this migration, summed from the messages themselves.
   INSERT INTO sessions SELECT session, min(system), min(source), max(json_extract(fields, '$.protocol')), max(user),
     max(json_extract(fields, '$.client')), min(time), max(time), max(CASE WHEN msg_id IN ('FTP0040', 'FTP0041') THEN time END),
     CASE WHEN max(msg_id = 'FTP0040') THEN 'logout' WHEN max(msg_id = 'FTP0041') THEN 'dropped' END,
     sum(msg_id NOT IN ('FTP0001', 'FTP0002', 'FTP0003', 'FTP0040', 'FTP0041')), sum(msg_id = 'FTP0020'), sum(msg_id = 'FTP0021'),
     sum(CASE WHEN msg_id = 'FTP0020' THEN coalesce(json_extract(fields, '$.bytes'), 0) ELSE 0 END),
     sum(CASE WHEN msg_id = 'FTP0021' THEN coalesce(json_extract(fields, '$.bytes'), 0) ELSE 0 END),
     count(*), max(msg_id = 'FTP0002'), '[]'
   FROM messages WHERE session IS NOT NULL GROUP BY session;`,
  // What a source's session strategies keep in memory (working directories, pending commands, open sessions), as
  // JSON committed in the same transaction as its cursor: a restart goes on exactly where the cursor stands.
  `CREATE TABLE session_state(source TEXT PRIMARY KEY, state TEXT NOT NULL, updated INTEGER NOT NULL);`,
  // Tamper evidence: every message's hash chained to the one before (chain.ts); existing messages are chained now.
  CHAIN_MIGRATION,
  // Threat detections: what is usual per user and client (baselines.ts).
  BASELINE_MIGRATION,
  // Forensics: log --client and --path, investigate (forensic-query.ts). Added by the threats work, apart from the
  // store's own index review.
  FORENSIC_INDEX_MIGRATION,
  // The console lists by log time (ties by arrival): its own partial index keeps those pages cheap at any store size.
  'CREATE INDEX IF NOT EXISTS messages_console_time ON messages(time) WHERE console = 0 AND ack IS NULL;',
  // Notifications: the queue, escalations in progress and who acted on a message (notify-tables.ts).
  NOTIFY_MIGRATION,
  // The status probe's samples, minute averages, newest sample per system and threshold states (status-samples.ts).
  STATUS_SAMPLES_MIGRATION,
  // The console reads in log time order (messages_console_time) since the console work: the arrival-order partial index
  // answered no query any more and cost every stored message an index insert (bench profile, issue 17).
  DROP_CONSOLE_INDEX,
  // What threat detections remember between messages (waves, values seen), kept across restarts (detection-state.ts).
  DETECTION_STATE_MIGRATION,
  // Inquiry replies: the replies a rule allows, and the value of an operator's reply (inquiries.ts).
  INQUIRY_MIGRATION,
];

/**
 * The secondary indexes of the messages table and the queries that need each one. Every index costs the ingest
 * (about 0.2 s of CPU per 1M vsftpd lines each, `npm run bench` profile rows), so each is kept only for a query a
 * command or screen runs and that would otherwise read the whole Activity Log:
 * - messages_time (time): the Activity Log newest first by log time, unfiltered or --since/--until; log verify --since.
 * - messages_system (system, time): log --system in time order; the Systems screen's last activity per system
 *   (max(time)); the rule editor's F4 list of systems (skip-scan, one probe per system).
 * - messages_msgid (msg_id, time): log --msgid (wildcards are a prefix range), e.g. the rare MON0003 an auditor looks for.
 * - messages_user (user, time): log --user in time order (the bench's user+time row); the F4 list of users.
 * - messages_session (session): a session's messages (Sessions screen), an IBM i job's sessions by id prefix, and
 *   retention dropping a session's summary with its last message.
 * - messages_console_time (partial, console only): the console's pages in log time order. It holds what is on the
 *   console, which is every new message until it is removed or acknowledged, so it costs an insert per message too.
 *   (messages_console, the same in arrival order, was dropped: no query reads it since the console orders by time.)
 * - messages_client, messages_path (expressions on fields, partial): log --client CIDR and --path GLOB, investigate
 *   (forensic-query.ts). Each evaluates json_extract on every stored message.
 */
export const MESSAGE_INDEXES = [
  'messages_time',
  'messages_system',
  'messages_msgid',
  'messages_user',
  'messages_session',
  'messages_console_time',
  'messages_client',
  'messages_path',
] as const;

/** Work a migration's SQL cannot do (SHA-256), run right after that SQL in the same transaction; keyed by the SQL. */
export const MIGRATION_CODE = new Map<string, (db: Database.Database) => void>([[CHAIN_MIGRATION, backfillChain]]);

/** Console state as stored (an integer keeps the partial index small). */
export const CONSOLE_CODE = { shown: 0, removed: 1, logonly: 2 } as const;
/** Stored code → console state. */
export const CONSOLE_STATE = ['shown', 'removed', 'logonly'] as const;
