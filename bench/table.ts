// One table for the whole run: each row names the work, msgmon's figure, the baseline measured in the same
// run on the same file, their ratio, the target and pass/fail. Ratios exist only where both sides were
// measured; a missing side shows its status ("not installed", "error: …", "pending: …"), never a number.
import { writeFileSync } from 'node:fs';

/** A measured figure: median of the runs with min and max. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  unit: string;
  /** Latencies: the 95th percentile, shown beside the median (p50) that is judged. */
  p95?: number;
}
/** A figure, or why there is none. */
export type Cell = Figure | { status: string } | null;

/** A target: on the msgmon/baseline ratio or on msgmon's own figure; some only apply to big enough files. */
export interface Target {
  on: 'ratio' | 'msgmon';
  op: '>=' | '<=';
  value: number;
  label: string;
  minLines?: number;
  /** Why this run does not judge the target (e.g. a --quick store smaller than the target's). */
  skip?: string;
  /** Judge msgmon's p95 instead of its median (a latency target that is on the slow ones). */
  p95?: boolean;
}

/** One row of the table. */
export interface Row {
  work: string;
  msgmon: Cell;
  baseline: Cell;
  target?: Target;
  note?: string;
}

/** A row with its ratio and verdict worked out. */
export interface Judged extends Row {
  ratio?: number;
  verdict: 'pass' | 'fail' | 'n/a' | '-';
  why?: string;
}

const isFigure = (c: Cell): c is Figure => !!c && 'median' in c;

/** Work out ratio and pass/fail from the measured numbers only. */
export function judge(row: Row, lines: number): Judged {
  const ratio = isFigure(row.msgmon) && isFigure(row.baseline) && row.baseline.median > 0 ? row.msgmon.median / row.baseline.median : undefined;
  const t = row.target;
  if (!t) return { ...row, ratio, verdict: '-' };
  if (t.skip) return { ...row, ratio, verdict: 'n/a', why: t.skip };
  if (t.minLines && lines < t.minLines) return { ...row, ratio, verdict: 'n/a', why: `needs ${num(t.minLines)} lines` };
  const v = t.on === 'ratio' ? ratio : isFigure(row.msgmon) ? (t.p95 ? row.msgmon.p95 : row.msgmon.median) : undefined;
  if (v === undefined) return { ...row, ratio, verdict: 'n/a', why: 'not measured' };
  return { ...row, ratio, verdict: (t.op === '>=' ? v >= t.value : v <= t.value) ? 'pass' : 'fail' };
}

/** Short human number: 312k, 1.23M, 0.021. */
export function num(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return Number.isInteger(n / 1e6) ? `${n / 1e6}M` : `${(n / 1e6).toFixed(a >= 1e7 ? 1 : 2)}M`;
  if (a >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (a >= 100) return String(Math.round(n));
  if (a >= 1) return n.toFixed(a >= 10 ? 1 : 2);
  return n === 0 ? '0' : n.toPrecision(2);
}

/** A cell as text: "312k l/s (298k-320k)", or its status, or "-" when the row has no such side. */
export function cellText(c: Cell, max = 48): string {
  if (c === null) return '-';
  if (!isFigure(c)) return c.status.length > max ? c.status.slice(0, max - 1) + '…' : c.status;
  if (c.p95 !== undefined) return `${num(c.median)} ${c.unit} (p95 ${num(c.p95)})`;
  const range = c.min === c.max ? '' : ` (${num(c.min)}-${num(c.max)})`;
  return `${num(c.median)} ${c.unit}${range}`;
}

/** The aligned text table. */
export function formatTable(rows: Row[], lines: number): string {
  const head = ['work', 'msgmon', 'baseline', 'ratio', 'target', 'pass/fail'];
  const body = rows.map((r) => {
    const j = judge(r, lines);
    const verdict = j.why ? `${j.verdict} (${j.why})` : j.verdict;
    return [r.work, cellText(r.msgmon), cellText(r.baseline), j.ratio === undefined ? '-' : `${num(j.ratio)}x`, r.target?.label ?? '-', verdict];
  });
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const fmt = (cols: string[]): string =>
    cols
      .map((c, i) => (i === 3 ? c.padStart(width[i]!) : c.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}

/** Write results.json: the judged rows plus whatever raw data the run collected. */
export function writeResults(path: string, rows: Row[], lines: number, extra: Record<string, unknown>): void {
  const judged = rows.map((r) => judge(r, lines));
  writeFileSync(path, JSON.stringify({ ...extra, rows: judged }, null, 2) + '\n');
}
