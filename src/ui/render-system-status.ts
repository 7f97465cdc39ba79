// Pure render of System Status (issue 16): per probed system a CPU and a memory gauge with sparklines of the
// recent samples, load, swap, disks, file systems, raised thresholds, then its FTP/SFTP server processes with
// their session's user and client, CPU, memory, I/O and page faults; each process row has an option field
// (5=Display session).
import type { ProcSample, SystemSample, ThresholdState } from '../core/status-types.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { ATTR, type Grid } from './grid.js';
import { bodyEnd, docViewport, drawDoc, frame, putMore, type DocLine } from './render.js';
import { putInstructions } from './render-list.js';
import { dateTime, humanBytes } from './render-systems.js';
import { SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';

const SPEC = SPECS['system-status'];
/** First grid row of the scrolled body (below the instructions and the option legend). */
export const STATUS_FIRST_ROW = 4;
/** Column of a process row's option field. */
const OPT_COL = 2;

/** One system as the screen shows it. */
export interface SystemStatusView {
  sample: SystemSample;
  /** Recent CPU and memory %, oldest first. */
  cpuTrend: number[];
  memTrend: number[];
}

/** What the renderer reads. */
export interface StatusScreenView {
  systems: SystemStatusView[];
  thresholds: ThresholdState[];
  now: number;
  top: number;
  /** The process row (key `system:pid`) whose option field has the cursor, or null. */
  cursor?: string | null;
  /** Options typed per process row key. */
  options?: ReadonlyMap<string, string>;
}

/** A process row of the document: its key (`system:pid`), the document line it is on, and the process. */
export interface ProcRow {
  key: string;
  line: number;
  system: string;
  proc: ProcSample;
}

/** The key of a process row. */
export const procKey = (system: string, pid: number) => `${system}:${pid}`;

const BARS = '▁▂▃▄▅▆▇█';

/** A sparkline of percentages (0–100): one block per sample. */
export function sparkline(values: number[], width: number): string {
  return values
    .slice(-width)
    .map((v) => BARS[Math.min(BARS.length - 1, Math.max(0, Math.floor((v / 100) * BARS.length)))])
    .join('');
}

/** A gauge `[#####.....]` of a percentage. */
export function gauge(pct: number, width: number): string {
  const full = Math.round((Math.min(100, Math.max(0, pct)) / 100) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

const pct = (v: number | null) => (v === null ? '  - ' : `${String(Math.round(v)).padStart(3)}%`);
const rate = (v: number | null) => (v === null ? '-' : `${humanBytes(Math.round(v))}/s`);
const faults = (p: ProcSample) => (p.majfltRate === null ? '-' : `${p.majfltRate}/${p.minfltRate}`);

/** The process table's columns: heading, width, cell (the last one takes the rest of the line). */
const PROC_COLUMNS: Array<[string, number, (p: ProcSample) => string]> = [
  ['PID', 8, (p) => String(p.pid)],
  ['Program', 9, (p) => p.name],
  ['User', 11, (p) => p.user ?? '-'],
  ['Client', 14, (p) => p.client ?? '-'],
  ['CPU%', 6, (p) => (p.cpu === null ? '-' : p.cpu.toFixed(1))],
  ['RSS', 8, (p) => humanBytes(p.rssKb * 1024)],
  ['Write', 10, (p) => rate(p.writeBps)],
  ['Read', 10, (p) => rate(p.readBps)],
  ['Faults', 9, (p) => faults(p)],
  ['Files', 6, (p) => (p.fds === null ? '-' : String(p.fds))],
  ['Command', 0, (p) => p.cmdline],
];

/**
 * The same table for IBM i server jobs (ibmi-probe.ts): job number and name (10 characters), temporary storage,
 * disk I/O operations (reads and writes together) and page faults (one kind: a fault there reads from disk).
 */
const IBMI_JOB_COLUMNS: Array<[string, number, (p: ProcSample) => string]> = [
  ['Number', 7, (p) => String(p.pid)],
  ['Job', 11, (p) => p.name],
  ['User', 11, (p) => p.user ?? '-'],
  ['Client', 14, (p) => p.client ?? '-'],
  ['CPU%', 6, (p) => (p.cpu === null ? '-' : p.cpu.toFixed(1))],
  ['Temp', 8, (p) => humanBytes(p.rssKb * 1024)],
  ['Disk I/O', 10, (p) => (p.diskIoRate == null ? '-' : `${p.diskIoRate}/s`)],
  ['Faults', 9, (p) => (p.majfltRate === null ? '-' : `${p.majfltRate}/s`)],
  ['Qualified job', 0, (p) => p.cmdline],
];

/** First column of the process table (the option field comes before it). */
const PROC_COL = 5;

function procLine(columns: typeof PROC_COLUMNS, cells: string[], cols: number, attr: (typeof ATTR)[keyof typeof ATTR]): DocLine {
  const line: DocLine = [];
  let col = PROC_COL;
  for (const [i, [, w]] of columns.entries()) {
    if (col >= cols - 1) break;
    const width = w === 0 ? cols - col - 1 : Math.min(w, cols - col - 1);
    line.push({ col, text: sanitizeForTerminal(cells[i]!).slice(0, width - (w === 0 ? 0 : 1)), attr });
    col += width;
  }
  return line;
}

function systemDoc(v: SystemStatusView, thresholds: ThresholdState[], now: number, cols: number, rows: ProcRow[], at: number): DocLine[] {
  const s = v.sample;
  const spark = cols >= 100 ? 40 : 14;
  const age = Math.max(0, Math.round((now - s.time) / 1000));
  const ibmi = s.platform === 'ibmi';
  const columns = ibmi ? IBMI_JOB_COLUMNS : PROC_COLUMNS;
  const doc: DocLine[] = [
    [
      { col: 1, text: `System ${sanitizeForTerminal(s.system)}`, attr: ATTR.heading },
      { col: 30, text: `sampled ${dateTime(s.time)} (${age}s ago)`, attr: ATTR.data },
    ],
    [
      { col: 3, text: 'CPU', attr: ATTR.data },
      { col: 11, text: gauge(s.cpu ?? 0, 20), attr: ATTR.value },
      { col: 34, text: pct(s.cpu), attr: ATTR.value },
      { col: 40, text: sparkline(v.cpuTrend, spark), attr: ATTR.value },
      { col: 41 + spark, text: ibmi ? 'IBM i' : `load ${s.load1.toFixed(2)} ${s.load5.toFixed(2)} ${s.load15.toFixed(2)}`, attr: ATTR.data },
    ],
    // An IBM i reports its main storage, not how much of it is in use.
    ibmi
      ? [
          { col: 3, text: 'Memory', attr: ATTR.data },
          { col: 11, text: `main storage ${humanBytes(s.memTotalKb * 1024)}`, attr: ATTR.value },
        ]
      : [
          { col: 3, text: 'Memory', attr: ATTR.data },
          { col: 11, text: gauge(s.memPct, 20), attr: ATTR.value },
          { col: 34, text: pct(s.memPct), attr: ATTR.value },
          { col: 40, text: sparkline(v.memTrend, spark), attr: ATTR.value },
          { col: 41 + spark, text: s.swapTotalKb ? `swap ${Math.round(s.swapPct)}%` : 'no swap', attr: ATTR.data },
        ],
  ];
  const fsText = s.fs.map((f) => `${f.mount} ${f.usePct}%`).join('  ');
  doc.push([
    { col: 3, text: 'Disks', attr: ATTR.data },
    { col: 11, text: s.disks.map((d) => `${d.name} r ${rate(d.readBps)} w ${rate(d.writeBps)}`).join('  ') || '-', attr: ATTR.value },
  ]);
  doc.push([
    { col: 3, text: 'FS', attr: ATTR.data },
    { col: 11, text: sanitizeForTerminal(fsText).slice(0, cols - 12) || '-', attr: ATTR.value },
  ]);
  for (const t of thresholds.filter((x) => x.system === s.system)) {
    doc.push([{ col: 3, text: sanitizeForTerminal(`${t.level}: ${t.text}`).slice(0, cols - 4), attr: t.level === 'CRITICAL' ? ATTR.severe : ATTR.value }]);
  }
  doc.push([
    { col: 1, text: 'Opt', attr: ATTR.heading },
    ...procLine(
      columns,
      columns.map(([h]) => h),
      cols,
      ATTR.heading,
    ),
  ]);
  if (!s.procs.length) doc.push([{ col: 3, text: ibmi ? 'No FTP server jobs.' : 'No FTP or SFTP server processes.', attr: ATTR.data }]);
  // Processes of a session first (the ones a person asks about), then the servers' listeners.
  const procs = [...s.procs].sort((a, b) => Number(b.session !== null) - Number(a.session !== null) || a.pid - b.pid);
  for (const p of procs) {
    rows.push({ key: procKey(s.system, p.pid), line: at + doc.length, system: s.system, proc: p });
    doc.push(
      procLine(
        columns,
        columns.map(([, , cell]) => cell(p)),
        cols,
        p.session ? ATTR.value : ATTR.data,
      ),
    );
  }
  return doc;
}

/** The whole document for a width, and where its process rows are; the controller scrolls through it with Page Down. */
export function statusDoc(v: StatusScreenView, cols: number): { lines: DocLine[]; procs: ProcRow[] } {
  if (!v.systems.length) {
    return {
      lines: [[{ col: 1, text: 'No status samples yet: msgmon collect probes every system it follows (--probe, default 15 s).', attr: ATTR.value }]],
      procs: [],
    };
  }
  const lines: DocLine[] = [];
  const procs: ProcRow[] = [];
  for (const [i, s] of v.systems.entries()) {
    if (i) lines.push([]);
    lines.push(...systemDoc(s, v.thresholds, v.now, cols, procs, lines.length));
  }
  return { lines, procs };
}

/** Rows of the body viewport at this height. */
export function statusViewport(rows: number): number {
  return docViewport(rows, STATUS_FIRST_ROW);
}

/** Model → Grid for System Status: the document from `top`, an option field on each process row on the page. */
export function renderSystemStatus(v: StatusScreenView, ctx: ViewContext): Grid {
  const g = frame(ctx, SPEC.id, SPEC.title);
  putInstructions(g, ctx, SPEC.id, SPEC.instructions, 1);
  const { lines, procs } = statusDoc(v, g.cols);
  const last = bodyEnd(g);
  putMore(g, drawDoc(g, lines, v.top, STATUS_FIRST_ROW, last));
  g.cursor = null;
  for (const r of procs) {
    const row = STATUS_FIRST_ROW + r.line - v.top;
    if (row < STATUS_FIRST_ROW || row > last) continue;
    g.put(row, OPT_COL, v.options?.get(r.key) ?? '_', { ...(r.proc.session ? ATTR.value : ATTR.data), underline: true });
    if (r.key === v.cursor) g.cursor = { row, col: OPT_COL };
  }
  return g;
}
