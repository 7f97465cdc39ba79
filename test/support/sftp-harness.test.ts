// Proves the real sshd + private rsyslogd harness: sftp sessions leave sshd and internal-sftp lines in a traditional syslog file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRsyslog, type Rsyslog } from './rsyslog.js';
import { sftpBatch, sftpKilled, sftpWrongKey, sftpWrongPassword } from './sftp-client.js';
import { startSshd, type SshdServer } from './sshd.js';
import { waitForLogLines } from './vsftpd.js';

let syslog: Rsyslog;
let srv: SshdServer;
let local: string;
beforeAll(async () => {
  syslog = await startRsyslog({ hostname: 'web1' });
  srv = await startSshd({ syslogSocket: syslog.socket, logLevel: 'VERBOSE' });
  local = mkdtempSync(join(tmpdir(), 'msgmon-sftp-local-'));
  writeFileSync(join(local, 'a.txt'), 'hello sftp\n');
  writeFileSync(join(local, 'big.bin'), Buffer.alloc(4 * 1024 * 1024, 0x42));
}, 30_000);
afterAll(async () => {
  await srv?.stop();
  await syslog?.stop();
  rmSync(local, { recursive: true, force: true });
});

describe('real sshd + rsyslogd harness', () => {
  it('logs a full sftp session, failed logins and a killed client', async () => {
    const d = `h-${process.pid}`;
    const r = await sftpBatch(srv, [
      `mkdir ${d}`,
      `cd ${d}`,
      `put ${local}/a.txt a.txt`,
      'ls',
      `get a.txt ${local}/back.txt`,
      'rename a.txt b.txt',
      'chmod 600 b.txt',
      'rm b.txt',
      'cd ..',
      `rmdir ${d}`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((await sftpWrongPassword(srv, srv.user)).code).toBe(255);
    expect((await sftpWrongPassword(srv, 'nosuchuser')).code).toBe(255);
    expect((await sftpWrongKey(srv)).code).toBe(255);
    await sftpKilled(srv, [`put ${local}/big.bin killed-${process.pid}.bin`], 1500, { limitKbit: 4000 });

    const lines = await waitForLogLines(syslog.logFile, (ls) => ls.filter((l) => l.includes('session closed')).length >= 2, 10_000);
    const u = srv.user;
    const expected: RegExp[] = [
      /^\w{3} [ \d]\d \d\d:\d\d:\d\d web1 sshd\[\d+\]: Server listening on 127\.0\.0\.1 port \d+\.$/,
      new RegExp(
        `^\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d web1 sshd\\[\\d+\\]: Accepted publickey for ${u} from 127\\.0\\.0\\.1 port \\d+ ssh2: ED25519 SHA256:`,
      ),
      new RegExp(`internal-sftp\\[\\d+\\]: session opened for local user ${u} from \\[127\\.0\\.0\\.1\\]$`),
      new RegExp(`internal-sftp\\[\\d+\\]: mkdir name "/home/${u}/${d}" mode 0777$`),
      new RegExp(`internal-sftp\\[\\d+\\]: open "/home/${u}/${d}/a\\.txt" flags WRITE,CREATE,TRUNCATE mode 0644$`),
      new RegExp(`internal-sftp\\[\\d+\\]: close "/home/${u}/${d}/a\\.txt" bytes read 0 written 11$`),
      new RegExp(`internal-sftp\\[\\d+\\]: close "/home/${u}/${d}/a\\.txt" bytes read 11 written 0$`),
      new RegExp(`internal-sftp\\[\\d+\\]: posix-rename old "/home/${u}/${d}/a\\.txt" new "/home/${u}/${d}/b\\.txt"$`),
      new RegExp(`internal-sftp\\[\\d+\\]: set "/home/${u}/${d}/b\\.txt" mode 0600$`),
      new RegExp(`internal-sftp\\[\\d+\\]: remove name "/home/${u}/${d}/b\\.txt"$`),
      new RegExp(`internal-sftp\\[\\d+\\]: rmdir name "/home/${u}/${d}"$`),
      new RegExp(`internal-sftp\\[\\d+\\]: forced close "/home/${u}/killed-${process.pid}\\.bin" bytes read 0 written \\d+$`),
      /sshd\[\d+\]: Received disconnect from 127\.0\.0\.1 port \d+:11: disconnected by user$/,
      new RegExp(`sshd\\[\\d+\\]: Failed password for ${u} from 127\\.0\\.0\\.1 port \\d+ ssh2$`),
      /sshd\[\d+\]: Invalid user nosuchuser from 127\.0\.0\.1 port \d+$/,
      /sshd\[\d+\]: Failed password for invalid user nosuchuser from 127\.0\.0\.1 port \d+ ssh2$/,
      new RegExp(`sshd\\[\\d+\\]: Failed publickey for ${u} from 127\\.0\\.0\\.1 port \\d+ ssh2: ED25519 SHA256:`),
    ];
    for (const re of expected)
      expect(
        lines.some((l) => re.test(l)),
        `no line matches ${re}\n${lines.join('\n')}`,
      ).toBe(true);
    await sftpBatch(srv, [`rm killed-${process.pid}.bin`]);
  }, 60_000);
});
