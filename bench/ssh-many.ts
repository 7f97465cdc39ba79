// The "50 sources on one collector" row: one `msgmon collect` daemon follows 50 files of the bench sshd
// (8 per connection, so 7 connections of 1 control shell + up to 8 tail channels, within sshd's MaxSessions
// 10), catches up on all of them, then follows appends; its peak RSS (VmHWM) is what the row reports.
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigStore } from '../src/store/config-store.js';
import { firstErrorLine } from './measure.js';
import { alive, sleep } from './process.js';
import type { BenchSshd } from './ssh-server.js';
import { exited, HOST, remoteFile, setUpHome, startCollector } from './ssh-home.js';
import type { SshCtx } from './ssh-rows.js';

/** How many sources the row follows. */
export const MANY_SOURCES = 50;

/** What the row measured, kept in results.json. */
export interface ManyRun {
  sources: number;
  linesPerSource: number;
  /** Peak resident memory of the collector process (VmHWM), MB. */
  rssMb: number;
  /** From start until every file was read to its end, then the appends too. */
  catchUpSeconds: number;
  followSeconds: number;
  exitCode: number | null;
}

/** The first `n` lines of the bench file (read from its start, not whole). */
function firstLines(file: string, n: number): string {
  const buf = Buffer.alloc(Math.min(statSync(file).size, n * 400 + 4096));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  return buf.toString('utf8').split('\n').slice(0, n).join('\n') + '\n';
}

/** Peak resident memory of a process in MB (VmHWM), or undefined when it is gone. */
function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until every cursor stands at its file's size; false after `ms`. */
async function readToEnd(db: () => Database.Database | undefined, files: string[], keys: string[], ms: number, child: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end && alive(child)) {
    const d = db();
    if (d) {
      const at = new Map((d.prepare('SELECT source, offset FROM cursors').all() as { source: string; offset: number }[]).map((r) => [r.source, r.offset]));
      if (files.every((f, i) => at.get(keys[i]!) === statSync(f).size)) return true;
    }
    await sleep(200);
  }
  return false;
}

/** Runs the row: set up 50 sources, follow them with one collector, report its peak RSS. */
export async function manySources(ctx: SshCtx, sshd: BenchSshd): Promise<ManyRun | { status: string }> {
  const per = Math.max(10, Math.floor(ctx.lines / MANY_SOURCES));
  const text = firstLines(ctx.file, per);
  const files = Array.from({ length: MANY_SOURCES }, (_, i) => {
    const f = remoteFile(sshd, `bench-many-${i}.log`);
    writeFileSync(f, text);
    return f;
  });
  const home = await setUpHome(ctx, sshd, files[0]!);
  // The other 49 sources straight into the configuration (49 `sources add` runs would only time node's start-up).
  new ConfigStore(join(home, 'config.json')).update((d) => {
    for (let i = 1; i < MANY_SOURCES; i++) d.sources.push({ name: `m${i}`, system: HOST, kind: 'file', formats: ['vsftpd'], path: files[i]!, fromEnd: false });
  });
  const keys = files.map((f, i) => `ssh:${HOST}:${i ? `m${i}` : 'v'}:${f}`);
  const collector = startCollector(ctx, home);
  const child = collector.child;
  let db: Database.Database | undefined;
  const open = (): Database.Database | undefined => {
    if (!db && existsSync(join(home, 'messages.db'))) {
      try {
        db = new Database(join(home, 'messages.db'), { readonly: true, fileMustExist: true });
        db.prepare('SELECT 1 FROM cursors').get();
      } catch {
        db?.close();
        db = undefined;
      }
    }
    return db;
  };
  try {
    const t0 = performance.now();
    if (!(await readToEnd(open, files, keys, 300_000, child.pid!)))
      return { status: `error: 50 sources not read to their end (${firstErrorLine(collector.stderr(), 'no output')})` };
    const caughtUp = performance.now();
    const more = text.split('\n').slice(0, 10).join('\n') + '\n';
    for (const f of files) appendFileSync(f, more);
    if (!(await readToEnd(open, files, keys, 60_000, child.pid!)))
      return { status: `error: appends to 50 sources not read (${firstErrorLine(collector.stderr(), 'no output')})` };
    const rss = peakRssMb(child.pid!);
    if (rss === undefined) return { status: 'error: collector gone before its memory was read' };
    child.kill('SIGTERM');
    const code = await exited(child, 20_000);
    if (code === undefined) return { status: 'error: collect did not stop within 20 s of SIGTERM' };
    return {
      sources: MANY_SOURCES,
      linesPerSource: per,
      rssMb: rss,
      catchUpSeconds: (caughtUp - t0) / 1000,
      followSeconds: (performance.now() - caughtUp) / 1000,
      exitCode: code,
    };
  } finally {
    db?.close();
    await collector.kill();
    rmSync(home, { recursive: true, force: true });
    for (const f of files) rmSync(f, { force: true });
  }
}
