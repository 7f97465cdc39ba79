// Linux audit events (auditd format: AUD0010 read, AUD0011 changed, AUD0012 refused, AUD0001 command) happen in a
// process. When an FTP or SFTP session of the same system names that process or its parent (vsftpd's session
// process; sshd's session process above internal-sftp or sftp-server) and was open at the event's time, the
// message joins that session: FTP Sessions 5 lists it among the session's messages, and rules see the session's
// client. Done where every batch is committed, before the rules, so the chain's hash covers the link.
import type { NewMessage } from '../core/types.js';
import type { MessageStore } from '../store/message-store.js';

/** Log and audit clocks of one system differ by a moment: a session is taken as open this long around its start and end. */
const SLACK_MS = 5_000;

interface OpenSpan {
  id: string;
  client: string | null;
  start: number;
  end: number | null;
  pids: number[];
}

/** Sets `session` (and `client`, when the event has none) on the audit messages of a session's processes. */
export function linkAuditToSessions(store: MessageStore, msgs: NewMessage[]): void {
  const audit = msgs.filter((m) => m.session === null && m.fields.protocol === 'audit' && typeof m.fields.pid === 'number');
  if (!audit.length) return;
  const spans = new Map<string, OpenSpan[]>();
  const find = store.db.prepare('SELECT id, client, start, end, pids FROM sessions WHERE system = ? AND start <= ? AND (end IS NULL OR end >= ?)');
  for (const system of new Set(audit.map((m) => m.system))) {
    const times = audit.filter((m) => m.system === system).map((m) => m.time);
    const rows = find.all(system, Math.max(...times) + SLACK_MS, Math.min(...times) - SLACK_MS) as Array<Omit<OpenSpan, 'pids'> & { pids: string }>;
    spans.set(
      system,
      rows.map((r) => ({ ...r, pids: JSON.parse(r.pids) as number[] })),
    );
  }
  for (const m of audit) {
    const pids = [m.fields.pid, m.fields.ppid].filter((p): p is number => typeof p === 'number' && p > 1);
    const s = spans
      .get(m.system)!
      .find((x) => x.start - SLACK_MS <= m.time && (x.end === null || m.time <= x.end + SLACK_MS) && pids.some((p) => x.pids.includes(p)));
    if (!s) continue;
    m.session = s.id;
    if (s.client && m.fields.client === undefined) m.fields.client = s.client;
  }
}
