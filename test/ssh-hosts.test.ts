// `msgmon hosts` against a REAL sshd on 127.0.0.1: key file and ssh-agent logins, ~/.ssh/config aliases,
// unknown host keys refused until `hosts trust`, a changed key refused with MON0003 stored, encrypted keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startSshd, type SshdServer } from './support/sshd.js';
import { killTree, mustRun, waitFor } from './support/system.js';
import { msgmon, tempHome } from './support/cli.js';

const USER = { user: 'msgmon_coll1' };
let srv: SshdServer;
let agent: ChildProcess | null = null;
let work: string;

beforeAll(async () => {
  srv = await startSshd({ users: [USER] });
  work = fs.mkdtempSync('/tmp/msgmon-hosts-');
});
afterAll(async () => {
  if (agent?.pid) await killTree(agent.pid, 'SIGTERM');
  await srv?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

/** A fresh msgmon home and a fresh $HOME (own ~/.ssh), no agent unless given. */
function setup(extraEnv: Record<string, string> = {}) {
  const home = tempHome();
  const userHome = fs.mkdtempSync(path.join(work, 'home-'));
  const env = { HOME: userHome, SSH_AUTH_SOCK: '', ...extraEnv };
  const run = (...args: string[]) => msgmon(['--home', home, ...args], { env });
  const runWith = (more: Record<string, string>, ...args: string[]) => msgmon(['--home', home, ...args], { env: { ...env, ...more } });
  return { home, userHome, env, run, runWith };
}

describe('hosts (real sshd)', () => {
  it('refuses an unknown host key with its fingerprint, trusts it, then tests with a key file', () => {
    const { run, home } = setup();
    expect(run('hosts', 'add', 'r1', '--host', '127.0.0.1', '--port', String(srv.port), '--user', USER.user, '--identity', srv.identityFile).code).toBe(0);
    const first = run('hosts', 'test', 'r1');
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(srv.hostKeyFingerprint);
    expect(first.stderr).toContain('msgmon hosts trust r1');

    const trust = run('hosts', 'trust', 'r1', '--json');
    expect(trust.code, trust.stderr).toBe(0);
    expect(JSON.parse(trust.stdout)).toMatchObject({ fingerprint: srv.hostKeyFingerprint, keyType: 'ssh-ed25519', was: 'unknown' });
    expect(fs.readFileSync(path.join(home, 'known_hosts'), 'utf8')).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${srv.port} ssh-ed25519 `));

    const t = run('hosts', 'test', 'r1', '--json');
    expect(t.code, t.stderr).toBe(0);
    const r = JSON.parse(t.stdout);
    expect(r).toMatchObject({ name: 'r1', fingerprint: srv.hostKeyFingerprint, auth: `publickey ${srv.identityFile}`, user: USER.user });
    expect(r.os).toMatch(/^Linux \d/);
    expect(r.connectMs).toBeGreaterThan(0);
    const human = run('hosts', 'test', 'r1');
    expect(human.stdout).toContain(`host key   ssh-ed25519 ${srv.hostKeyFingerprint}`);

    const list = JSON.parse(run('hosts', 'list', '--json').stdout);
    expect(list).toEqual([expect.objectContaining({ name: 'r1', hostKeyKnown: true, resolved: { host: '127.0.0.1', port: srv.port, user: USER.user } })]);
    // Only what is needed is stored: no password field exists, and the config stays private.
    const cfg = fs.readFileSync(path.join(home, 'config.json'), 'utf8');
    expect(cfg).not.toMatch(/password|passphrase/i);
    expect(fs.statSync(path.join(home, 'config.json')).mode & 0o777).toBe(0o600);
    // A wrong --fingerprint records nothing.
    expect(run('hosts', 'trust', 'r1', '--fingerprint', 'SHA256:nope').code).toBe(1);
  });

  it('logs in through a real ssh-agent holding the key', async () => {
    const sock = path.join(work, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    await waitFor(() => fs.existsSync(sock), 5000, 'ssh-agent socket');
    await mustRun('ssh-add', [srv.identityFile], { env: { SSH_AUTH_SOCK: sock } });
    const { run } = setup({ SSH_AUTH_SOCK: sock });
    run('hosts', 'add', 'r2', '--host', '127.0.0.1', '--port', String(srv.port), '--user', USER.user);
    expect(run('hosts', 'trust', 'r2').code).toBe(0);
    const t = run('hosts', 'test', 'r2', '--json');
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout).auth).toBe('agent');
    // Without the agent and without keys in ~/.ssh, the error says what to do.
    const { run: bare } = setup();
    bare('hosts', 'add', 'r2', '--host', '127.0.0.1', '--port', String(srv.port), '--user', USER.user);
    bare('hosts', 'trust', 'r2');
    const no = bare('hosts', 'test', 'r2');
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/no ssh-agent \(SSH_AUTH_SOCK\) and no key file/);
  });

  it('honours ~/.ssh/config: alias, HostName, Port, User, IdentityFile with ~', () => {
    const { run, userHome } = setup();
    fs.mkdirSync(path.join(userHome, '.ssh'), { mode: 0o700 });
    fs.copyFileSync(srv.identityFile, path.join(userHome, '.ssh', 'msgmon_test_key'));
    fs.writeFileSync(
      path.join(userHome, '.ssh', 'config'),
      `Host other\n  Port 1\n\nHost testbox\n  HostName 127.0.0.1\n  Port ${srv.port}\n  User ${USER.user}\n  IdentityFile ~/.ssh/msgmon_test_key\n`,
    );
    expect(run('hosts', 'add', 'r3', '--host', 'testbox').code).toBe(0);
    expect(run('hosts', 'trust', 'r3').code).toBe(0);
    const t = run('hosts', 'test', 'r3', '--json');
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({
      host: '127.0.0.1',
      port: srv.port,
      user: USER.user,
      auth: `publickey ${path.join(userHome, '.ssh', 'msgmon_test_key')}`,
    });
  });

  it('uses ~/.ssh/known_hosts (hashed) too, and refuses a changed key with MON0003 stored', async () => {
    const { run, userHome, home } = setup();
    fs.mkdirSync(path.join(userHome, '.ssh'), { mode: 0o700 });
    const kh = path.join(userHome, '.ssh', 'known_hosts');
    fs.copyFileSync(srv.knownHostsFile, kh);
    await mustRun('ssh-keygen', ['-H', '-f', kh]);
    run('hosts', 'add', 'r4', '--host', '127.0.0.1', '--port', String(srv.port), '--user', USER.user, '--identity', srv.identityFile);
    expect(run('hosts', 'test', 'r4').code).toBe(0);

    // Another key of the same type recorded for the host: what a man in the middle looks like.
    const other = fs.readFileSync(`${srv.wrongIdentityFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(path.join(home, 'known_hosts'), `[127.0.0.1]:${srv.port} ${other}\n`);
    const t = run('hosts', 'test', 'r4');
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/HOST KEY OF r4 .* CHANGED/);
    expect(t.stderr).toContain(srv.hostKeyFingerprint);
    const log = JSON.parse(run('log', '--msgid', 'MON0003', '--json').stdout);
    expect(log).toEqual([expect.objectContaining({ msgId: 'MON0003', severity: 90, system: 'r4', text: 'Host key of r4 changed: connection refused' })]);
    expect(log[0].fields.fingerprint).toBe(srv.hostKeyFingerprint);
    // trust replaces the key (the operator checked it), then the host works again.
    const tr = run('hosts', 'trust', 'r4', '--json');
    expect(JSON.parse(tr.stdout).was).toBe('changed');
    expect(run('hosts', 'test', 'r4').code).toBe(0);
  });

  it('an encrypted key without or with a wrong passphrase is a clear error, not a crash', async () => {
    const enc = path.join(work, 'id_enc');
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'right horse', '-f', enc]);
    const { run, runWith } = setup();
    run('hosts', 'add', 'r5', '--host', '127.0.0.1', '--port', String(srv.port), '--user', USER.user, '--identity', enc);
    run('hosts', 'trust', 'r5');
    const none = run('hosts', 'test', 'r5');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`identity file ${enc} is protected by a passphrase: load it into ssh-agent (ssh-add ${enc}) or set MSGMON_SSH_PASSPHRASE`);
    const wrong = runWith({ MSGMON_SSH_PASSPHRASE: 'wrong' }, 'hosts', 'test', 'r5');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('wrong passphrase');
    // The right passphrase decrypts it; the key is not authorized, so the host refuses the login, clearly.
    const right = runWith({ MSGMON_SSH_PASSPHRASE: 'right horse' }, 'hosts', 'test', 'r5');
    expect(right.code).toBe(1);
    expect(right.stderr).toContain(`r5 refused the login of ${USER.user}: tried publickey ${enc}`);
  });

  it('refuses to remove a host that sources use; removes it otherwise', () => {
    const { run } = setup();
    run('hosts', 'add', 'r6', '--host', '127.0.0.1', '--port', String(srv.port));
    expect(run('sources', 'add', 's6', '--system', 'r6', '--format', 'vsftpd', '--path', '/var/log/x.log').code).toBe(0);
    expect(run('sources', 'add', 's7', '--system', 'nope', '--format', 'vsftpd', '--path', '/x').code).toBe(1);
    expect(run('sources', 'add', 's8', '--system', 'r6', '--format', 'nosuch', '--path', '/x').code).toBe(2);
    const rm = run('hosts', 'remove', 'r6');
    expect(rm.code).toBe(1);
    expect(rm.stderr).toContain('used by sources s6');
    expect(run('sources', 'remove', 's6').code).toBe(0);
    expect(run('hosts', 'remove', 'r6').code).toBe(0);
    expect(JSON.parse(run('hosts', 'list', '--json').stdout)).toEqual([]);
    expect(run('hosts', 'add', 'bad name', '--host', 'x').code).toBe(1);
  });
});
