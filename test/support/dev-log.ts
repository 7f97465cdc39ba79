// Runs a daemon that logs through syslog(3) with /dev/log pointing at a private rsyslogd, without touching the machine's /dev.

/**
 * Shell script run under `unshare --mount`: a private tmpfs /dev with the usual char devices and /dev/log
 * pointing at the given socket, so the machine's /dev is never touched; then exec the program.
 */
function namespaceScript(socket: string, program: string, args: string[]): string {
  const devs = [
    ['null', 1, 3],
    ['zero', 1, 5],
    ['full', 1, 7],
    ['random', 1, 8],
    ['urandom', 1, 9],
    ['tty', 5, 0],
  ];
  return [
    'set -e',
    'mount -t tmpfs -o mode=0755,size=64k msgmon-dev /dev',
    ...devs.map(([n, ma, mi]) => `mknod -m 666 /dev/${n} c ${ma} ${mi}`),
    'ln -s /proc/self/fd /dev/fd',
    // A collector logged on to this sshd opens its files as `exec 0<F; stat -L /dev/stdin` (remote-file.ts).
    'ln -s /proc/self/fd/0 /dev/stdin',
    'ln -s /proc/self/fd/1 /dev/stdout',
    'ln -s /proc/self/fd/2 /dev/stderr',
    `ln -s '${socket}' /dev/log`,
    `exec ${[program, ...args].map((a) => `'${a}'`).join(' ')}`,
    '',
  ].join('\n');
}

/** Command and arguments for spawn(): `program args…` in a mount namespace whose /dev/log is `socket`. */
export function withDevLog(socket: string, program: string, args: string[]): [string, string[]] {
  return ['unshare', ['--mount', '--propagation', 'private', 'sh', '-c', namespaceScript(socket, program, args)]];
}
