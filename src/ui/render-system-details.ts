// Pure render of Display System (5 on Work with Systems): the host's settings, the collector, the last connection
// test, then each source with its state, lag, read position, last message and last error.
import type { ConnectionTestResult, SystemSourceView, SystemView } from '../core/services.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { ATTR, type Grid } from './grid.js';
import { docViewport, renderDoc, type DocLine } from './render.js';
import { dateTime, humanBytes, stateText } from './render-systems.js';
import { SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

const SPEC = SPECS['system-details'];
/** First grid row of the scrolled body. */
export const SYSTEM_FIRST_ROW = 2;
const VALUE_COL = 21;

/** A connection test's result and when it came. */
export interface TestRecord {
  at: number;
  result: ConnectionTestResult;
}

/** What the Display System renderer reads. */
export interface SystemDetailsView {
  name: string;
  /** Null when the system is no longer configured nor seen. */
  system: SystemView | null;
  collectorPid: number | null;
  test: TestRecord | null;
  testing: boolean;
  now: number;
  top: number;
}

/** `Label . . . :  value`, the value wrapped under itself; `indent` shifts the label (a source's fields). */
function field(label: string, value: string, cols: number, indent = 0): DocLine[] {
  return wrap(sanitizeForTerminal(value), cols - VALUE_COL - 1).map((text, i) => [
    ...(i === 0 ? [{ col: 1 + indent, text: label, attr: ATTR.data }] : []),
    { col: VALUE_COL, text, attr: ATTR.value },
  ]);
}

function testText(v: SystemDetailsView): string {
  if (v.testing) return 'Testing...';
  if (!v.test) return 'not tested yet (8=Test connection on Work with Systems)';
  const r = v.test.result;
  const at = dateTime(v.test.at);
  if (!r.ok) return `FAILED at ${at}: ${r.error}`;
  const t = r.test;
  return (
    `OK at ${at}: ${t.keyType} ${t.fingerprint} (trusted); logged in as ${t.user} by ${t.auth}; ${t.os}; ` +
    `connected in ${t.connectMs} ms${t.jumps.length ? ` through ${t.jumps.join(', ')}` : ''}, ${t.commandMs} ms for one command`
  );
}

function lagText(lag: number | null): string {
  if (lag === null) return 'not known yet';
  return lag === 0 ? '0 (read to the end)' : `${humanBytes(lag)} (${lag.toLocaleString('en-US')} bytes not read yet)`;
}

function sourceDoc(s: SystemSourceView, now: number, cols: number): DocLine[] {
  return [
    [{ col: 1, text: `Source ${sanitizeForTerminal(s.name)}`, attr: ATTR.heading }],
    ...field('Reads  . . . . :', s.reads, cols, 2),
    ...field('Formats  . . . :', s.formats.join(', '), cols, 2),
    ...field('State  . . . . :', stateText(s, now), cols, 2),
    ...field('Lag  . . . . . :', lagText(s.lagBytes), cols, 2),
    ...field('Read position  :', s.cursor ? `inode ${s.cursor.inode}, byte ${s.cursor.offset.toLocaleString('en-US')}` : 'never read', cols, 2),
    ...field('Last message . :', dateTime(s.lastMessage) || 'none yet', cols, 2),
    ...field('Reported . . . :', dateTime(s.updated) || 'never', cols, 2),
    ...field('Last error . . :', s.detail ?? 'none', cols, 2),
  ];
}

/** What the Transport line says of a system not reached over SSH. */
const NOT_SSH: Record<string, string> = {
  local: 'local: files of this machine, read by msgmon collect',
  none: 'none: its messages came from msgmon ingest or the demo',
};

/** The whole document for a width; the controller scrolls through it with Page Down. */
export function systemDoc(v: SystemDetailsView, cols: number): DocLine[] {
  const s = v.system;
  if (!s) return [[{ col: 1, text: `System ${sanitizeForTerminal(v.name)} is no longer configured.`, attr: ATTR.value }]];
  const host = s.transport === 'ssh2' || s.transport === 'openssh';
  const doc: DocLine[] = [
    ...field('System . . . . . :', s.name, cols),
    ...field('State  . . . . . :', stateText(s, v.now), cols),
    ...field('Detail . . . . . :', s.detail ?? 'none', cols),
    ...(!host
      ? field('Transport  . . . :', NOT_SSH[s.transport], cols)
      : [
          ...field('Address  . . . . :', s.address ?? '', cols),
          ...field('User . . . . . . :', s.user ?? '', cols),
          ...field('Identity . . . . :', s.identity ?? 'ssh-agent, then ~/.ssh/config and ~/.ssh/id_*', cols),
          ...field('Jump host  . . . :', s.jump ?? '*NONE', cols),
          ...field('Transport  . . . :', s.transport, cols),
        ]),
    ...field('Last message . . :', dateTime(s.lastMessage) || 'none yet', cols),
    ...field('Collector  . . . :', v.collectorPid === null ? 'not running (start it with msgmon collect)' : `msgmon collect, pid ${v.collectorPid}`, cols),
    ...(host ? field('Connection test  :', testText(v), cols) : []),
  ];
  for (const src of s.sources) doc.push([], ...sourceDoc(src, v.now, cols));
  if (!s.sources.length) doc.push([], ...field('Sources  . . . . :', 'none', cols));
  return doc;
}

/** Rows of the body viewport at this height. */
export function systemDetailsViewport(rows: number): number {
  return docViewport(rows, SYSTEM_FIRST_ROW);
}

/** Model → Grid for Display System. */
export function renderSystemDetails(v: SystemDetailsView, ctx: ViewContext): Grid {
  return renderDoc(ctx, SPEC.id, SPEC.title, (cols) => systemDoc(v, cols), v.top, SYSTEM_FIRST_ROW);
}
