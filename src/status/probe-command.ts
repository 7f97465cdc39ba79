// The status probe's one shell command: host CPU, load, memory, swap, file systems, disks and the FTP/SFTP server
// processes, read from /proc with shell builtins where it can (a fork costs more than the reading), printed in
// `@section` blocks that proc-parse.ts reads. POSIX sh (dash, busybox ash, bash); no agent on the server.

/** Process names (/proc/PID/comm) of the FTP and SFTP servers and their session processes. */
export const FTP_PROCESS_NAMES = ['vsftpd', 'proftpd', 'pure-ftpd', 'in.ftpd', 'sshd', 'sshd-session', 'sftp-server'] as const;

/**
 * The command. `$PPID` is the sshd process of the probe's own channel: it is not an FTP session. Per server
 * process: its stat line, its io counters (readable only by its owner or root; absent otherwise) and `ls -l` of
 * its fds (count and open files). df -l: remote mounts may hang. Forks are what a probe costs the server (a
 * busy FTP server has hundreds of session processes): stat and io are read with `read`, `ls` runs only on an fd
 * folder the probe may read; only cmdline (NUL-separated, which sh cannot hold) needs `tr` for every process.
 */
export const PROBE_COMMAND = [
  'echo "@time $(date +%s) $(getconf CLK_TCK 2>/dev/null || echo 100) $(getconf PAGESIZE 2>/dev/null || echo 4096)"',
  'read -r l < /proc/uptime; echo "@uptime $l"',
  'read -r l < /proc/stat; echo "@cpu $l"',
  'read -r l < /proc/loadavg; echo "@load $l"',
  'echo @meminfo; cat /proc/meminfo',
  'echo @diskstats; cat /proc/diskstats 2>/dev/null',
  'echo @df; df -kPl 2>/dev/null || df -kP 2>/dev/null',
  `for d in /proc/[0-9]*; do read -r c 2>/dev/null < "$d/comm" || continue; case "$c" in ${FTP_PROCESS_NAMES.join('|')}) ;; *) continue ;; esac; ` +
    `[ "\${d#/proc/}" = "$PPID" ] && continue; read -r l 2>/dev/null < "$d/stat" || continue; echo "@proc"; echo "$l"; ` +
    `echo "@cmdline $(tr '\\0' ' ' < "$d/cmdline" 2>/dev/null)"; echo "@io"; ` +
    `[ -r "$d/io" ] && { while read -r k v; do echo "$k $v"; done < "$d/io"; } 2>/dev/null; echo "@fd"; [ -r "$d/fd" ] && ls -l "$d/fd" 2>/dev/null; done`,
  'echo @end',
].join('; ');
