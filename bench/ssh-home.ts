// What the SSH bench rows share: the bench host in a fresh msgmon home, files in the bench user's home, and
// waiting for a collector to exit.
import { spawn } from 'node:child_process';
import { chownSync, copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstErrorLine, runTimed } from './measure.js';
import { alive } from './process.js';
import type { BenchSshd } from './ssh-server.js';
import type { SshCtx } from './ssh-rows.js';

/** The bench sshd's name in the msgmon homes. */
export const HOST = 'bench';

/** `node dist/src/cli.js --home H ARGS`; throws with the first stderr line on failure. */
export async function cli(ctx: Pick<SshCtx, 'root'>, home: string, args: string[]): Promise<string> {
  const t = await runTimed(process.execPath, [join(ctx.root, 'dist', 'src', 'cli.js'), '--home', home, ...args]);
  if (t.code !== 0) throw new Error(`${args.slice(0, 2).join(' ')}: ${firstErrorLine(t.stderr, `exit ${t.code}`)}`);
  return t.stdout;
}

/** A fresh home with the bench host trusted and one source on `remote`. */
export async function setUpHome(ctx: Pick<SshCtx, 'root' | 'workDir'>, sshd: BenchSshd, remote: string): Promise<string> {
  const home = mkdtempSync(join(ctx.workDir, 'ssh-home-'));
  await cli(ctx, home, ['hosts', 'add', HOST, '--host', '127.0.0.1', '--port', String(sshd.port), '--user', sshd.user, '--identity', sshd.identityFile]);
  await cli(ctx, home, ['hosts', 'trust', HOST]);
  await cli(ctx, home, ['sources', 'add', 'v', '--system', HOST, '--format', 'vsftpd', '--path', remote]);
  return home;
}

/** Put a copy owned by the bench user in its home (the collector logs in as that user). */
export function remoteFile(sshd: BenchSshd, name: string, from?: string): string {
  const path = join(sshd.home, name);
  if (from) copyFileSync(from, path);
  else writeFileSync(path, '');
  chownSync(path, sshd.uid, sshd.gid);
  return path;
}

/** Wait for a child to exit (its code), or undefined after ms. */
export function exited(child: ReturnType<typeof spawn>, ms: number): Promise<number | null | undefined> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

/** A `msgmon collect` daemon on a home, its stderr kept for the error a row shows. */
export interface BenchCollector {
  child: ReturnType<typeof spawn>;
  stderr(): string;
  /** Kills it (SIGKILL) if it still runs: the clean-up after a row, whatever happened. */
  kill(): Promise<void>;
}

/** Starts `msgmon collect [ARGS]` on the home. */
export function startCollector(ctx: SshCtx, home: string, args: string[] = []): BenchCollector {
  const child = spawn(process.execPath, [join(ctx.root, 'dist', 'src', 'cli.js'), '--home', home, 'collect', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr += b.toString('utf8');
  });
  return {
    child,
    stderr: () => stderr,
    async kill() {
      if (!alive(child.pid!)) return;
      child.kill('SIGKILL');
      await exited(child, 5000);
    },
  };
}
