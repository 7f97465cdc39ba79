// Proves the real-vsftpd harness works: a scripted session produces the expected kinds of log lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlFailedLogin, curlList, droppedSession, failedTransfers, fullSession } from './ftp-client.js';
import { startVsftpd, waitForLogLines, type VsftpdServer } from './vsftpd.js';

let srv: VsftpdServer;
beforeAll(async () => {
  srv = await startVsftpd();
}, 30_000);
afterAll(async () => {
  await srv?.stop();
});

const has = (re: RegExp) => (lines: string[]) => lines.some((l) => re.test(l));

describe('real vsftpd harness', () => {
  it('logs a full scripted session, a failed login and a dropped connection', async () => {
    const result = await fullSession(srv, 'h1');
    expect(result.listing).toContain('h1.txt');
    expect(result.downloaded).toBe('hello from h1\n');
    expect((await curlFailedLogin(srv)).code).toBe(67);
    expect(await curlList(srv)).toBe('');
    await droppedSession(srv);

    const q = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const u = q(srv.user),
      home = q(srv.home);
    const lines = await waitForLogLines(srv.logFile, has(/FAIL LOGIN/), 10_000);
    const expected: RegExp[] = [
      /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} \[pid \d+\] CONNECT: Client "127\.0\.0\.1"$/,
      new RegExp(`\\[pid \\d+\\] \\[${u}\\] OK LOGIN: Client "127\\.0\\.0\\.1"$`),
      new RegExp(`\\[pid \\d+\\] \\[${u}\\] FAIL LOGIN: Client "127\\.0\\.0\\.1"$`),
      /\] FTP command: Client "127\.0\.0\.1", "USER /,
      /\] FTP command: Client "127\.0\.0\.1", "PASS <password>"$/,
      /\] FTP response: Client "127\.0\.0\.1", "230 Login successful\."$/,
      /\] FTP response: Client "127\.0\.0\.1", "530 Login incorrect\."$/,
      /\] FTP command: Client "127\.0\.0\.1", "LIST/,
      /\] FTP command: Client "127\.0\.0\.1", "CWD h1-dir"$/,
      /\] FTP command: Client "127\.0\.0\.1", "RNFR h1\.txt"$/,
      /\] FTP command: Client "127\.0\.0\.1", "SITE CHMOD 600 h1-renamed\.txt"$/,
      /\] FTP response: Client "127\.0\.0\.1", "500 Unknown SITE command\."$/,
      /\] FTP command: Client "127\.0\.0\.1", "QUIT"$/,
      new RegExp(`\\] OK UPLOAD: Client "127\\.0\\.0\\.1", "${home}/h1-dir/h1\\.txt", 14 bytes, [\\d.]+Kbyte/sec$`),
      new RegExp(`\\] OK DOWNLOAD: Client "127\\.0\\.0\\.1", "${home}/h1-dir/h1\\.txt", 14 bytes, [\\d.]+Kbyte/sec$`),
      new RegExp(`\\] OK MKDIR: Client "127\\.0\\.0\\.1", "${home}/h1-dir"$`),
      new RegExp(`\\] OK RENAME: Client "127\\.0\\.0\\.1", "${home}/h1-dir/h1\\.txt ${home}/h1-dir/h1-renamed\\.txt"$`),
      new RegExp(`\\] OK CHMOD: Client "127\\.0\\.0\\.1", "${home}/h1-dir/h1-renamed\\.txt 600"$`),
      new RegExp(`\\] OK DELETE: Client "127\\.0\\.0\\.1", "${home}/h1-dir/h1-renamed\\.txt"$`),
      new RegExp(`\\] OK RMDIR: Client "127\\.0\\.0\\.1", "${home}/h1-dir"$`),
    ];
    for (const re of expected)
      expect(
        lines.some((l) => re.test(l)),
        `no line matches ${re}`,
      ).toBe(true);

    const xfer = await waitForLogLines(srv.xferLog, (ls) => ls.length >= 2);
    expect(xfer.some((l) => / 14 \/.*\/h1-dir\/h1\.txt b _ i r msgmon_ftp1 ftp 0 \* c$/.test(l))).toBe(true);
    expect(xfer.some((l) => / 14 \/.*\/h1-dir\/h1\.txt b _ o r msgmon_ftp1 ftp 0 \* c$/.test(l))).toBe(true);
  }, 30_000);

  it('logs failed transfers with FAIL UPLOAD / FAIL DOWNLOAD', async () => {
    await failedTransfers(srv);
    const lines = await waitForLogLines(srv.logFile, (ls) => ls.filter((l) => l.includes('FAIL DOWNLOAD')).length >= 2, 10_000);
    expect(lines.some((l) => /FAIL UPLOAD: Client "127\.0\.0\.1", ".*\/no-such-dir\/x\.txt", [\d.]+Kbyte\/sec$/.test(l))).toBe(true);
    expect(lines.some((l) => /FAIL DOWNLOAD: Client "127\.0\.0\.1", ".*\/no-such-file\.txt", [\d.]+Kbyte\/sec$/.test(l))).toBe(true);
    expect(lines.some((l) => /FAIL DOWNLOAD: Client "127\.0\.0\.1", ".*\/big\.bin", [1-9]\d* bytes/.test(l))).toBe(true);
  }, 30_000);

  it('serves explicit FTPS (AUTH TLS) when asked', async () => {
    const tlsSrv = await startVsftpd({ tls: true });
    try {
      const r = await fullSession(tlsSrv, 'tls');
      expect(r.downloaded).toBe('hello from tls\n');
      const lines = await waitForLogLines(tlsSrv.logFile, has(/"221 Goodbye\."$/));
      expect(lines.some((l) => /FTP command: Client "127\.0\.0\.1", "AUTH TLS"$/.test(l))).toBe(true);
      expect(lines.some((l) => /OK UPLOAD: .*\/tls-dir\/tls\.txt", 15 bytes/.test(l))).toBe(true);
    } finally {
      await tlsSrv.stop();
    }
  }, 30_000);
});
