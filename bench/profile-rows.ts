// The profile rows: where one ingest's time goes (bench/ingest-profile.ts, run as its own process on the bench's
// file), in CPU seconds per 1M lines, one row per stage, so the next bottleneck is visible next to the ingest rows.
import { join } from 'node:path';
import type { ProfileResult } from './ingest-profile.js';
import { STAGES } from './ingest-profile.js';
import { firstErrorLine, runTimed } from './measure.js';
import type { Cell, Row } from './table.js';

/** What the profile needs: the bench's file and where dist/ is. */
export interface ProfileCtx {
  file: string;
  root: string;
  /** Rules in the rules stage (the ingest rows run none; the 500-rule row runs this many). */
  rules: number;
}

/** CPU seconds per 1M lines as a cell. */
const perMillion = (seconds: number, lines: number): Cell => {
  const v = (seconds * 1e6) / lines;
  return { median: v, min: v, max: v, unit: 's' };
};

/** Runs the profile once and turns it into rows (or rows saying why there are no figures). */
export async function profileRows(ctx: ProfileCtx): Promise<{ rows: Row[]; profile?: ProfileResult; status?: string }> {
  const js = join(ctx.root, 'dist', 'bench', 'ingest-profile.js');
  const t = await runTimed(process.execPath, [js, ctx.file, '--rules', String(ctx.rules)]);
  let p: ProfileResult | undefined;
  let status: string | undefined;
  if (t.code !== 0) status = `error: ${firstErrorLine(t.stderr, `exit ${t.code}`)}`;
  else {
    try {
      p = JSON.parse(t.stdout.trim().split('\n').pop() ?? '') as ProfileResult;
    } catch {
      status = `error: profile printed no JSON (${firstErrorLine(t.stdout, 'empty')})`;
    }
  }
  const label = (stage: string, what: string): string => `profile: ${stage === 'rules' ? `${what} (${ctx.rules} rules)` : what}, CPU s per 1M lines`;
  const rows: Row[] = STAGES.map(([key, what]) => ({
    work: label(key, what),
    msgmon: p ? perMillion(p.seconds[key], p.lines) : { status: status ?? 'error' },
    baseline: null,
  }));
  const total = p ? Object.values(p.seconds).reduce((a, b) => a + b, 0) : 0;
  rows.push({
    work: 'profile: all stages one after another, CPU s per 1M lines',
    msgmon: p ? perMillion(total, p.lines) : { status: status ?? 'error' },
    baseline: null,
  });
  return { rows, profile: p, status };
}
