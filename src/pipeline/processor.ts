// Turns raw lines of one source into messages: parse → session → catalog text. The one place that knows all three.
import type { Fields, NewMessage } from '../core/types.js';
import type { Catalog } from '../catalog/catalog.js';
import type { LineParser } from '../formats/parser.js';
import type { SessionStrategy } from '../sessions/types.js';
import type { RawLine } from '../collectors/line-splitter.js';
import { SESSION_END_FIELD, type OpenSession, type SessionEnd } from '../core/sessions.js';
import { DEFAULT_IDLE_MS, IdleSessions, describeIdle, type IdleState } from '../sessions/idle.js';
import { MAX_LINE_BYTES } from '../collectors/line-splitter.js';
import type { SavedState } from '../store/message-store.js';
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
  /** FTP0041 of sessions that ended with no line saying so (idle timeout, process gone): in `messages`, made from no line. */
  ended: number;
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
  return { lines: 0, messages: 0, ignored: 0, unparsed: 0, unclaimed: tally(), byMsgId: tally(), discarded: 0, raised: 0, ended: 0 };
}

/** Identity of a source's messages. */
export interface SourceIdentity {
  system: string;
  source: string;
}

/** What `saveState()` writes. */
interface ProcessorState {
  v: 1;
  /** The source's formats when saved: state of other formats is not taken back. */
  formats: string[];
  lastTime: number | null;
  idleChecked: number | null;
  idle: IdleState;
  strategies: unknown[];
}

/** How a format's lines are put in sessions: its strategy and its server's idle timeout. */
export interface FormatSessions {
  strategy: SessionStrategy;
  idleMs: number;
}

/** Stateful per source: the session strategy remembers open sessions between chunks. */
export class LineProcessor {
  private lastTime: number | null = null;
  /** Log time of the last idle check: lines of the same second need no other. */
  private idleChecked = -Infinity;
  /** Open sessions and their last activity, for the idle timeout in log time. */
  readonly idle = new IdleSessions();
  /** Idle timeout of sessions no format of the source made (IBM i rows, summaries of an old store). */
  fallbackIdleMs = DEFAULT_IDLE_MS;
  /** Where its state is saved: the cursor key of its input (null: not kept, as for stdin). */
  stateKey: string | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly parser: LineParser,
    /** Per format name (a source may carry formats with different strategies). */
    private readonly sessions: Map<string, FormatSessions>,
    private readonly id: SourceIdentity,
    private readonly counts: LineCounts = newCounts(),
    private readonly now: () => number = Date.now,
  ) {}

  /** The unique strategies, in the order of the formats that name them. */
  private strategies(): SessionStrategy[] {
    return [...new Set([...this.sessions.values()].map((f) => f.strategy))];
  }

  /**
   * Everything that changes later messages (session strategies, idle tracker, the time of lines without one), as
   * JSON committed with the cursor of the lines read so far: a restart takes it back and goes on as if never stopped.
   */
  saveState(): string {
    const state: ProcessorState = {
      v: 1,
      formats: [...this.sessions.keys()],
      lastTime: this.lastTime,
      idleChecked: Number.isFinite(this.idleChecked) ? this.idleChecked : null,
      idle: this.idle.save(),
      strategies: this.strategies().map((st) => st.save()),
    };
    return JSON.stringify(state);
  }

  /** The state to commit with the next batch (the lines processed so far, up to the cursor committed with it), or null. */
  snapshot(): SavedState | null {
    return this.stateKey === null ? null : { source: this.stateKey, state: this.saveState() };
  }

  /** Takes back what `saveState()` gave; false (and nothing changed) when it was saved for other formats. */
  loadState(json: string): boolean {
    const st = JSON.parse(json) as ProcessorState;
    const strategies = this.strategies();
    if (st.v !== 1 || st.formats.join() !== [...this.sessions.keys()].join() || st.strategies.length !== strategies.length) return false;
    this.lastTime = st.lastTime;
    this.idleChecked = st.idleChecked ?? -Infinity;
    this.idle.load(st.idle);
    strategies.forEach((strategy, i) => strategy.load(st.strategies[i]));
    return true;
  }

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
  endSession(s: OpenSession, how: SessionEnd, reason: string, time: number): NewMessage {
    for (const st of new Set([...this.sessions.values()].map((f) => f.strategy))) st.forget(s.id);
    this.idle.forget(s.id);
    const fields: Fields = { [SESSION_END_FIELD]: how, reason };
    if (s.protocol) fields.protocol = s.protocol;
    if (s.user) fields.user = s.user;
    if (s.client) fields.client = s.client;
    if (s.pids.length) fields.pid = s.pids[0]!;
    this.counts.ended++;
    return this.message('FTP0041', time, fields, s.id, `msgmon: session ${s.id} ended without logout: ${reason}`);
  }

  /**
   * FTP0041 (idle) for the sessions with no line for their idle timeout at `now`: the log's time of a line, or
   * the wall clock once a reader has read everything there is (nothing was logged since its last line).
   */
  idleEnds(now: number): NewMessage[] {
    return this.idle.due(now).map((s) => this.endSession(s, 'idle', `no activity for ${describeIdle(s.idleMs)}`, s.last + s.idleMs));
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
      // Sessions idle before this line ended before it: the same whichever read of the file it is in.
      if (time > this.idleChecked) {
        this.idleChecked = time;
        for (const m of this.idleEnds(time)) out.push(m);
      }
      const fs = this.sessions.get(r.format)!;
      const v = fs.strategy.assign({ system: this.id.system, msgId: r.msgId, pattern: r.pattern, time, fields: r.fields });
      if (v.session !== null) this.idle.touch(v.session, time, fs.idleMs, v.msgId, v.msgId === null ? null : r.fields);
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
      time,
      system: this.id.system,
      source: this.id.source,
      msgId,
      severity: this.catalog.severity(msgId),
      text: wellFormed(this.catalog.text(msgId, fields)),
      fields,
      session,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      raw,
    };
  }

  private unparsed(raw: string, reason: string): NewMessage {
    this.counts.unparsed++;
    return this.message('MON0010', this.lastTime ?? this.now(), { source: this.id.source, reason }, null, raw);
  }
}
