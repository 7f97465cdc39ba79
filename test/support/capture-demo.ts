// Captures REAL demo logs (vsftpd.log, xferlog, auth.log) into a directory by driving real servers for ~4 minutes.
// Run: see data/demo/README.md (compiled with tsc into dist/, then `node dist/capture/test/support/capture-demo.js data/demo`).
import { spawn } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectFtp, curlFailedLogin, curlList, getText, putText, quit } from './ftp-client.js';
import { startRsyslog } from './rsyslog.js';
import { sftpBatch, sftpKilled, sftpSlow, sftpWrongKey, sftpWrongPassword } from './sftp-client.js';
import { startSshd } from './sshd.js';
import { ensureUser, processTree, sleep } from './system.js';
import { startVsftpd, type FtpUser } from './vsftpd.js';

const out = process.argv[2] ?? 'data/demo';
const DURATION = Number(process.env.DEMO_SECONDS ?? 225) * 1000;
const T0 = Date.now();
const at = async (s: number) => {
  const d = T0 + s * 1000 - Date.now();
  if (d > 0) await sleep(d);
};
const jitter = (lo: number, hi: number) => Math.round((lo + Math.random() * (hi - lo)) * 1000);
const stamp = () => new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const log = (m: string) => console.log(`${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s ${m}`);

// Key-only accounts: FTP logons use the vsftpd run's tokens (passwordOf), SFTP the generated key.
const U: Record<string, FtpUser> = { thomask: { user: 'thomask' }, edi_acme: { user: 'edi_acme' }, sapexp: { user: 'sapexp' }, jdoe: { user: 'jdoe' } };

const DEMO_DIRS = ['inbound', 'reports', 'outbound', 'public', '.ssh'];

/** Removes what a capture left in the demo users' homes (big test files included). */
async function cleanHomes(): Promise<void> {
  for (const name of Object.keys(U)) {
    const acct = await ensureUser(name);
    for (const sub of DEMO_DIRS) rmSync(join(acct.home, sub), { recursive: true, force: true });
  }
}

/** Fresh home content for the demo users, owned by them. */
async function prepareHomes(): Promise<void> {
  await cleanHomes();
  const files: Record<string, Record<string, string | Buffer>> = {
    edi_acme: { 'inbound/': '' },
    thomask: {
      'reports/Q3-summary.csv': 'region,revenue\nnorth,1200\nsouth,980\n',
      'reports/old-draft.txt': 'obsolete\n',
      'reports/archive-2025.zip': Buffer.alloc(64 * 1024 * 1024, 0x5a),
    },
    sapexp: { 'outbound/': '' },
    jdoe: { 'public/readme.txt': 'hello\n' },
  };
  for (const [name, tree] of Object.entries(files)) {
    const acct = await ensureUser(name);
    for (const [rel, content] of Object.entries(tree)) {
      const p = join(acct.home, rel);
      const dir = rel.endsWith('/') ? p : join(p, '..');
      mkdirSync(dir, { recursive: true });
      chownSync(dir, acct.uid, acct.gid);
      if (!rel.endsWith('/')) {
        writeFileSync(p, content);
        chownSync(p, acct.uid, acct.gid);
      }
    }
  }
}

function ediOrder(n: number): string {
  const lines = [`UNB+UNOC:3+ACME:14+WEB1:14+${stamp().slice(2, 8)}:${stamp().slice(8, 12)}+${n}'`, `UNH+1+ORDERS:D:96A:UN'`];
  for (let i = 1; i <= 20 + (n % 7) * 5; i++) lines.push(`LIN+${i}++40012${i}:EN'QTY+21:${((i * 7) % 50) + 1}'`);
  return lines.concat([`UNT+${lines.length}+1'`, `UNZ+1+${n}'`]).join('\n') + '\n';
}

async function main(): Promise<void> {
  await prepareHomes();
  const local = mkdtempSync(join(tmpdir(), 'msgmon-demo-local-'));
  writeFileSync(join(local, 'big-upload.bin'), Buffer.alloc(20 * 1024 * 1024, 0x42));
  const ftp = await startVsftpd({ users: Object.values(U), isolatedHomes: false, keep: true });
  const syslog = await startRsyslog({ hostname: 'web1', keep: true });
  const ssh = await startSshd({ users: [U.thomask, U.sapexp, U.jdoe], syslogSocket: syslog.socket, logLevel: 'VERBOSE', keysInHome: true, keep: true });
  log(`vsftpd :${ftp.port} ${ftp.dir}; sshd :${ssh.port} ${ssh.dir}; rsyslog ${syslog.dir}`);
  const t = (u: FtpUser & { password?: string }) => ({ port: ftp.port, user: u.user, password: u.password ?? ftp.passwordOf(u.user) });
  const pause = (lo = 3, hi = 7) => sleep(jitter(lo, hi));

  const ediLoop = async () => {
    // batch partner: same sequence at machine speed every 20-30 s
    for (let n = 1; Date.now() - T0 < DURATION; n++) {
      const c = await connectFtp(t(U.edi_acme));
      await c.cd('inbound');
      await putText(c, `ORDERS_${stamp()}_${String(n).padStart(4, '0')}.edi`, ediOrder(n));
      await c.list();
      await quit(c);
      log(`edi_acme batch ${n}`);
      await sleep(jitter(20, 30));
    }
  };
  const thomasFtp = async () => {
    // a human, slowly
    await at(12);
    const c = await connectFtp(t(U.thomask));
    const steps: [string, () => Promise<unknown>][] = [
      ['PWD', () => c.pwd()],
      ['LIST', () => c.list()],
      ['CWD reports', () => c.cd('reports')],
      ['LIST', () => c.list()],
      ['RETR', () => getText(c, 'Q3-summary.csv')],
      ['STOR', () => putText(c, 'notes.txt', 'call ACME about Q4 volumes\n')],
      ['RENAME', () => c.rename('notes.txt', 'notes-2026-11-25.txt')],
      ['CHMOD', () => c.send('SITE CHMOD 640 notes-2026-11-25.txt')],
      ['SITE EXEC (fails)', () => c.sendIgnoringError('SITE EXEC ls -l')],
      ['MKD', () => c.send('MKD drafts-tmp')],
      ['RMD', () => c.removeEmptyDir('drafts-tmp')],
      ['STOR denied', () => putText(c, '/etc/notes.txt', 'x\n').catch(() => 0)],
      ['DELE', () => c.remove('old-draft.txt')],
      ['CDUP', () => c.cdup()],
    ];
    for (const [what, step] of steps) {
      await pause();
      await step();
      log(`thomask ftp ${what}`);
    }
    await pause();
    await quit(c);
    log('thomask ftp QUIT');
  };
  const ftpFailures = async () => {
    await at(40);
    await curlFailedLogin(t({ user: 'nosuchuser', password: 'guest' }));
    log('ftp nosuchuser failed');
    await at(70);
    await curlFailedLogin(t({ user: 'jdoe', password: 'J0hn-Doe' }));
    log('ftp jdoe bad password');
    await at(78);
    await curlList(t(U.jdoe), '/public/');
    log('ftp jdoe ok');
    await at(115);
    {
      // dropped: logged in, listed, then the TCP connection is reset without QUIT
      const c = await connectFtp(t(U.jdoe));
      await c.cd('public');
      await c.list();
      await sleep(2000);
      c.ftp.socket.resetAndDestroy();
      c.close();
      log('ftp jdoe dropped');
    }
    await at(150);
    {
      // a real client process stopped then killed mid-download
      const curl = spawn(
        'curl',
        [
          '-sS',
          '--limit-rate',
          '200k',
          '--user',
          `thomask:${ftp.passwordOf('thomask')}`,
          '-o',
          '/dev/null',
          `ftp://127.0.0.1:${ftp.port}/reports/archive-2025.zip`,
        ],
        { stdio: 'ignore' },
      );
      await sleep(3000);
      const tree = processTree(curl.pid!);
      tree.forEach((p) => process.kill(p, 'SIGSTOP'));
      await sleep(1000);
      tree.forEach((p) => process.kill(p, 'SIGKILL'));
      log('ftp thomask curl killed mid-download');
    }
  };
  const sapLoop = async () => {
    // scheduled export job over SFTP every 40-50 s
    await at(5);
    for (let n = 1; Date.now() - T0 < DURATION; n++) {
      const f = `export_${stamp()}.csv`;
      writeFileSync(join(local, f), 'matnr;qty\n' + Array.from({ length: 50 + n * 10 }, (_, i) => `1000${i};${i % 9}`).join('\n') + '\n');
      const r = await sftpBatch(ssh, ['cd outbound', `put ${join(local, f)} ${f}`, 'ls -l'], { user: 'sapexp' });
      log(`sapexp sftp batch ${n} rc=${r.code}`);
      await sleep(jitter(40, 50));
    }
  };
  const sftpOthers = async () => {
    await at(60);
    await sftpWrongPassword(ssh, 'jdoe', 'J0hn-Doe');
    log('sftp jdoe bad password');
    await at(95);
    writeFileSync(join(local, 'draft.txt'), 'Q4 plan draft\n');
    const rc = await sftpSlow(
      ssh,
      [
        'pwd',
        'ls',
        'cd reports',
        `get Q3-summary.csv ${join(local, 'q3.csv')}`,
        `put ${join(local, 'draft.txt')} draft.txt`,
        'rename draft.txt draft-v2.txt',
        'chmod 640 draft-v2.txt',
        'mkdir old',
        'rmdir old',
        'rm draft-v2.txt',
        'bye',
      ],
      () => jitter(3, 6),
      { user: 'thomask' },
    );
    log(`sftp thomask human session rc=${rc}`);
    await at(160);
    await sftpWrongPassword(ssh, 'nosuchuser', 'admin');
    log('sftp nosuchuser');
    await at(175);
    await sftpWrongKey(ssh, 'sapexp');
    log('sftp sapexp wrong key');
    await at(190);
    await sftpKilled(ssh, [`put ${join(local, 'big-upload.bin')} reports/big-upload.bin`], 3000, { user: 'thomask', limitKbit: 8000 });
    log('sftp thomask killed mid-upload');
  };

  try {
    await Promise.all([ediLoop(), thomasFtp(), ftpFailures(), sapLoop(), sftpOthers()]);
    await sleep(3000);
  } finally {
    await ssh.stop();
    await ftp.stop();
    await sleep(500);
    await syslog.stop();
    await cleanHomes();
  }
  mkdirSync(out, { recursive: true });
  copyFileSync(ftp.logFile, join(out, 'vsftpd.log'));
  copyFileSync(ftp.xferLog, join(out, 'xferlog'));
  copyFileSync(syslog.logFile, join(out, 'auth.log'));
  for (const d of [ftp.dir, ssh.dir, syslog.dir, local]) rmSync(d, { recursive: true, force: true });
  log(`written to ${out}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
