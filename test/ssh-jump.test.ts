// `--jump HOST`: a second REAL sshd reached only through the first one's forwardOut channel, each hop's
// host key verified on its own; collection works through the jump.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startSshd, type SshdServer } from './support/sshd.js';
import { mustRun } from './support/system.js';
import { msgmon, tempHome } from './support/cli.js';

const USER = { user: 'msgmon_coll3' };
let bastion: SshdServer;
let inner: SshdServer;
let userHome: string;
let remoteDir: string | undefined;

beforeAll(async () => {
  bastion = await startSshd({ users: [USER] });
  inner = await startSshd({ users: [USER] });
  userHome = fs.mkdtempSync('/tmp/msgmon-jump-home-');
});
afterAll(async () => {
  await inner?.stop();
  await bastion?.stop();
  fs.rmSync(userHome, { recursive: true, force: true });
  if (remoteDir) fs.rmSync(remoteDir, { recursive: true, force: true });
});

describe('jump hosts (two real sshd)', () => {
  it('trusts, tests and collects through a jump host', async () => {
    const home = tempHome();
    const run = (...args: string[]) => msgmon(['--home', home, ...args], { env: { HOME: userHome, SSH_AUTH_SOCK: '' } });
    expect(
      run('hosts', 'add', 'bastion', '--host', '127.0.0.1', '--port', String(bastion.port), '--user', USER.user, '--identity', bastion.identityFile).code,
    ).toBe(0);
    expect(
      run(
        'hosts',
        'add',
        'inner',
        '--host',
        '127.0.0.1',
        '--port',
        String(inner.port),
        '--user',
        USER.user,
        '--identity',
        inner.identityFile,
        '--jump',
        'bastion',
      ).code,
    ).toBe(0);
    expect(run('hosts', 'add', 'x', '--host', 'h', '--jump', 'nosuch').code).toBe(1);

    // The jump host's own key must be trusted first.
    const early = run('hosts', 'trust', 'inner');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('msgmon hosts trust bastion');
    expect(run('hosts', 'trust', 'bastion').code).toBe(0);
    const tr = run('hosts', 'trust', 'inner', '--json');
    expect(tr.code, tr.stderr).toBe(0);
    expect(JSON.parse(tr.stdout).fingerprint).toBe(inner.hostKeyFingerprint);

    const t = run('hosts', 'test', 'inner', '--json');
    expect(t.code, t.stderr).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ fingerprint: inner.hostKeyFingerprint, jumps: ['bastion'], auth: `publickey ${inner.identityFile}` });

    const remoteHome = (await mustRun('getent', ['passwd', USER.user])).trim().split(':')[5]!;
    const dir = fs.mkdtempSync(path.join(remoteHome, 'jump-'));
    fs.chmodSync(dir, 0o755);
    remoteDir = dir;
    const file = path.join(dir, 'v.log');
    fs.writeFileSync(file, 'Tue Nov 24 10:15:02 2026 [pid 5] CONNECT: Client "10.0.0.5"\n', { mode: 0o644 });
    run('sources', 'add', 'v', '--system', 'inner', '--format', 'vsftpd', '--path', file);
    const c = run('collect', '--once');
    expect(c.code, c.stderr).toBe(0);
    const log = JSON.parse(run('log', '--json').stdout);
    // (The session the old CONNECT opened may be ended by the idle check: FTP0041, not what is tested here.)
    expect(
      log
        .filter((m: any) => m.msgId !== 'FTP0041')
        .map((m: any) => [m.system, m.msgId])
        .sort(),
    ).toEqual([
      ['inner', 'FTP0001'],
      ['inner', 'MON0001'],
    ]);
  });
});
