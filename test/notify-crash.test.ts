// The crash window between storing a message and queueing its notification: there is none. The queue row is
// written in the transaction that stores the message and moves the cursor, so a `msgmon ingest` killed with
// kill -9 at any moment leaves both or neither; the next run reads on from the cursor, and every matching
// message is notified exactly once (a command channel records each idempotency key it is handed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Catalog } from '../src/catalog/catalog.js';
import { RuleStep } from '../src/pipeline/rule-step.js';
import { MessageStore } from '../src/store/message-store.js';
import { msgmon, tempHome } from './support/cli.js';
import { msg, rules } from './support/rules.js';
import { ingestKilledAfter } from './support/kill-ingest.js';

const LINES = 60_000;
/** One upload (the rule's message) every EVERY lines; the rest are downloads no rule looks at. */
const EVERY = 2_000;
let home: string;

beforeAll(() => {
  home = tempHome();
});
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

function vsftpdLog(file: string): void {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const what = i % EVERY === 0 ? `OK UPLOAD: Client "10.0.0.5", "/in/f${i}.csv"` : `OK DOWNLOAD: Client "10.0.0.5", "/out/f${i}.csv"`;
    lines.push(`Wed Nov 25 12:04:00 2026 [pid ${1000 + (i % 50)}] [edi] ${what}, 1234 bytes, 10.00Kbyte/sec`);
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('crash window of the notification queue', () => {
  it('a failing queue step stores nothing of the batch: messages, cursor and queue rows commit together', () => {
    const dir = tempHome();
    const store = new MessageStore(path.join(dir, 'messages.db'));
    try {
      const step = new RuleStep(Catalog.load(), rules({ description: 'uploads', match: { msgId: 'FTP0020' }, actions: { notify: ['rec'] } }), null, () => {
        throw new Error('queue full');
      });
      expect(() => step.commit(store, [msg(), msg()], { source: 'f', inode: '1', offset: 99 })).toThrow('queue full');
      expect(store.lastId()).toBe(0);
      expect(store.cursor('f')).toBeNull();
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ingest killed with kill -9 three times mid-file, then run to the end: every upload notified exactly once', async () => {
    const log = path.join(home, 'vsftpd.log');
    const keys = path.join(home, 'keys.txt');
    const recorder = path.join(home, 'record.sh');
    vsftpdLog(log);
    fs.writeFileSync(recorder, `printf '%s\\n' "$MSGMON_KEY" >> '${keys}'\n`);
    const ok = (...a: string[]) => {
      const r = msgmon(['--home', home, ...a]);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    ok('channels', 'add', 'rec', '--type', 'command', '--program', '/bin/sh', '--arg', recorder);
    fs.writeFileSync(path.join(home, 'rule.json'), JSON.stringify({ description: 'uploads', match: { msgId: 'FTP0020' }, actions: { notify: ['rec'] } }));
    ok('rules', 'add', '--file', path.join(home, 'rule.json'));

    // Each run is killed while it stores (ingest sends only after the whole file): nothing was in flight.
    for (const atLeast of [8_000, 22_000, 36_000]) expect(await ingestKilledAfter(home, log, atLeast)).toBe('SIGKILL');
    expect(fs.existsSync(keys)).toBe(false);
    const last = ok('ingest', '--system', 'web1', '--format', 'vsftpd', log, '--json');
    expect(JSON.parse(last.stdout).notifications.failed).toBe(0);

    const uploads = JSON.parse(ok('log', '--msgid', 'FTP0020', '--limit', '1000', '--json').stdout) as Array<{ id: number }>;
    expect(uploads).toHaveLength(LINES / EVERY);
    const sent = fs.readFileSync(keys, 'utf8').trim().split('\n');
    expect([...sent].sort()).toEqual(uploads.map((m) => `msg:${m.id}:rec`).sort());
  }, 90_000);
});
