// The regexes a parser needs for each line kind, shared by the plain-Node-loop baseline, the SEC rule file
// and the tests. The test checks every generated line matches one of them, so the baseline does the real
// work a parser does (full-line match with captures), not a shortcut that skips lines.

/** A named line shape. */
export interface LineKind {
  name: string;
  re: RegExp;
}

// "Wed Nov 25 11:18:18 2026 [pid 5176] [thomask] " — day padded with a space, user only once known.
const V = String.raw`^(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}) \[pid (\d+)\] (?:\[([^\]]*)\] )?`;
const C = String.raw`Client "([^"]*)"`;
const XFER = String.raw`, "(.*)"(?:, (\d+) bytes)?, ([\d.]+)Kbyte\/sec$`;
const v = (name: string, rest: string): LineKind => ({ name, re: new RegExp(V + rest) });

/** vsftpd log_ftp_protocol=YES lines, most frequent first (as a parser would order them). */
export const VSFTPD_KINDS: LineKind[] = [
  v('ftp-response', String.raw`FTP response: ${C}, "(?:(\d{3})([ -]))?(.*)"$`),
  v('ftp-command', String.raw`FTP command: ${C}, "(\S+)(?: (.*))?"$`),
  v('upload', String.raw`(OK|FAIL) UPLOAD: ${C}${XFER}`),
  v('download', String.raw`(OK|FAIL) DOWNLOAD: ${C}${XFER}`),
  v('login-ok', String.raw`OK LOGIN: ${C}(?:, anon password "(.*)")?$`),
  v('login-fail', String.raw`FAIL LOGIN: ${C}(?:, anon password "(.*)")?$`),
  v('connect', String.raw`CONNECT: ${C}$`),
  v('rename', String.raw`(OK|FAIL) RENAME: ${C}, "(.*) (.*)"$`),
  v('delete', String.raw`(OK|FAIL) DELETE: ${C}, "(.*)"$`),
  v('mkdir', String.raw`(OK|FAIL) MKDIR: ${C}, "(.*)"$`),
  v('rmdir', String.raw`(OK|FAIL) RMDIR: ${C}, "(.*)"$`),
  v('chmod', String.raw`(OK|FAIL) CHMOD: ${C}, "(.*) (\d+)"$`),
  v('debug', String.raw`DEBUG: ${C}, "(.*)"$`),
];

/** Standard (wu-ftpd) xferlog: date, seconds, host, bytes, path, type, action, direction, mode, user,
 * service, auth method, auth user id, status. */
export const XFERLOG_KINDS: LineKind[] = [
  {
    name: 'xfer',
    re: /^(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}) (\d+) (\S+) (\d+) (.+) ([ab]) ([CUT_]+) ([oid]) ([agr]) (\S+) (\S+) (\d) (\S+) ([ci])$/,
  },
];

// "Nov 25 11:18:18 web1 internal-sftp[812]: " (rsyslog traditional format).
const S = String.raw`^(\w{3} [ \d]\d \d\d:\d\d:\d\d) (\S+) `;
const s = (name: string, rest: string): LineKind => ({ name, re: new RegExp(S + rest) });

/** auth.log lines msgmon turns into messages (sshd logons, internal-sftp operations), then everything else. */
export const SFTP_KINDS: LineKind[] = [
  s('sftp-open', String.raw`internal-sftp\[(\d+)\]: open "(.*)" flags (\S+) mode (\d+)$`),
  s('sftp-close', String.raw`internal-sftp\[(\d+)\]: (forced )?close "(.*)" bytes read (\d+) written (\d+)$`),
  s('sftp-session', String.raw`internal-sftp\[(\d+)\]: session (opened|closed) for local user (\S+) from \[(.*)\]$`),
  s('sftp-name', String.raw`internal-sftp\[(\d+)\]: (remove|rmdir|mkdir) name "(.*)"(?: mode (\d+))?$`),
  s('sftp-rename', String.raw`internal-sftp\[(\d+)\]: (?:posix-)?rename old "(.*)" new "(.*)"$`),
  s('sftp-set', String.raw`internal-sftp\[(\d+)\]: set "(.*)" mode (\d+)$`),
  s(
    'sftp-other',
    String.raw`internal-sftp\[(\d+)\]: (received client version \d+|realpath ".*"|l?stat name ".*"|opendir ".*"|closedir ".*"|sent status .*|users-groups-by-id: .*)$`,
  ),
  s('ssh-accepted', String.raw`sshd(?:-session)?\[(\d+)\]: Accepted (\S+) for (\S+) from (\S+) port (\d+) ssh2(?:: (.*))?$`),
  s('ssh-failed', String.raw`sshd(?:-session)?\[(\d+)\]: Failed (\S+) for (invalid user )?(\S+) from (\S+) port (\d+) ssh2(?:: (.*))?$`),
  s('ssh-invalid', String.raw`sshd(?:-session)?\[(\d+)\]: Invalid user (\S*) from (\S+) port (\d+)$`),
  s(
    'ssh-end',
    String.raw`sshd(?:-session)?\[(\d+)\]: (Received disconnect from|Disconnected from user \S+|Connection closed by(?: authenticating user \S+| invalid user \S*)?) (\S+) port (\d+)(.*)$`,
  ),
  s(
    'ssh-verbose',
    String.raw`sshd(?:-session)?\[(\d+)\]: (Connection from|Accepted key|Postponed \S+ for|User child is on pid|Starting session:|Close session:|Transferred:|Closing connection to) (.*)$`,
  ),
  s('other-program', String.raw`([\w.-]+)(?:\[(\d+)\])?: (.*)$`),
];
