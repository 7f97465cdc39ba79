// Pure render of System Status (issue 16): per probed system a CPU and a memory gauge with sparklines of the
// recent samples, load, swap, disks, file systems, raised thresholds, then its FTP/SFTP server processes with
// their session's user and client, CPU, memory, I/O and page faults.
import type { ProcSample, SystemSample, ThresholdState } from '../core/status-types.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { ATTR, type Grid } from './grid.js';
import { docViewport, renderDoc, type DocLine } from './render.js';
import { dateTime, humanBytes } from './render-systems.js';
import { SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';

const SPEC = SPECS['system-status'];
/** First grid row of the scrolled body. */
export const STATUS_FIRST_ROW = 2;

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
}

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
  ['User', 12, (p) => p.user ?? '-'],
  ['Client', 16, (p) => p.client ?? '-'],
  ['CPU%', 6, (p) => (p.cpu === null ? '-' : p.cpu.toFixed(1))],
  ['RSS', 8, (p) => humanBytes(p.rssKb * 1024)],
  ['Write', 10, (p) => rate(p.writeBps)],
  ['Read', 10, (p) => rate(p.readBps)],
  ['Faults', 9, (p) => faults(p)],
  ['Files', 6, (p) => (p.fds === null ? '-' : String(p.fds))],
  ['Command', 0, (p) => p.cmdline],
];

function procLine(cells: string[], cols: number, attr: (typeof ATTR)[keyof typeof ATTR]): DocLine {
  const line: DocLine = [];
  let col = 1;
  for (const [i, [, w]] of PROC_COLUMNS.entries()) {
    if (col >= cols - 1) break;
    const width = w === 0 ? cols - col - 1 : Math.min(w, cols - col - 1);
    line.push({ col, text: sanitizeForTerminal(cells[i]!).slice(0, width - (w === 0 ? 0 : 1)), attr });
    col += width;
  }
  return line;
}

function systemDoc(v: SystemStatusView, thresholds: ThresholdState[], now: number, cols: number): DocLine[] {
  const s = v.sample;
  const spark = cols >= 100 ? 40 : 14;
  const age = Math.max(0, Math.round((now - s.time) / 1000));
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
      { col: 41 + spark, text: `load ${s.load1.toFixed(2)} ${s.load5.toFixed(2)} ${s.load15.toFixed(2)}`, attr: ATTR.data },
    ],
    [
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
  doc.push(
    procLine(
      PROC_COLUMNS.map(([h]) => h),
      cols,
      ATTR.heading,
    ),
  );
  if (!s.procs.length) doc.push([{ col: 3, text: 'No FTP or SFTP server processes.', attr: ATTR.data }]);
  // Processes of a session first (the ones a person asks about), then the servers' listeners.
  const procs = [...s.procs].sort((a, b) => Number(b.session !== null) - Number(a.session !== null) || a.pid - b.pid);
  for (const p of procs)
    doc.push(
      procLine(
        PROC_COLUMNS.map(([, , cell]) => cell(p)),
        cols,
        ATTR.data,
      ),
    );
  return doc;
}

/** The whole document for a width; the controller scrolls through it with Page Down. */
export function statusDoc(v: StatusScreenView, cols: number): DocLine[] {
  if (!v.systems.length) {
    return [[{ col: 1, text: 'No status samples yet: msgmon collect probes every system it follows (--probe, default 15 s).', attr: ATTR.value }]];
  }
  return v.systems.flatMap((s, i) => [...(i ? [[] as DocLine] : []), ...systemDoc(s, v.thresholds, v.now, cols)]);
}

/** Rows of the body viewport at this height. */
export function statusViewport(rows: number): number {
  return docViewport(rows, STATUS_FIRST_ROW);
}

/** Model → Grid for System Status. */
export function renderSystemStatus(v: StatusScreenView, ctx: ViewContext): Grid {
  return renderDoc(ctx, SPEC.id, SPEC.title, (cols) => statusDoc(v, cols), v.top, STATUS_FIRST_ROW);
}
