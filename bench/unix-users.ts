// Local Unix accounts for tests and the bench: created key-only (no password: `usermod -p '*'`), held by the
// processes that use them and deleted by the last one. Test files run in parallel and other suites run on the same
// machine, so a holder file per process (/run/msgmon-test-users/USER/PID) says who still needs an account; holders
// of dead processes are ignored. Creation and deletion are serialised by flock(1) on one lock file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Where the holder files live (tmpfs: gone at reboot with the processes they name). */
export const HOLDERS_DIR = '/run/msgmon-test-users';

/** A held account. */
export interface HeldUser {
  home: string;
  uid: number;
  gid: number;
}

const held = new Map<string, number>();

// Creates the account unless it exists, makes it key-only, and records this process as a holder. usermod retries
// while another process (chpasswd, useradd) holds /etc/shadow's lock.
const ACQUIRE = `set -e
u=$1; pid=$2; d=${HOLDERS_DIR}/$u
mkdir -p "$d"; : > "$d/$pid"
id -u "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"
i=0; until usermod -p '*' "$u" 2>/dev/null; do i=$((i+1)); [ $i -lt 50 ] || { usermod -p '*' "$u"; exit 1; }; sleep 0.1; done
getent passwd "$u"`;

// Drops this process's holder; when no live process holds the account and none runs as it (after 3 s of its
// processes ending), deletes it and its home.
const RELEASE = `u=$1; pid=$2; d=${HOLDERS_DIR}/$u
rm -f "$d/$pid"
for h in "$d"/*; do
  [ -e "$h" ] || continue
  if kill -0 "\${h##*/}" 2>/dev/null; then exit 0; fi
  rm -f "$h"
done
id -u "$u" >/dev/null 2>&1 || exit 0
i=0; while pgrep -u "$u" >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 30 ] || exit 0; sleep 0.1; done
i=0; until userdel -r "$u" >/dev/null 2>&1 || ! id -u "$u" >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 30 ] || exit 0; sleep 0.1; done
rmdir "$d" 2>/dev/null || true`;

function locked(script: string, user: string, pid: number): string {
  fs.mkdirSync(HOLDERS_DIR, { recursive: true, mode: 0o755 });
  return execFileSync('flock', [`${HOLDERS_DIR}/.lock`, 'sh', '-c', script, 'sh', user, String(pid)], { encoding: 'utf8', timeout: 60_000 });
}

/** Creates the key-only account if missing and holds it for this process until releaseUsers (or exit). */
export function holdUser(user: string): HeldUser {
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user)) throw new Error(`not a test account name: ${user}`);
  const line = locked(ACQUIRE, user, process.pid).trim().split('\n').pop()!;
  const [, , uid, gid, , home] = line.split(':');
  held.set(user, (held.get(user) ?? 0) + 1);
  return { home: home!, uid: Number(uid), gid: Number(gid) };
}

/** Releases one hold of this process on the account; with the last, the last live holder deletes it (home included). */
export function releaseUser(user: string): void {
  const n = held.get(user) ?? 0;
  if (n > 1) return void held.set(user, n - 1);
  held.delete(user);
  try {
    locked(RELEASE, user, process.pid);
  } catch (err) {
    process.stderr.write(`msgmon test users: releasing ${user}: ${(err as Error).message}\n`);
  }
}

/** Releases every account this process holds. */
export function releaseUsers(): void {
  for (const user of [...held.keys()]) {
    held.set(user, 1);
    releaseUser(user);
  }
}

/** Accounts this process holds now. */
export function heldUsers(): string[] {
  return [...held.keys()];
}

// A process that ends without releasing (a test file's last hook did not run) still gives its accounts back.
process.once('exit', releaseUsers);
