// `--transport openssh`: the system `ssh` client instead of ssh2, for sites that need what only OpenSSH does
// (GSSAPI, PKCS#11 keys, its own ~/.ssh/config features). One master connection (ControlMaster) carries an
// `ssh` process per command. The host key is checked by msgmon first (same rules, same MON0003), then pinned:
// OpenSSH is given exactly that key and refuses any other.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { ExecChannel, ExecHost, RemoteConnection } from './remote-exec.js';
import { fingerprint, keyTypeOf } from './known-hosts.js';
import { probeHostKey } from './ssh-jump.js';
import { HostKeyError, SshAuthError, type ConnectOptions } from './ssh-transport.js';
import type { SshTarget } from './ssh-target.js';

/** OpenSSH's HostKeyAlgorithms for a key type (an RSA key signs with rsa-sha2-*). */
function algorithms(type: string): string {
  return type === 'ssh-rsa' ? 'rsa-sha2-512,rsa-sha2-256,ssh-rsa' : type;
}

/** Runs `ssh "$@"` and kills it when its own stdin (a pipe from msgmon) reaches end of file. */
const MASTER_WRAPPER = 'exec 3<&0; ssh "$@" </dev/null & p=$!; { read _ <&3; kill $p 2>/dev/null; } & w=$!; wait $p; s=$?; kill $w 2>/dev/null; exit $s';

/** A child process (a command through the master connection, or run here) shaped like an ssh2 channel. */
export function processChannel(child: ChildProcess): ExecChannel {
  const ch = new EventEmitter() as ExecChannel;
  ch.stderr = child.stderr!;
  child.stdout!.on('data', (d: Buffer) => ch.emit('data', d));
  child.on('close', (code) => ch.emit('close', code));
  child.stdin!.on('error', () => {
    /* the command ended before reading its input */
  });
  ch.write = (s: string) => child.stdin!.write(s);
  ch.end = (s?: string) => child.stdin!.end(s);
  ch.close = () => child.kill('SIGTERM');
  return ch;
}

/** Connects with the system ssh: host key verified and pinned, BatchMode (agent or key files, never a prompt). */
export async function connectOpenSsh(t: SshTarget, o: ConnectOptions, runDir: string): Promise<RemoteConnection> {
  const started = performance.now();
  const key = await probeHostKey([t], o);
  const v = o.knownHosts.check(t.host, t.port, key);
  if (v.status !== 'trusted') throw new HostKeyError(v.status, t, fingerprint(key), v.status === 'changed' ? v.expected.map((e) => fingerprint(e.key)) : []);

  const dir = fs.mkdtempSync(path.join(runDir, 'ssh-'));
  const alias = `msgmon-${t.name}`;
  const line = `${keyTypeOf(key)} ${key.toString('base64')}`;
  fs.writeFileSync(path.join(dir, 'known_hosts'), `${alias} ${line}\n[${alias}]:${t.port} ${line}\n`, { mode: 0o600 });
  const ctl = path.join(dir, 'ctl');
  const keepalive = Math.max(1, Math.round((o.keepaliveIntervalMs ?? 15_000) / 1000));
  const base = [
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`,
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    '-o',
    `HostKeyAlias=${alias}`,
    '-o',
    `HostKeyAlgorithms=${algorithms(keyTypeOf(key))}`,
    '-o',
    `ServerAliveInterval=${keepalive}`,
    '-o',
    `ServerAliveCountMax=${o.keepaliveCountMax ?? 3}`,
    '-o',
    `ConnectTimeout=${Math.ceil((o.readyTimeoutMs ?? 20_000) / 1000)}`,
    '-p',
    String(t.port),
    '-l',
    t.user,
    '-S',
    ctl,
    ...(t.explicitIdentity ? ['-i', t.identityFiles[0]!, '-o', 'IdentitiesOnly=yes'] : []),
  ];
  const env = o.env ?? process.env;
  // The master must not outlive msgmon (kill -9 included): a watcher kills it when our end of its stdin closes.
  const master = spawn('sh', ['-c', MASTER_WRAPPER, 'sh', ...base, '-M', '-N', '-o', 'ControlPersist=no', '--', t.host], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env,
  });
  let errText = '';
  master.stderr!.on('data', (d: Buffer) => {
    errText += d.toString('utf8');
  });
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const gone = new Promise<void>((r) => master.once('exit', () => r()));
  let exited = false;
  void gone.then(() => {
    exited = true;
    cleanup();
  });
  const deadline = Date.now() + (o.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exited) {
      const why = errText.trim().split('\n').pop() ?? 'ssh exited';
      throw /Permission denied/.test(errText)
        ? new SshAuthError(`${t.name} refused the login of ${t.user} (openssh): ${why}`)
        : new Error(`cannot connect to ${t.name} (${t.host}:${t.port}) with ssh: ${why}`);
    }
    if (fs.existsSync(ctl) && spawnSync('ssh', ['-S', ctl, '-O', 'check', '--', t.host], { stdio: 'ignore', env }).status === 0) break;
    if (Date.now() > deadline) {
      master.stdin!.end();
      throw new Error(`cannot connect to ${t.name} (${t.host}:${t.port}) with ssh: no answer within ${o.readyTimeoutMs ?? 20_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const exec: ExecHost = {
    exec: (command, cb) => {
      if (exited) return cb(new Error('connection closed'), undefined as never);
      const child = spawn('ssh', [...base, '-o', 'ControlMaster=no', '--', t.host, command], { stdio: ['pipe', 'pipe', 'pipe'], env });
      cb(undefined, processChannel(child));
    },
  };
  return {
    exec,
    hostKey: key,
    fingerprint: fingerprint(key),
    authMethod: 'openssh',
    connectMs: Math.round(performance.now() - started),
    onClose: (cb) => void gone.then(cb),
    close: () => {
      if (!exited) master.stdin!.end();
      cleanup();
    },
  };
}
