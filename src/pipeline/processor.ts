// Turns raw lines of one source into messages: parse → session → catalog text. The one place that knows all three.
import type { Fields, NewMessage } from '../core/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { LineParser } from '../formats/parser.js';
import type { SessionStrategy } from '../sessions/types.js';
import type { RawLine } from '../collectors/line-splitter.js';
import { SESSION_END_FIELD, type SessionEnd, type SessionSummary } from '../core/sessions.js';
import { MAX_LINE_BYTES } from '../collectors/line-splitter.js';
import { wellFormed } from '../core/sanitize.js';

/** What happened to the lines of a run, as `ingest` reports it. */
export interface LineCounts {
  lines: number;
  messages: number;
  /** Recognised lines that carry no message (FTP replies, TYPE, PASV, …). */
  ignored: number;
  /** Lines no format understood: each became a MON0010 message. */
  unparsed: number;
  /** Lines of other programs in a shared log (auth.log), per program. */
  unclaimed: Record<string, number>;
  byMsgId: Record<string, number>;
  /** Messages that rules discarded (log option N): counted in `messages`, not stored. */
  discarded: number;
  /** MON0030 messages raised by watch rules (not made from lines, so not in `messages`). */
  raised: number;
}

/**
 * A count per name with no prototype: a program or pattern named `constructor` or `__proto__` (remote text) is
 * counted like any other instead of adding to Object.prototype's members.
 */
export function tally(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** Empty counts. */
export function newCounts(): LineCounts {
  return { lines: 0, messages: 0, ignored: 0, unparsed: 0, unclaimed: tally(), byMsgId: tally(), discarded: 0, raised: 0 };
}

/** Identity of a source's messages. */
export interface SourceIdentity {
  system: string;
  source: string;
}

/** Stateful per source: the session strategy remembers open sessions between chunks. */
export class LineProcessor {
  private lastTime: number | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly parser: LineParser,
    /** Session strategy per format name (a source may carry formats with different strategies). */
    private readonly sessions: Map<string, SessionStrategy>,
    private readonly id: SourceIdentity,
    private readonly counts: LineCounts = newCounts(),
    private readonly now: () => number = Date.now,
  ) {}

  /** The running counts. */
  get totals(): LineCounts {
    return this.counts;
  }

  /** Log time of the newest line read, or null before the first. */
  get logTime(): number | null {
    return this.lastTime;
  }

  /** Which system and source the processor reads. */
  get identity(): SourceIdentity {
    return this.id;
  }

  /**
   * FTP0041 for a session that ended without a line saying so (idle, server process gone); its strategies
   * forget it, so later lines of its processes start a new session.
   */
  endSession(s: SessionSummary, how: SessionEnd, reason: string, time: number): NewMessage {
    for (const st of new Set(this.sessions.values())) st.forget(s.id);
    const fields: Fields = { [SESSION_END_FIELD]: how, reason };
    if (s.protocol) fields.protocol = s.protocol;
    if (s.user) fields.user = s.user;
    if (s.client) fields.client = s.client;
    if (s.pids.length) fields.pid = s.pids[0]!;
    return this.message('FTP0041', time, fields, s.id, `msgmon: session ${s.id} ended without logout: ${reason}`);
  }

  /** Messages for a batch of lines, in line order. */
  process(lines: RawLine[]): NewMessage[] {
    const out: NewMessage[] = [];
    const c = this.counts;
    for (const line of lines) {
      c.lines++;
      if (line.binary || line.overlong !== null) {
        const reason = line.binary ? 'binary data, not text' : `line of ${line.overlong} bytes is too long (first ${MAX_LINE_BYTES} kept)`;
        out.push(this.unparsed(line.text, reason));
        continue;
      }
      if (line.text === '') {
        c.ignored++;
        continue;
      }
      const r = this.parser.parse(line.text);
      if (r.kind === 'unclaimed') {
        c.unclaimed[r.program] = (c.unclaimed[r.program] ?? 0) + 1;
        continue;
      }
      if (r.kind === 'unparsed') {
        out.push(this.unparsed(line.text, r.reason));
        continue;
      }
      const time = r.time ?? this.lastTime ?? this.now();
      this.lastTime = time;
      const v = this.sessions.get(r.format)!.assign({ system: this.id.system, msgId: r.msgId, pattern: r.pattern, time, fields: r.fields });
      if (v.msgId === null) {
        c.ignored++;
        continue;
      }
      out.push(this.message(v.msgId, time, r.fields, v.session, line.text));
    }
    return out;
  }

  private message(msgId: string, time: number, fields: Fields, session: string | null, raw: string): NewMessage {
    this.counts.messages++;
    this.counts.byMsgId[msgId] = (this.counts.byMsgId[msgId] ?? 0) + 1;
    return {
      time, system: this.id.system, source: this.id.source, msgId, severity: this.catalog.severity(msgId),
      text: wellFormed(this.catalog.text(msgId, fields)), fields, session, console: 'shown', ack: null, rules: [], highlight: null, inquiry: false, tags: [], raw,
    };
  }

  private unparsed(raw: string, reason: string): NewMessage {
    this.counts.unparsed++;
    return this.message('MON0010', this.lastTime ?? this.now(), { source: this.id.source, reason }, null, raw);
  }
}
