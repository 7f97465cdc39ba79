// Checks an export offline: each row against its own hash, consecutive ids against each other, the whole against
// its end record (chain start and head). A filtered export has gaps by design: there only rows and links are checked.
import { chainHash, type ChainPoint } from './chain.js';
import type { ChainedMessage } from './chain-export.js';
import { evidenceOf } from './message-row.js';

/** The last record of an export: what was exported from which chain, so the file can be checked on its own. */
export interface ExportTrailer {
  msgmonExport: 1;
  created: string;
  /** The log filters given (empty: the whole Activity Log after the checkpoint). */
  filters: Record<string, string>;
  rows: number;
  /** The retention checkpoint the chain starts from (id 0: the start of the log). */
  start: ChainPoint;
  /** The chain head when the export was made. */
  head: ChainPoint;
}

/** What can be wrong in an export file. */
export type ExportProblemKind = 'altered' | 'deleted' | 'inserted' | 'unreadable' | 'incomplete';

/** One problem, named by message id when it has one (else by line). */
export interface ExportProblem {
  kind: ExportProblemKind;
  id: number | null;
  detail: string;
}

/** The outcome of checking an export. */
export interface ExportCheck {
  ok: boolean;
  rows: number;
  first: number | null;
  last: number | null;
  trailer: ExportTrailer | null;
  problems: ExportProblem[];
  problemCount: number;
}

const MAX_LISTED = 100;

/** Feed rows in file order, then the trailer, then call finish(). */
export class ExportChecker {
  private rows = 0;
  private first: { id: number; prev: string } | null = null;
  private last: { id: number; hash: string } | null = null;
  private trailer: ExportTrailer | null = null;
  private readonly problems: ExportProblem[] = [];
  private problemCount = 0;
  /** Id gaps between consecutive rows: expected in a filtered export, deletions in a whole one (known at the end). */
  private readonly gapList: Array<[number, number]> = [];

  /** Records a problem (listing only the first ones). */
  problem(p: ExportProblem): void {
    if (this.problemCount++ < MAX_LISTED) this.problems.push(p);
  }

  /** One exported message. */
  row(r: ChainedMessage): void {
    const id = r.message.id;
    this.rows++;
    if (this.trailer) return this.problem({ kind: 'inserted', id, detail: `row ${id} comes after the export's end record: it was added` });
    const own = chainHash(r.prev, evidenceOf(r.message, id)) === r.hash;
    if (!own) this.problem({ kind: 'altered', id, detail: `row ${id} was altered: its content does not match its hash` });
    const last = this.last;
    if (last && id <= last.id) this.problem({ kind: 'inserted', id, detail: `row ${id} comes after row ${last.id}: rows were added, repeated or moved` });
    else if (last && id === last.id + 1 && r.prev !== last.hash && own) {
      this.problem({ kind: 'altered', id: last.id, detail: `rows ${last.id} and ${id} do not link: row ${last.id} was altered and its hash recomputed` });
    }
    if (last && id > last.id + 1 && this.gapList.length <= MAX_LISTED) this.gapList.push([last.id + 1, id - 1]);
    this.first ??= { id, prev: r.prev };
    if (!last || id > last.id) this.last = { id, hash: r.hash };
  }

  /** The end record. */
  end(t: ExportTrailer): void {
    if (this.trailer) return this.problem({ kind: 'inserted', id: null, detail: 'the export has two end records' });
    this.trailer = t;
  }

  /** Gaps of a whole (unfiltered) export: every id from the start to the head must be there. */
  private gaps(t: ExportTrailer): void {
    const f = this.first;
    if (f && f.id > t.start.id + 1)
      this.problem({ kind: 'deleted', id: t.start.id + 1, detail: `${span(t.start.id + 1, f.id - 1)} missing at the start of the export` });
    else if (f && f.id === t.start.id + 1 && f.prev !== t.start.hash) {
      this.problem({ kind: 'altered', id: f.id, detail: `row ${f.id} does not link to the chain start (row ${t.start.id})` });
    }
    for (const [a, b] of this.gapList) this.problem({ kind: 'deleted', id: a, detail: `${span(a, b)} missing from the export` });
    const lastId = this.last?.id ?? t.start.id;
    if (lastId < t.head.id)
      this.problem({ kind: 'deleted', id: lastId + 1, detail: `${span(lastId + 1, t.head.id)} missing at the end of the export (head: row ${t.head.id})` });
  }

  /** The result; call once, after the last row and the trailer. */
  finish(): ExportCheck {
    const t = this.trailer;
    if (!t) this.problem({ kind: 'incomplete', id: null, detail: 'the export has no end record: it was cut off (or its last line removed)' });
    else {
      if (t.rows !== this.rows) this.problem({ kind: 'incomplete', id: null, detail: `the end record counts ${t.rows} rows, the file holds ${this.rows}` });
      if (Object.keys(t.filters).length === 0) this.gaps(t);
      const l = this.last;
      if (l && l.id > t.head.id) this.problem({ kind: 'inserted', id: l.id, detail: `row ${l.id} is after the chain head (row ${t.head.id}): it was added` });
      else if (l && l.id === t.head.id && l.hash !== t.head.hash)
        this.problem({ kind: 'altered', id: l.id, detail: `row ${l.id} does not match the chain head's hash` });
    }
    // In id order (problems without an id last), so the first named is the first broken row.
    this.problems.sort((a, b) => (a.id ?? Infinity) - (b.id ?? Infinity));
    return {
      ok: this.problemCount === 0,
      rows: this.rows,
      first: this.first?.id ?? null,
      last: this.last?.id ?? null,
      trailer: t,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }
}

function span(a: number, b: number): string {
  return a === b ? `row ${a}` : `rows ${a}-${b}`;
}
