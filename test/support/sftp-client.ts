// Scripted SFTP sessions driven by the REAL OpenSSH `sftp` client against a server from startSshd.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SshdServer } from './sshd.js';
import { alive, processTree, run, sleep, type RunResult } from './system.js';

/** Per-call choices: who logs in, with which key, at what bandwidth. */
export interface SftpCall {
  user?: string;
  identity?: string;
  limitKbit?: number;
  /** The client's source address (another loopback address, 127.0.0.2, is a client never seen before). */
  bindAddress?: string;
}

/** Common sftp arguments: port, strict host key check against the server's own known_hosts, key-only auth. */
export function sftpArgs(srv: SshdServer, c: SftpCall = {}): string[] {
  return [
    '-P',
    String(srv.port),
    '-i',
    c.identity ?? srv.identityFile,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `UserKnownHostsFile=${srv.knownHostsFile}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'PasswordAuthentication=no',
    ...(c.limitKbit ? ['-l', String(c.limitKbit)] : []),
    ...(c.bindAddress ? ['-o', `BindAddress=${c.bindAddress}`] : []),
  ];
}

/** Runs commands in one `sftp -b -` session (machine speed; stops at the first failing command unless it starts with '-'). */
export function sftpBatch(srv: SshdServer, commands: string[], c: SftpCall = {}): Promise<RunResult> {
  return run('sftp', [...sftpArgs(srv, c), '-b', '-', `${c.user ?? srv.user}@127.0.0.1`], { input: commands.join('\n') + '\n', timeoutMs: 60_000 });
}

/** Runs commands in one session at human speed: each command is written pauseMs after the previous one. */
export async function sftpSlow(srv: SshdServer, commands: string[], pauseMs: number | (() => number), c: SftpCall = {}): Promise<number> {
  const child = spawn('sftp', [...sftpArgs(srv, c), '-b', '-', `${c.user ?? srv.user}@127.0.0.1`], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin.on('error', () => {
    /* sftp exited early (EPIPE) */
  });
  const done = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)));
  for (const cmd of commands) {
    await sleep(typeof pauseMs === 'number' ? pauseMs : pauseMs());
    if (!alive(child.pid!)) break;
    child.stdin.write(cmd + '\n');
  }
  child.stdin.end();
  return done;
}

/** A password login that fails (wrong password, or unknown user), answered through SSH_ASKPASS; exit 255 expected. */
export function sftpWrongPassword(srv: SshdServer, user: string, password = 'wrong-password'): Promise<RunResult> {
  const askpass = join(srv.dir, `askpass-${process.pid}-${Date.now()}`);
  writeFileSync(askpass, `#!/bin/sh\necho '${password.replace(/'/g, '')}'\n`, { mode: 0o755 });
  return run(
    'setsid',
    [
      'sftp',
      '-o',
      'BatchMode=no',
      '-P',
      String(srv.port),
      '-o',
      `UserKnownHostsFile=${srv.knownHostsFile}`,
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      'PreferredAuthentications=password',
      '-o',
      'NumberOfPasswordPrompts=1',
      '-b',
      '-',
      `${user}@127.0.0.1`,
    ],
    { input: 'ls\n', env: { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' } },
  );
}

/** A key login with a key authorized for nobody; exit 255 expected. */
export function sftpWrongKey(srv: SshdServer, user = srv.user): Promise<RunResult> {
  return sftpBatch(srv, ['ls'], { user, identity: srv.wrongIdentityFile });
}

/**
 * A client killed mid-session: starts `commands` (e.g. a rate-limited put), after stopAfterMs SIGSTOPs the sftp
 * process tree (sftp + ssh), then SIGKILLs it, so the server sees the connection die without an SFTP/SSH goodbye.
 */
export async function sftpKilled(srv: SshdServer, commands: string[], stopAfterMs: number, c: SftpCall = {}): Promise<void> {
  const child = spawn('sftp', [...sftpArgs(srv, c), '-b', '-', `${c.user ?? srv.user}@127.0.0.1`], { stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin.on('error', () => {
    /* killed (EPIPE) */
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stdin.write(commands.join('\n') + '\n'); // stdin stays open: the session idles after the commands
  await sleep(stopAfterMs);
  const tree = processTree(child.pid!);
  for (const p of tree) {
    try {
      process.kill(p, 'SIGSTOP');
    } catch {
      /* gone */
    }
  }
  await sleep(1000);
  for (const p of tree) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  await exited;
}
