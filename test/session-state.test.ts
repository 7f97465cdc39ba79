// Session state committed with the cursor (issue 14): what the session strategies keep in memory (working
// directory, pending command, login data, open sessions, the idle tracker) is saved in the same transaction as the
// cursor and messages, so a file ingested in many pieces (a re-run on an appended file, a restart at any point)
// gives exactly the messages of one uninterrupted ingest: time, message ID, text, fields and session.
// Cut points are random; the seed is printed and SESSION_STATE_SEED=N replays it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateString, type LogKind } from '../bench/gen.js';
import { Rng } from '../bench/prng.js';
import { Catalog } from '../src/catalog/catalog.js';
import { FormatRegistry } from '../src/formats/registry.js';
import { ingest } from '../src/pipeline/ingest.js';
import { MessageStore } from '../src/store/message-store.js';
import { msgmon } from './support/cli.js';

const SEED = Number(process.env.SESSION_STATE_SEED ?? Math.floor(Math.random() * 2 ** 31));
process.stderr.write(`session-state.test.ts: seed ${SEED} (replay: SESSION_STATE_SEED=${SEED} npx vitest run test/session-state.test.ts)\n`);

const registry = FormatRegistry.load();
const catalog = Catalog.load();

/**
 * Generated logs start an hour from now: the cuts stand for reads of a log the server is writing, whose newest
 * line is never older than the clock, so no session ends by the clock at the end of a read.
 */
const start = () => new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 3600_000).toISOString();

const CASES: Array<{ kind: LogKind; formats: string[]; lines: number }> = [
  { kind: 'vsftpd', formats: ['vsftpd'], lines: 30_000 },
  { kind: 'sftp', formats: ['sshd', 'sftp'], lines: 20_000 },
];

type Row = { time: number; msg_id: string; text: string; fields: string; session: string | null };

function rows(store: MessageStore): Row[] {
  return store.db.prepare('SELECT time, msg_id, text, fields, session FROM messages ORDER BY id').all() as Row[];
}

async function ingestInto(dir: string, file: string, formats: string[]): Promise<void> {
  // A new store and processor each time: what a new `msgmon ingest` process has.
  const store = new MessageStore(path.join(dir, 'messages.db'));
  try {
    await ingest(store, registry, catalog, { system: 'web1', formats, file, source: 'live' });
  } finally {
    store.close();
  }
}

describe('session state committed with the cursor', () => {
  for (const c of CASES) {
    it(`${c.kind}: a log ingested in 25 pieces cut at random bytes gives the messages of one ingest, message for message`, async () => {
      const text = generateString({ kind: c.kind, lines: c.lines, seed: (SEED % 1000) + 1, start: start() });
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-state-'));
      const whole = path.join(tmp, 'whole');
      const cut = path.join(tmp, 'cut');
      fs.mkdirSync(whole);
      fs.mkdirSync(cut);
      fs.writeFileSync(path.join(whole, 'live.log'), text);
      await ingestInto(whole, path.join(whole, 'live.log'), c.formats);

      // Cut anywhere, mid-line included (the unfinished line is read once it is complete).
      const rng = new Rng(SEED);
      const bytes = Buffer.from(text);
      const cuts = [...new Set(Array.from({ length: 24 }, () => rng.int(1, bytes.length - 1)))].sort((a, b) => a - b);
      const file = path.join(cut, 'live.log');
      let at = 0;
      for (const to of [...cuts, bytes.length]) {
        fs.appendFileSync(file, bytes.subarray(at, to));
        at = to;
        await ingestInto(cut, file, c.formats);
      }

      const a = new MessageStore(path.join(whole, 'messages.db'), { readonly: true });
      const b = new MessageStore(path.join(cut, 'messages.db'), { readonly: true });
      const expected = rows(a);
      const got = rows(b);
      expect(got.length, `seed ${SEED}`).toBe(expected.length);
      const firstDiff = got.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(expected[i]));
      expect(firstDiff === -1 ? null : { at: firstDiff, got: got[firstDiff], expected: expected[firstDiff] }, `seed ${SEED}`).toBeNull();
      // The state is what made the difference: relative paths resolved, failures naming their command, sessions ended.
      expect(expected.length).toBeGreaterThan(1000);
      if (c.kind === 'vsftpd') {
        expect(expected.some((r) => r.msg_id === 'FTP0011' && /listing directory \/home\//.test(r.text))).toBe(true);
        expect(expected.some((r) => r.msg_id === 'FTP0041')).toBe(true);
      }
      expect(b.sessions.list({}, 1_000_000)).toEqual(a.sessions.list({}, 1_000_000));
      a.close();
      b.close();
    }, 120_000);
  }

  it('a store written before session state was kept still resumes its open sessions from their summaries', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-state-'));
    const file = path.join(home, 'v.log');
    const v = (t: string, pid: number, rest: string) => `Wed Nov 25 ${t} 2026 [pid ${pid}] ${rest}\n`;
    fs.writeFileSync(file, v('10:00:00', 200, 'CONNECT: Client "10.0.0.5"') + v('10:00:01', 199, '[anna] OK LOGIN: Client "10.0.0.5"'));
    expect(msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', '--session-idle', '99999999', file]).code).toBe(0);
    const store = new MessageStore(path.join(home, 'messages.db'));
    store.db.exec('DELETE FROM session_state');
    store.close();
    fs.appendFileSync(file, v('10:00:09', 201, '[anna] FTP command: Client "10.0.0.5", "QUIT"'));
    expect(msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', '--session-idle', '99999999', file]).code).toBe(0);
    const sessions = JSON.parse(msgmon(['--home', home, 'sessions', '--json']).stdout);
    expect(sessions.map((s: any) => [s.user, s.endedBy, s.messages])).toEqual([['anna', 'logout', 3]]);
  });
});
