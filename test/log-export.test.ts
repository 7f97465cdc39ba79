// `msgmon log export` for auditors and `log verify --export`: CSV and JSON lines round-trip, edits are named by row.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CLI, msgmon, tempHome } from './support/cli.js';
import { chainHash } from '../src/store/chain.js';
import { evidenceOf } from '../src/store/message-row.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');

function run(home: string, ...args: string[]) {
  return msgmon(['--home', home, ...args]);
}

/** How many messages the home's store holds. */
function count(home: string): number {
  const db = new Database(path.join(home, 'messages.db'), { readonly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  db.close();
  return n;
}

function ingested(extra = ''): string {
  const home = tempHome();
  const file = path.join(home, 'in.log');
  fs.writeFileSync(file, fs.readFileSync(FIXTURE, 'utf8') + extra);
  expect(run(home, 'ingest', '--system', 'web1', '--format', 'vsftpd', file).code).toBe(0);
  return home;
}

function check(home: string, file: string): { code: number; out: string; json: any } {
  const r = run(home, 'log', 'verify', '--export', file);
  const j = run(home, 'log', 'verify', '--export', file, '--json');
  return { code: r.code, out: r.stdout, json: JSON.parse(j.stdout) };
}

/** Replaces the first line of `file` that contains `find` (JSON lines: a string inside the text). */
function editLine(file: string, find: string, replace: string): void {
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(find);
  fs.writeFileSync(file, text.replace(find, replace));
}

describe('log export', () => {
  for (const format of ['csv', 'jsonl'] as const) {
    it(`${format}: a whole export verifies offline; an edited, a removed and a cut-off line are named`, () => {
      const home = ingested();
      const file = path.join(home, `a.${format}`);
      const n = count(home);
      const r = run(home, 'log', 'export', '--format', format, '--out', file);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Exported ${n} messages to ${file} \\(${format}\\); chain head: row ${n} [0-9a-f]{64}\\n$`));
      expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
      const ok = check(tempHome(), file); // offline: another home, no store needed
      expect(ok.code).toBe(0);
      expect(ok.out).toMatch(new RegExp(`^Export intact: .*: ${n} rows \\(ids 1-${n}\\), the whole Activity Log from its start\\.`));
      const pristine = fs.readFileSync(file, 'utf8');

      editLine(file, 'uploaded file', 'uploaded FILE');
      const edited = check(home, file);
      expect(edited.code).toBe(1);
      const uploadId = JSON.parse(run(home, 'log', '--json', '--msgid', 'FTP0020').stdout)[0].id;
      expect(edited.json.problems.map((p: any) => [p.kind, p.id])).toEqual([['altered', uploadId]]);
      expect(edited.out).toMatch(new RegExp(`^Export BROKEN at row ${uploadId}: .*row ${uploadId} was altered: its content does not match its hash`));

      const lines = pristine.split('\n');
      const row10 = lines.findIndex((l) => l.startsWith(format === 'csv' ? '10,' : '{"id":10,'));
      fs.writeFileSync(file, [...lines.slice(0, row10), ...lines.slice(row10 + 1)].join('\n'));
      expect(check(home, file).json.problems.map((p: any) => [p.kind, p.id])).toEqual([
        ['deleted', 10],
        ['incomplete', null],
      ]);

      fs.writeFileSync(file, lines.slice(0, -2).join('\n') + '\n');
      const cut = check(home, file);
      expect(cut.code).toBe(1);
      expect(cut.json.problems.map((p: any) => p.kind)).toEqual(['incomplete']);
      expect(cut.out).toMatch(/the export has no end record: it was cut off/);
    });
  }

  it('a row edited with its hash recomputed is caught by the next row, the last one by the chain head', () => {
    const home = ingested();
    const file = path.join(home, 'a.jsonl');
    run(home, 'log', 'export', '--format', 'jsonl', '--out', file);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const forge = (i: number): void => {
      const o = JSON.parse(lines[i]!);
      o.text = 'FTP: nothing to see';
      const m = { ...o, time: Date.parse(o.time), ack: null };
      o.hash = chainHash(o.prev, evidenceOf(m, o.id));
      lines[i] = JSON.stringify(o);
    };
    const n = lines.length - 1; // the last line is the end record
    forge(11); // id 12
    forge(n - 1); // id n, the head
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const r = check(home, file);
    expect(r.json.problems.map((p: any) => [p.kind, p.id])).toEqual([
      ['altered', 12],
      ['altered', n],
    ]);
    expect(r.out).toMatch(/rows 12 and 13 do not link: row 12 was altered and its hash recomputed/);
    expect(r.out).toMatch(new RegExp(`row ${n} does not match the chain head's hash`));
  });

  it('a filtered export verifies each row and its links; the end record names the filters', () => {
    const home = ingested();
    const file = path.join(home, 'u.csv');
    expect(run(home, 'log', 'export', '--format', 'csv', '--user', 'msgmon_ftp1', '--msgid', 'FTP00*', '--out', file).code).toBe(0);
    const r = check(home, file);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^Export intact: .*rows \(ids \d+-\d+\), a filtered export \(--user msgmon_ftp1 --msgid FTP00\*\): each row and the links between consecutive ids were checked\./,
    );
    expect(r.json.trailer.filters).toEqual({ user: 'msgmon_ftp1', msgid: 'FTP00*' });
    expect(r.json.rows).toBeLessThan(count(home));
  });

  it('CSV cells a spreadsheet would run as formulas are guarded, and still verify', () => {
    const home = ingested('=HYPERLINK("http://evil/","x")\n-1+1\n');
    const csv = run(home, 'log', 'export', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://evil/"",""x"")"`);
    expect(csv.stdout).toContain(`,'-1+1,`);
    const file = path.join(home, 'f.csv');
    fs.writeFileSync(file, csv.stdout);
    expect(check(home, file).code).toBe(0);
  });

  it('streams through a slow pipe completely, and | head ends quietly', () => {
    const home = tempHome();
    const big = path.join(home, 'big.log');
    fs.writeFileSync(big, fs.readFileSync(FIXTURE, 'utf8').repeat(150));
    expect(run(home, 'ingest', '--system', 'web1', '--format', 'vsftpd', big).code).toBe(0);
    const out = path.join(home, 'slow.jsonl');
    // The reader starts 2 s late: the 64 KiB pipe fills and msgmon must wait for it, not exit.
    const slow = spawnSync('bash', ['-c', `set -o pipefail; node "${CLI}" --home "${home}" log export --format jsonl | (sleep 2; cat > "${out}")`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(slow.stderr).toBe('');
    expect(slow.status).toBe(0);
    expect(fs.statSync(out).size).toBeGreaterThan(2_000_000);
    expect(check(home, out).json).toMatchObject({ ok: true, rows: count(home) });
    const head = spawnSync('bash', ['-c', `set -o pipefail; node "${CLI}" --home "${home}" log export --format csv | head -1`], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(head.stdout).toBe('id,time,system,source,msgId,severity,text,fields,session,rules,highlight,inquiry,tags,raw,console,ack,prev,hash\n');
    expect(head.stderr).toBe('');
    expect(head.status).toBe(0);
  });

  it('bad input: unknown format is a usage error; an unwritable --out or a missing file is a clear error', () => {
    const home = ingested();
    expect(run(home, 'log', 'export', '--format', 'xml').code).toBe(2);
    expect(run(home, 'log', 'export').code).toBe(2);
    const r = run(home, 'log', 'export', '--format', 'csv', '--out', '/nonexistent/dir/a.csv');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^msgmon: cannot write \/nonexistent\/dir\/a\.csv: ENOENT/);
    const v = run(home, 'log', 'verify', '--export', path.join(home, 'missing.csv'));
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/cannot read .*missing\.csv: .*give the file msgmon log export wrote/);
    // Auditors browse read-only: exporting and verifying write nothing.
    const ro = msgmon(['--home', home, '--read-only', 'log', 'export', '--format', 'jsonl']);
    expect(ro.code, ro.stderr).toBe(0);
    expect(ro.stdout.trimEnd().split('\n')).toHaveLength(count(home) + 1);
    // CSV keeps remote text verbatim (escapes too): onto a terminal it is refused with what to do instead.
    const tty = spawnSync('script', ['-qec', `node "${CLI}" --home "${home}" log export --format csv`, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    expect(tty.status).toBe(2);
    expect(tty.stdout).toMatch(/a CSV export holds remote text verbatim.*--out FILE/);
    expect(tty.stdout).not.toMatch(/^id,time/m);
    const h = run(home, 'log', 'export', '--help');
    expect(h.stdout).toMatch(/Examples:\n {2}msgmon log export --format csv --out/);
  });
});
