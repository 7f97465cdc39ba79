// The notification queue's cost at ingest speed: the same file ingested with a rule that notifies a webhook
// channel (digest on) for 10,000 matching messages (500 with --quick), and with the same rule tagging instead
// of notifying. The webhook is an HTTP listener in this process on 127.0.0.1; what it receives is checked (one
// message and one digest counting every matching one), so the row never measures a run that lost notifications.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { firstErrorLine, runTimed, spread } from './measure.js';
import type { Cell, Row } from './table.js';

/** What the notify runs need. */
export interface NotifyBenchCtx {
  root: string;
  workDir: string;
  runs: number;
  quick: boolean;
}

/** Raw results (results.json keeps them). */
export interface NotifyRuns {
  lines: number;
  matching: number;
  /** Ingest lines/s as `ingest --json` reports it (reading and storing, not start-up or the final send). */
  withNotify: number[];
  without: number[];
  status?: string;
}

/** One upload (the rule's message) every this many lines; the rest are downloads. */
const EVERY = 10;

function logFile(path: string, lines: number): void {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const what = i % EVERY === 0 ? `OK UPLOAD: Client "10.0.0.5", "/in/f${i}.csv"` : `OK DOWNLOAD: Client "10.0.0.5", "/out/f${i}.csv"`;
    out.push(`Wed Nov 25 12:04:00 2026 [pid ${1000 + (i % 64)}] [edi] ${what}, 1234 bytes, 10.00Kbyte/sec`);
  }
  writeFileSync(path, `${out.join('\n')}\n`);
}

/** A local webhook receiver: counts messages and sums what the digests stand for. */
async function listener(): Promise<{ url: string; received: () => { calls: number; stands: number }; reset: () => void; close: () => Promise<void> }> {
  let calls = 0;
  let stands = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      calls++;
      const n = JSON.parse(body) as { kind: string; count: number };
      // A digest counts every message of its window, the one sent on its own included.
      stands = Math.max(stands, n.kind === 'digest' ? n.count : 1);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: () => ({ calls, stands }),
    reset: () => {
      calls = 0;
      stands = 0;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Runs both configurations `runs` times, alternating, each in a fresh home. */
export async function notifyRuns(ctx: NotifyBenchCtx): Promise<NotifyRuns> {
  const matching = ctx.quick ? 500 : 10_000;
  const lines = matching * EVERY;
  const file = join(ctx.workDir, `notify-${lines}.log`);
  logFile(file, lines);
  const cli = join(ctx.root, 'dist', 'src', 'cli.js');
  const out: NotifyRuns = { lines, matching, withNotify: [], without: [] };
  const hook = await listener();
  // One configured home per configuration, set up as a user would; each run starts from a copy of it.
  const template = (notify: boolean): string => {
    const home = mkdtempSync(join(ctx.workDir, 'notify-template-'));
    const run = (...a: string[]) => execFileSync(process.execPath, [cli, '--home', home, ...a], { stdio: 'pipe' });
    const rule = join(home, 'rule.json');
    writeFileSync(rule, JSON.stringify({ description: 'uploads', match: { msgId: 'FTP0020' }, actions: notify ? { notify: ['hook'] } : { tags: ['upload'] } }));
    if (notify) run('channels', 'add', 'hook', '--type', 'webhook', '--url', hook.url, '--digest', '60');
    run('rules', 'add', '--file', rule);
    return home;
  };
  const templates = [template(true), template(false)];
  try {
    for (let i = 0; i < ctx.runs * 2; i++) {
      const notify = i % 2 === 0;
      const home = mkdtempSync(join(ctx.workDir, 'notify-home-'));
      try {
        cpSync(templates[i % 2]!, home, { recursive: true });
        hook.reset();
        const t = await runTimed(process.execPath, [cli, '--home', home, 'ingest', '--system', 'bench', '--format', 'vsftpd', file, '--json']);
        if (t.code !== 0) return { ...out, status: `error: ${firstErrorLine(t.stderr, `exit ${t.code}`)}` };
        const o = JSON.parse(t.stdout) as { linesPerSecond: number; notifications?: { asked: number; failed: number } };
        if (notify) {
          const got = hook.received();
          if (o.notifications?.asked !== matching || got.calls !== 2 || got.stands !== matching)
            return { ...out, status: `error: ${matching} matching, asked ${o.notifications?.asked}, ${got.calls} calls standing for ${got.stands}` };
        }
        (notify ? out.withNotify : out.without).push(o.linesPerSecond);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }
  } finally {
    await hook.close();
    for (const t of templates) rmSync(t, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
  return out;
}

const cell = (values: number[], status?: string): Cell =>
  status ? { status } : values.length ? { ...spread(values), unit: 'l/s' } : { status: 'error: no runs' };

/** The row: with notify over without, target >= 0.90x (judged on the full run only). */
export function notifyRows(r: NotifyRuns, quick: boolean): Row[] {
  return [
    {
      work: `ingest notifying ${r.matching.toLocaleString('en')} matching (digest on) vs same rule without notify`,
      msgmon: cell(r.withNotify, r.status),
      baseline: cell(r.without, r.status),
      target: { on: 'ratio', op: '>=', value: 0.9, label: '>= 0.90x', ...(quick ? { skip: 'quick run: 500 matching' } : {}) },
    },
  ];
}
