// FTP logons without Unix passwords: test accounts are key-only, so each FTP server run gets a random token per user
// and a private way to check it — a PAM service of its own for vsftpd (pam_userdb), an AuthUserFile for ProFTPD, a
// PureDB for Pure-FTPd. Real authentication: a wrong password still fails (FAIL LOGIN tests rely on it).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { alive } from '../../bench/process.js';
import { join } from 'node:path';

/** A fresh password for one server run: never written in the test sources. */
export function runToken(): string {
  return randomBytes(12).toString('base64url');
}

/** SHA-512 crypt(3) hash of a token, as /etc/shadow, ProFTPD's AuthUserFile and Pure-FTPd's passwd file take it. */
export function cryptHash(token: string): string {
  return execFileSync('openssl', ['passwd', '-6', '-stdin'], { input: token, encoding: 'utf8' }).trim();
}

const pamFiles = new Set<string>();
process.once('exit', () => {
  for (const f of pamFiles) rmSync(f, { force: true });
});

/**
 * A PAM service of the run (/etc/pam.d/msgmon-test-…) for vsftpd's pam_service_name: pam_userdb checks the password
 * against the run's tokens (SHA-512 crypt hashes in a Berkeley DB under `dir`, written with Perl's DB_File).
 * pam_exec cannot serve here: vsftpd's privileged process reaps the helper's exit itself and hangs.
 */
export function privatePamService(dir: string, tokens: Map<string, string>): { name: string; remove(): void } {
  const db = join(dir, 'ftp-users');
  for (const [user, token] of tokens) {
    execFileSync('perl', [
      '-MDB_File',
      '-MFcntl',
      '-e',
      'tie my %h, "DB_File", $ARGV[0], O_RDWR|O_CREAT, 0600, $DB_HASH or die "$ARGV[0]: $!"; $h{$ARGV[1]} = $ARGV[2]; untie %h',
      `${db}.db`,
      user,
      cryptHash(token),
    ]);
  }
  // Files of runs whose process was killed before it could remove them: their pid is in the name.
  for (const f of readdirSync('/etc/pam.d')) {
    const pid = /^msgmon-test-(\d+)-/.exec(f)?.[1];
    if (pid && !alive(Number(pid))) rmSync(join('/etc/pam.d', f), { force: true });
  }
  const name = `msgmon-test-${process.pid}-${randomBytes(4).toString('hex')}`;
  const file = join('/etc/pam.d', name);
  writeFileSync(
    file,
    `# msgmon test run (removed when the run stops)\nauth required pam_userdb.so crypt=crypt db=${db}\n` +
      'account required pam_permit.so\nsession required pam_permit.so\n',
    { mode: 0o644 },
  );
  pamFiles.add(file);
  return {
    name,
    remove: () => {
      rmSync(file, { force: true });
      pamFiles.delete(file);
    },
  };
}
