// Pure render of Test Automated Response: what a rule would have done to the newest Activity Log messages.
import type { RuleTestReport } from '../core/services.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import { formatDateTime } from '../core/time.js';
import { ATTR, type Grid } from './grid.js';
import { docViewport, renderDoc, type DocLine } from './render.js';
import { SPECS } from './screen-spec.js';
import type { ViewContext } from './screen.js';
import { wrap } from './wrap.js';

const SPEC = SPECS['rule-test'];
/** First grid row of the scrolled report. */
export const TEST_FIRST_ROW = 2;
const VALUE_COL = 21;

/** What the test renderer reads. */
export interface RuleTestView {
  report: RuleTestReport;
  /** `#12 "Messages like FTP0002 from edi_acme" (as typed)`. */
  subject: string;
  top: number;
}

const n = (v: number) => v.toLocaleString('en-US');

function pair(l1: string, v1: number, l2: string, v2: number): DocLine {
  return [
    { col: 1, text: l1, attr: ATTR.data },
    { col: VALUE_COL, text: n(v1), attr: ATTR.value },
    { col: 37, text: l2, attr: ATTR.data },
    { col: 57, text: n(v2), attr: ATTR.value },
  ];
}

/** The report as document lines: counts first, then the examples with what the rule would do to each. */
export function ruleTestDoc(v: RuleTestView, cols: number): DocLine[] {
  const r = v.report;
  const e = r.effects;
  const doc: DocLine[] = [
    ...wrap(sanitizeForTerminal(v.subject), cols - VALUE_COL - 1).map((text, i) => [
      ...(i === 0 ? [{ col: 1, text: 'Rule . . . . . . :', attr: ATTR.data }] : []),
      { col: VALUE_COL, text, attr: ATTR.value },
    ]),
    [
      { col: 1, text: 'Messages tested  :', attr: ATTR.data },
      { col: VALUE_COL, text: `${n(r.scanned)}, the newest in the Activity Log`, attr: ATTR.value },
    ],
    [
      { col: 1, text: 'Would act on . . :', attr: ATTR.data },
      { col: VALUE_COL, text: n(r.matched), attr: ATTR.value },
    ],
    [],
    pair('Log only (L) . . :', e.logOnly, 'Discarded (N) . . :', e.discarded),
    pair('Severity set . . :', e.severity, 'Text rewritten  . :', e.rewritten),
    pair('Highlighted  . . :', e.highlighted, 'Inquiries . . . . :', e.inquiries),
    pair('Tagged . . . . . :', e.tagged, 'MON0030 raised  . :', r.raised),
    [],
  ];
  if (r.examples.length) {
    doc.push([{ col: 1, text: 'Examples', attr: ATTR.heading }]);
    for (const x of r.examples) {
      const { date, time } = formatDateTime(x.time);
      doc.push([
        {
          col: 1,
          text: `${date} ${time} ${x.system.padEnd(8).slice(0, 8)} ${x.msgId.padEnd(8)} ${sanitizeForTerminal(x.before)}`.slice(0, cols - 2),
          attr: ATTR.data,
        },
      ]);
      if (x.after !== x.before) doc.push([{ col: 5, text: `text → ${sanitizeForTerminal(x.after)}`.slice(0, cols - 6), attr: ATTR.value }]);
      for (const line of wrap(x.effects.join('; ') || 'acted: log option Y, nothing changed', cols - 8))
        doc.push([{ col: 5, text: `${line}`, attr: ATTR.value }]);
    }
    doc.push([]);
  }
  doc.push([{ col: 1, text: 'Nothing was changed: this was a dry run.', attr: ATTR.instruction }]);
  return doc;
}

/** Rows of the report viewport at this height. */
export function ruleTestViewport(rows: number): number {
  return docViewport(rows, TEST_FIRST_ROW);
}

/** Model → Grid for Test Automated Response. */
export function renderRuleTest(v: RuleTestView, ctx: ViewContext): Grid {
  return renderDoc(ctx, SPEC.id, SPEC.title, (cols) => ruleTestDoc(v, cols), v.top, TEST_FIRST_ROW);
}
