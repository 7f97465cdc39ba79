// Output through pipes (issue 14): every byte reaches a slow reader (log/messages/sessions --json, log export), and a reader that stops early (`| head`)
// ends the run quietly with exit 0. Real processes: the built CLI, a separate slow reader process, bash pipes.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, msgmon, tempHome } from './support/cli.js';

const SLOW_READER = path.resolve(__dirname, 'support/slow-reader.mjs');
const SESSIONS = 12_000;

/** A vsftpd log of SESSIONS short sessions: connect, logon, upload (three messages, one session each). */
function vsftpdLog(): string {
  const lines: string[] = [];
  const start = Date.parse('2026-11-25T00:00:00Z');
  const at = (ms: number) =>
    new Date(ms).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_m, d, day, mon, y, t) => `${d} ${mon} ${day.padStart(2, ' ')} ${t} ${y}`);
  for (let i = 0; i < SESSIONS; i++) {
    const t = at(start + i * 5000);
    const pid = 10_000 + i;
    const user = `user${i % 50}`;
    lines.push(`${t} [pid ${pid}] CONNECT: Client "10.0.${(i >> 8) & 255}.${i & 255}"`);
    lines.push(`${t} [pid ${pid}] [${user}] OK LOGIN: Client "10.0.${(i >> 8) & 255}.${i & 255}"`);
    lines.push(
      `${t} [pid ${pid}] [${user}] OK UPLOAD: Client "10.0.${(i >> 8) & 255}.${i & 255}", "/home/${user}/in/ORDERS_${i}.edi", ${1000 + i} bytes, 31.28Kbyte/sec`,
    );
  }
  return lines.join('\n') + '\n';
}

/** `msgmon args | slow-reader > FILE` in bash: both exit codes, the CLI's stderr and what the reader received. */
function throughSlowReader(home: string, args: string[]): { code: number; readerCode: number; stderr: string; received: Buffer } {
  const out = path.join(home, 'received');
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" "${CLI}" --home "${home}" ${quoted} 2>"${out}.err" | "${process.execPath}" "${SLOW_READER}" 1 >"${out}"; echo "\${PIPESTATUS[*]}"`,
    ],
    { encoding: 'utf8', timeout: 100_000 },
  );
  const [code, readerCode] = r.stdout.trim().split(' ').map(Number);
  return { code: code!, readerCode: readerCode!, stderr: fs.readFileSync(`${out}.err`, 'utf8'), received: fs.readFileSync(out) };
}

describe('output through pipes', () => {
  let home: string;
  let stored = 0;
  beforeAll(() => {
    home = tempHome();
    const file = path.join(home, 'vsftpd.log');
    fs.writeFileSync(file, vsftpdLog());
    const r = msgmon(['--home', home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    stored = JSON.parse(r.stdout).messages;
    // Connect, logon and upload of each session, and the end of those the idle timeout closed.
    expect(stored).toBeGreaterThanOrEqual(SESSIONS * 3);
  }, 120_000);

  for (const [name, args, count] of [
    ['log --json', ['log', '--json', '--msgid', 'FTP0020', '--limit', '1000000'], SESSIONS],
    ['messages --json', ['messages', '--json', '--limit', '9000'], 9000],
    ['sessions --json', ['sessions', '--json', '--limit', '1000000'], SESSIONS],
  ] as const) {
    it(`${name}: more than 5 MB reach a slow reader complete, as valid JSON, exit 0`, () => {
      const r = throughSlowReader(home, [...args]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.readerCode).toBe(0);
      expect(r.received.length).toBeGreaterThan(5_000_000);
      const rows = JSON.parse(r.received.toString('utf8'));
      expect(rows).toHaveLength(count);
      // The same bytes as a run into a file.
      const file = path.join(home, 'out.json');
      const fd = fs.openSync(file, 'w');
      const direct = spawnSync(process.execPath, [CLI, '--home', home, ...args], { stdio: ['ignore', fd, 'pipe'] });
      fs.closeSync(fd);
      expect(direct.status).toBe(0);
      expect(r.received.equals(fs.readFileSync(file))).toBe(true);
    }, 120_000);
  }

  it('log export --format jsonl: every row and the chain record reach a slow reader, exit 0', () => {
    const r = throughSlowReader(home, ['log', 'export', '--format', 'jsonl']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.received.length).toBeGreaterThan(5_000_000);
    const lines = r.received
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(stored + 1); // each message, then the record of the chain's start and head
    const exported = path.join(home, 'export.jsonl');
    fs.writeFileSync(exported, r.received);
    const verify = msgmon(['--home', home, 'log', 'verify', '--export', exported]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 120_000);

  it('a table of more than 36,000 rows is complete through a slow reader too', () => {
    const r = throughSlowReader(home, ['log', '--limit', '1000000']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.received.toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(stored + 1);
    expect(lines.filter((l) => /FTP0020 .*ORDERS_\d+\.edi/.test(l))).toHaveLength(SESSIONS);
  }, 120_000);

  for (const cmd of [
    'log --json --limit 1000000',
    'messages --json --limit 1000000',
    'sessions --json --limit 1000000',
    'log --limit 1000000',
    'log export --format csv',
  ]) {
    it(`msgmon ${cmd} | head -1 ends quietly: exit 0, nothing on stderr`, () => {
      const r = spawnSync(
        'bash',
        ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" --home "${home}" ${cmd} | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`],
        { encoding: 'utf8' },
      );
      expect(r.stdout.split('\n')).toHaveLength(2);
      expect(r.stderr).toBe('exit=0\n');
    });
  }
});
