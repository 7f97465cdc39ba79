// The status probe's parsing, rates, storage and thresholds (issue 16), on /proc text captured on this machine by
// the probe's own command (test/fixtures/status/probe-{1,2}.txt, 3 s apart, root, with the sshd processes of
// other tests running), and on hand-made edge cases of /proc/PID/stat and unreadable io/fd.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog.js';
import type { SystemSample } from '../src/core/status-types.js';
import { MIGRATION_CODE, MIGRATIONS } from '../src/store/schema.js';
import { StatusSampleTable } from '../src/store/status-samples.js';
import { parseProbe, parseStat } from '../src/status/proc-parse.js';
import { toSample } from '../src/status/rates.js';
import { ThresholdWatch } from '../src/status/threshold-watch.js';
import { DEFAULT_THRESHOLDS_FILE, loadThresholds, parseThresholds } from '../src/status/thresholds.js';

const fixture = (n: number) => fs.readFileSync(path.resolve(__dirname, `fixtures/status/probe-${n}.txt`), 'utf8');
const section = (text: string, name: string) => text.split(`@${name}\n`)[1]!.split('\n@')[0]!;

function store(): Database.Database {
  const db = new Database(':memory:');
  for (const m of MIGRATIONS) {
    db.exec(m);
    MIGRATION_CODE.get(m)?.(db);
  }
  return db;
}

describe('probe output parsing (captured /proc text)', () => {
  const a = parseProbe(fixture(1));
  const b = parseProbe(fixture(2));

  it('reads host counters as /proc and df wrote them', () => {
    const text = fixture(1);
    expect(a.mem.totalKb).toBe(Number(/MemTotal:\s+(\d+)/.exec(text)![1]));
    expect(a.mem.availableKb).toBe(Number(/MemAvailable:\s+(\d+)/.exec(text)![1]));
    expect(a.clkTck).toBe(100);
    expect(a.load).toEqual(/@load (\S+) (\S+) (\S+)/.exec(text)!.slice(1).map(Number));
    const cpu = /@cpu cpu +(.*)/.exec(text)![1]!.split(' ').map(Number);
    expect(a.cpu).toEqual({ total: cpu.slice(0, 8).reduce((x, y) => x + y, 0), idle: cpu[3], iowait: cpu[4] });
    // df: the root file system, not tmpfs or devtmpfs.
    const root = section(text, 'df')
      .split('\n')
      .find((l) => / \/$/.test(l))!
      .split(/\s+/);
    expect(a.fs.find((f) => f.mount === '/')).toEqual({
      device: root[0],
      sizeKb: Number(root[1]),
      usedKb: Number(root[2]),
      availKb: Number(root[3]),
      mount: '/',
    });
    expect(a.fs.some((f) => f.device === 'tmpfs' || f.device === 'devtmpfs')).toBe(false);
    // diskstats: whole disks only (no loop, no zram).
    expect(a.disks.map((d) => d.name)).toEqual(['vda']);
  });

  it('reads every server process: stat, io, fds and the files among them', () => {
    const text = fixture(2);
    expect(b.procs.length).toBe(text.split('\n@proc\n').length - 1);
    for (const p of b.procs) {
      const stat = text
        .split('\n')
        .find((l) => l.startsWith(`${p.pid} (`))!
        .split(' ');
      expect([p.ppid, p.minflt, p.majflt, p.utime, p.stime, p.start, p.rssPages]).toEqual([3, 9, 11, 13, 14, 21, 23].map((i) => Number(stat[i])));
      expect(p.name).toBe('sshd');
      expect(p.io).not.toBeNull(); // root reads every process's io
      expect(p.fds).toBeGreaterThan(2);
    }
    expect(b.procs.some((p) => p.cmdline.includes('/usr/sbin/sshd'))).toBe(true);
  });

  it('turns two probes into rates', () => {
    const s = toSample('web', 1000, b, a, () => null);
    expect(s.cpu).toBeGreaterThanOrEqual(0);
    expect(s.cpu).toBeLessThanOrEqual(100);
    expect(s.memPct).toBeCloseTo((100 * (b.mem.totalKb - b.mem.availableKb)) / b.mem.totalKb, 0);
    expect(s.disks[0]!.name).toBe('vda');
    const dt = b.uptime - a.uptime;
    expect(dt).toBeGreaterThan(2);
    for (const p of s.procs) {
      const before = a.procs.find((x) => x.pid === p.pid && x.start === b.procs.find((y) => y.pid === p.pid)!.start);
      if (!before) expect(p.cpu).toBeNull();
      else expect(p.writeBps).toBeCloseTo(((p.writeBytes ?? 0) - before.io!.writeBytes) / dt, 0);
    }
    // The first sample has nothing to compare with: no rates, never a made-up 0.
    expect(toSample('web', 1000, a, null, () => null)).toMatchObject({ cpu: null, disks: [] });
  });

  it('handles a process name with spaces and parentheses, and io and fds it may not read', () => {
    const p = parseStat('4242 (my (odd) ftpd) S 1 4242 4242 0 -1 4194560 120 0 3 0 50 25 0 0 20 0 1 0 9999 1000 300 0')!;
    expect(p).toMatchObject({ pid: 4242, name: 'my (odd) ftpd', ppid: 1, minflt: 120, majflt: 3, utime: 50, stime: 25, start: 9999, rssPages: 300 });
    const text = `@time 1 100 4096\n@uptime 10.00 5\n@cpu cpu  1 0 1 10 0 0 0 0 0 0\n@load 0.1 0.2 0.3 1/1 1\n@meminfo\nMemTotal: 100 kB\n@proc\n${'4242 (vsftpd) S 1 4242 4242 0 -1 4194560 120 0 3 0 50 25 0 0 20 0 1 0 9999 1000 300 0'}\n@cmdline /usr/sbin/vsftpd\n@io\n@fd\n@end\n`;
    expect(parseProbe(text).procs[0]).toMatchObject({ io: null, fds: null, files: [], cmdline: '/usr/sbin/vsftpd' });
    expect(() => parseProbe('sh: 1: cannot run')).toThrow(/incomplete answer/);
  });
});

describe('samples in the store', () => {
  it('keeps raw values and minute averages; history answers raw within 24 h and minutes beyond', () => {
    const db = store();
    const t = new StatusSampleTable(db);
    const base = parseProbe(fixture(1));
    const t0 = Date.UTC(2026, 11, 1, 10, 0, 0);
    for (let i = 0; i < 8; i++) {
      const s: SystemSample = { ...toSample('web', t0 + i * 15_000, base, null, () => null), cpu: 10 * i };
      t.add(s);
    }
    const raw = t.history('web', 'cpu', t0, t0 + 3600_000);
    expect(raw).toMatchObject({ resolution: 'raw' });
    expect(raw.points.map((p) => p.value)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    const minutes = t.history('web', 'cpu', t0, t0 + 48 * 3600_000);
    expect(minutes.resolution).toBe('minute');
    expect(minutes.points.map((p) => [p.value, p.min, p.max, p.n])).toEqual([
      [15, 0, 30, 4],
      [55, 40, 70, 4],
    ]);
    // 25 h later the raw rows are gone, the minutes stay (for 30 days).
    t.add({ ...toSample('web', t0 + 25 * 3600_000, base, null, () => null), cpu: 1 });
    expect(t.history('web', 'cpu', t0, t0 + 26 * 3600_000).resolution).toBe('minute');
    expect(db.prepare("SELECT count(*) AS n FROM status_samples WHERE metric = 'cpu'").get()).toEqual({ n: 1 });
    expect(t.history('web', 'cpu', t0, t0 + 48 * 3600_000).points.length).toBe(3);
    expect(t.latest('web')[0]!.time).toBe(t0 + 25 * 3600_000);
  });
});

describe('thresholds', () => {
  it('the shipped thresholds load and pass their own tests', () => {
    expect(loadThresholds('/nonexistent/thresholds.json').thresholds.map((t) => t.name)).toContain('ftp-process-cpu');
  });

  it('a bad thresholds file is refused naming the file and key, or the failing test', () => {
    expect(() => parseThresholds('{"thresholds":[{"name":"x","metric":"nope","warning":1}]}', 'my.json')).toThrow(
      /my\.json: thresholds\.0\.metric: not a metric/,
    );
    expect(() => parseThresholds('{"thresholds":[{"name":"x","metric":"cpu"}]}', 'my.json')).toThrow(/needs warning or critical/);
    expect(() => parseThresholds('{"thresholds":[{"name":"x","metric":"cpu","warning":50,"tests":[{"values":[60],"expect":["OK"]}]}]}', 'my.json')).toThrow(
      /x test 1: expected OK, got WARNING/,
    );
    expect(() => parseThresholds('{', DEFAULT_THRESHOLDS_FILE)).toThrow(/not valid JSON/);
  });

  it('an FTP process over its CPU limit for 2 samples gives MON0020 with its session; back to normal, MON0021', () => {
    const db = store();
    const table = new StatusSampleTable(db);
    const thresholds = parseThresholds(
      JSON.stringify({ thresholds: [{ name: 'ftp-process-cpu', metric: 'proc.cpu', warning: 50, critical: 90, samples: 2 }] }),
      'test.json',
    );
    const watch = new ThresholdWatch('web', () => thresholds, table, Catalog.load());
    const base = parseProbe(fixture(1));
    const proc = { ...toSample('web', 0, base, null, () => null), procs: [] };
    const sample = (i: number, cpu: number | null): SystemSample => ({
      ...proc,
      time: Date.UTC(2026, 11, 1, 10, 0, i * 15),
      procs:
        cpu === null
          ? []
          : [
              {
                pid: 4242,
                ppid: 4240,
                name: 'vsftpd',
                cmdline: '/usr/sbin/vsftpd',
                cpu,
                rssKb: 3000,
                readBytes: 0,
                writeBytes: 0,
                rchar: 0,
                wchar: 0,
                readBps: 0,
                writeBps: 0,
                minflt: 0,
                majflt: 0,
                minfltRate: 0,
                majfltRate: 0,
                fds: 9,
                files: [],
                session: 'web:4240:abc',
                user: 'anna',
                client: '10.0.0.5',
              },
            ],
    });
    const texts = [60, 70, 95, 96, 10, 10].map((c, i) => watch.apply(sample(i, c)).map((m) => [m.msgId, m.severity, m.text]));
    expect(texts).toEqual([
      [],
      [['MON0020', 60, 'Threshold exceeded: vsftpd pid 4242 (user anna from 10.0.0.5) CPU 70 % ≥ 50 (WARNING, 2 samples)']],
      [],
      [['MON0020', 80, 'Threshold exceeded: vsftpd pid 4242 (user anna from 10.0.0.5) CPU 96 % ≥ 90 (CRITICAL, 2 samples)']],
      [],
      [['MON0021', 10, 'Threshold back to normal: vsftpd pid 4242 (user anna from 10.0.0.5) CPU 10 %, below 50 (was CRITICAL)']],
    ]);
    expect(table.thresholds('web')).toEqual([]);
    // Raised again, then the process ends: cleared as gone. A new watch (a restarted collector) knows it was raised.
    watch.apply(sample(6, 99));
    const raised = watch.apply(sample(7, 99));
    expect(raised[0]!.fields).toMatchObject({
      user: 'anna',
      client: '10.0.0.5',
      session: 'web:4240:abc',
      pid: 4242,
      level: 'CRITICAL',
      threshold: 'ftp-process-cpu',
    });
    expect(table.thresholds('web').map((t) => [t.level, t.key])).toEqual([['CRITICAL', '4242']]);
    const again = new ThresholdWatch('web', () => thresholds, table, Catalog.load());
    expect(again.apply(sample(8, null)).map((m) => m.text)).toEqual(['Threshold back to normal: process pid 4242 CPU: process ended (was CRITICAL)']);
    expect(table.thresholds('web')).toEqual([]);
  });
});
