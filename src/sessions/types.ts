// What a session strategy sees of a parsed line and what it decides.
import type { Fields } from '../core/types.js';
import type { SessionSummary } from '../core/sessions.js';

/** A recognised line on its way to becoming a message (or not). */
export interface SessionLine {
  system: string;
  /** Message ID the format chose; null for recognised lines that carry no message. */
  msgId: string | null;
  pattern: string;
  time: number;
  fields: Fields;
}

/** The strategy's verdict: the session id, and possibly a changed message ID (null = no message). */
export interface SessionVerdict {
  session: string | null;
  msgId: string | null;
}

/**
 * Assigns lines to sessions; one instance per source, it keeps the open sessions in memory, takes back those
 * the store still has open after a restart, and forgets those ended from outside (idle, process gone).
 */
export interface SessionStrategy {
  assign(line: SessionLine): SessionVerdict;
  /** Open sessions of the source as the store has them: lines of their processes keep their ids. */
  restore(open: readonly SessionSummary[]): void;
  /** The session ended without a line saying so: later lines of its processes start a new one. */
  forget(id: string): void;
  /**
   * Everything it keeps that changes a later message (open sessions, working directories, pending commands,
   * counters), as JSON-able data: committed with the cursor, so a restart continues exactly where the cursor is.
   */
  save(): unknown;
  /** Takes back what `save()` gave (instead of `restore`). */
  load(state: unknown): void;
}

/** Saved sessions that several maps point to: each once in a list, the maps as indexes into it (order kept). */
export class SessionIndex<S extends object> {
  readonly list: S[] = [];
  private readonly index = new Map<S, number>();

  /** The index of `s` in the list, adding it on first sight. */
  of(s: S): number {
    let i = this.index.get(s);
    if (i === undefined) (i = this.list.length), this.list.push(s), this.index.set(s, i);
    return i;
  }
}

/** A session id that stays readable: system, the pid that started it, and its start second in base 36. */
export function sessionId(system: string, pid: number | string, time: number): string {
  return `${system}:${pid}:${Math.floor(time / 1000).toString(36)}`;
}

/**
 * A copy of `s` that does not keep its source alive: V8 substrings point into the string they were cut
 * from (here a whole 1 MiB read buffer), so a session holding a user name would pin megabytes.
 */
export function detach(s: string): string {
  return s.length === 0 ? '' : Buffer.from(s, 'utf8').toString('utf8');
}
