// What detections remember survives a restart: a `msgmon ingest` killed with kill -9 three times mid-file and run
// again to the end raises exactly the alerts of one uninterrupted run — a wave of failed logons going on across the
// kills alerts once, a custom-key first-seen (a file this user never downloaded; no stored baseline holds that)
// alerts once per file. The state is written in the transaction of the batch that changed it (detection_state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { formatCtime } from '../src/core/time.js';
import { msgmon, tempHome } from './support/cli.js';
import { ingestKilledAfter } from './support/kill-ingest.js';

const LINES = 30_000;
/** A failed logon from the guessing client every FAIL_EVERY lines (50 s apart: one wave); downloads of ten files between. */
const FAIL_EVERY = 500;
const FILES = 10;
const T0 = Date.parse('2026-11-25T12:00:00Z');
const RULES = [
  {
    description: 'Password guessing from one client (one alert per wave)',
    detect: { type: 'wave', on: { msgId: 'FTP0003' }, by: ['client'], count: 5, minutes: 10, quiet: 60, raise: 'SEC0007' },
  },
  {
    description: 'A file this user never downloaded (custom key: no stored baseline knows user+path)',
    detect: { type: 'first-seen', on: { msgId: 'FTP0021' }, key: ['user'], value: ['path'], days: 30, learnDays: 0, raise: 'SEC0001' },
  },
];
let dir: string;

beforeAll(() => {
  dir = tempHome();
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function vsftpdLog(file: string): void {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const at = formatCtime(T0 + i * 100);
    lines.push(
      i % FAIL_EVERY === FAIL_EVERY - 1
        ? `${at} [pid ${900 + (i % 7)}] [anna] FAIL LOGIN: Client "203.0.113.9"`
        : `${at} [pid ${1000 + (i % 50)}] [edi] OK DOWNLOAD: Client "10.0.0.5", "/out/f${i % FILES}.csv", 1234 bytes, 10.00Kbyte/sec`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

/** A home with the two detections installed. */
function homeWithRules(name: string): { home: string; cli: (...a: string[]) => string } {
  const home = path.join(dir, name);
  const cli = (...a: string[]) => {
    const r = msgmon(['--home', home, ...a]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  fs.mkdirSync(home, { mode: 0o700 });
  for (const [i, rule] of RULES.entries()) {
    const f = path.join(dir, `rule-${name}-${i}.json`);
    fs.writeFileSync(f, JSON.stringify(rule));
    cli('rules', 'add', '--file', f);
  }
  return { home, cli };
}

type Alert = { msgId: string; time: string; fields: Record<string, unknown> };
const alertsOf = (cli: (...a: string[]) => string): Alert[] =>
  (JSON.parse(cli('log', '--msgid', 'SEC*', '--limit', '1000', '--json')) as Alert[])
    .map((m) => ({ msgId: m.msgId, time: m.time, fields: m.fields }))
    .sort((a, b) => a.time.localeCompare(b.time) || a.msgId.localeCompare(b.msgId));

describe('detection state across kill -9 and restart', () => {
  it('ingest killed three times mid-file, then run to the end: the same alerts as one uninterrupted run', async () => {
    const log = path.join(dir, 'vsftpd.log');
    vsftpdLog(log);
    const once = homeWithRules('once');
    once.cli('ingest', '--system', 'web1', '--format', 'vsftpd', log);
    const expected = alertsOf(once.cli);
    // One wave of guessing (60 failures, 50 s apart), one alert per file.
    expect(expected.filter((a) => a.msgId === 'SEC0007').map((a) => a.fields.wave_count)).toEqual([5]);
    expect(expected.filter((a) => a.msgId === 'SEC0001').map((a) => a.fields.value)).toEqual(Array.from({ length: FILES }, (_, i) => `/out/f${i}.csv`));

    const killed = homeWithRules('killed');
    for (const atLeast of [5_000, 12_000, 19_000]) expect(await ingestKilledAfter(killed.home, log, atLeast)).toBe('SIGKILL');
    killed.cli('ingest', '--system', 'web1', '--format', 'vsftpd', log);
    expect(JSON.parse(killed.cli('log', '--limit', '1', '--json'))[0].id).toBe(JSON.parse(once.cli('log', '--limit', '1', '--json'))[0].id);
    expect(alertsOf(killed.cli)).toEqual(expected);
  }, 120_000);
});
