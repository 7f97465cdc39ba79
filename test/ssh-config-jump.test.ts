// ~/.ssh/config as OpenSSH reads it (three REAL sshd): a host whose alias has `ProxyJump j1,user@host:port`
// is reached through both jump hosts (j1 defined in a file pulled in by `Include config.d/*.conf`), every
// hop's key checked against ~/.ssh/known_hosts; the `ssh://user@host:port` form works for a single hop.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type SshdServer } from './support/sshd.js';
import { mustRun } from './support/system.js';
import { msgmon, tempHome } from './support/cli.js';

const USER = { user: 'msgmon_pj1' };
let j1: SshdServer;
let j2: SshdServer;
let target: SshdServer;
let userHome: string;
let remoteDir: string;

beforeAll(async () => {
  [j1, j2, target] = await Promise.all([startSshd({ users: [USER] }), startSshd({ users: [USER] }), startSshd({ users: [USER] })]);
  userHome = fs.mkdtempSync('/tmp/msgmon-pj-home-');
  const ssh = path.join(userHome, '.ssh');
  fs.mkdirSync(path.join(ssh, 'config.d'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    path.join(ssh, 'config'),
    [
      '# the jump hosts live in an included file',
      'Include config.d/*.conf',
      'Host target',
      '  HostName 127.0.0.1',
      `  Port ${target.port}`,
      `  User ${USER.user}`,
      `  IdentityFile ${target.identityFile}`,
      `  ProxyJump j1,${USER.user}@127.0.0.1:${j2.port}`,
      'Host single',
      '  HostName 127.0.0.1',
      `  Port ${target.port}`,
      `  User ${USER.user}`,
      `  IdentityFile ${target.identityFile}`,
      `  ProxyJump ssh://${USER.user}@127.0.0.1:${j2.port}`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(ssh, 'config.d', '10-jumps.conf'),
    `Host j1\n  HostName 127.0.0.1\n  Port ${j1.port}\n  User ${USER.user}\n  IdentityFile ${j1.identityFile}\n`,
  );
  // The second hop is named by address only: it logs in with the default key, as ssh would.
  fs.copyFileSync(j2.identityFile, path.join(ssh, 'id_ed25519'));
  fs.chmodSync(path.join(ssh, 'id_ed25519'), 0o600);
  fs.writeFileSync(path.join(ssh, 'known_hosts'), fs.readFileSync(j1.knownHostsFile, 'utf8') + fs.readFileSync(j2.knownHostsFile, 'utf8'));
  const remoteHome = (await mustRun('getent', ['passwd', USER.user])).trim().split(':')[5]!;
  remoteDir = fs.mkdtempSync(path.join(remoteHome, 'pj-'));
  fs.chmodSync(remoteDir, 0o755);
});
afterAll(async () => {
  await Promise.all([j1?.stop(), j2?.stop(), target?.stop()]);
  fs.rmSync(userHome, { recursive: true, force: true });
  if (remoteDir) fs.rmSync(remoteDir, { recursive: true, force: true });
});

/** Logins each sshd accepted so far (its own -E log). */
const logins = (s: SshdServer) => (fs.readFileSync(s.sshdLog, 'utf8').match(new RegExp(`Accepted publickey for ${USER.user}`, 'g')) ?? []).length;

describe('~/.ssh/config ProxyJump and Include (three real sshd)', () => {
  it('reaches, trusts, tests and collects from a host behind a two-hop ProxyJump chain', () => {
    const home = tempHome();
    const run = (...args: string[]) => msgmon(['--home', home, ...args], { env: { HOME: userHome, SSH_AUTH_SOCK: '' } });
    expect(run('hosts', 'add', 't', '--host', 'target').code).toBe(0);
    const before = [logins(j1), logins(j2)];
    const tr = run('hosts', 'trust', 't', '--json');
    expect(tr.code, tr.stderr).toBe(0);
    expect(JSON.parse(tr.stdout).fingerprint).toBe(target.hostKeyFingerprint);
    const t = run('hosts', 'test', 't', '--json');
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({
      fingerprint: target.hostKeyFingerprint,
      jumps: ['j1', '127.0.0.1'],
      auth: `publickey ${target.identityFile}`,
    });
    // Both hops were really used (each logged a login), not a direct connection.
    expect(logins(j1)).toBeGreaterThan(before[0]!);
    expect(logins(j2)).toBeGreaterThan(before[1]!);

    const file = path.join(remoteDir, 'v.log');
    fs.writeFileSync(file, 'Tue Nov 24 10:15:02 2026 [pid 5] CONNECT: Client "10.0.0.5"\n', { mode: 0o644 });
    expect(run('sources', 'add', 'v', '--system', 't', '--format', 'vsftpd', '--path', file).code).toBe(0);
    const c = run('collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    const log = JSON.parse(run('log', '--json').stdout);
    expect(log.filter((m: { msgId: string }) => m.msgId === 'FTP0001')).toEqual([expect.objectContaining({ system: 't', source: 'v' })]);

    // ssh://user@host:port, one hop.
    expect(run('hosts', 'add', 's', '--host', 'single').code).toBe(0);
    expect(run('hosts', 'trust', 's').code).toBe(0);
    const s = run('hosts', 'test', 's', '--json');
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).jumps).toEqual(['127.0.0.1']);

    // A hop whose key is not known is refused, naming the hop.
    fs.writeFileSync(path.join(userHome, '.ssh', 'known_hosts'), fs.readFileSync(j2.knownHostsFile, 'utf8'));
    const refused = run('hosts', 'test', 't');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/host key of j1 \(\[127\.0\.0\.1\]:\d+\) is not known/);
  }, 120_000);
});
