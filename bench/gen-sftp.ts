// A Debian 12 auth.log with OpenSSH 9.2 internal-sftp at -l VERBOSE: sshd logons and logoffs, sftp file
// operations, password guessers, and the PAM/cron/logind/sudo lines that share the file in real life (a
// parser must leave those to other formats, so the benchmark must contain them).
import type { Rng } from './prng.js';
import type { Script, Yielded } from './gen-sched.js';
import { batchFile, dirName, fileSize, personFile, type User, type World } from './gen-world.js';

type Gen = Generator<Yielded, void, void>;

/** Shared state of the simulated SSH host. */
export interface SftpSim {
  rng: Rng;
  world: World;
  pid: number;
  logind: number;
  clock: { now: number };
  keys: Map<string, string>;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const plain = (ip: string): string => ip.replace(/^::ffff:/, '');
const nextPid = (sim: SftpSim): number => (sim.pid = (sim.pid > 4194000 ? 300 : sim.pid) + sim.rng.int(1, 7));

function fingerprint(sim: SftpSim, user: string): string {
  let k = sim.keys.get(user);
  if (!k) {
    k = 'SHA256:' + Array.from({ length: 43 }, () => B64[sim.rng.int(0, 63)]).join('');
    sim.keys.set(user, k);
  }
  return k;
}

/** One sftp session as OpenSSH 9.2 logs it at VERBOSE: the monitor (pid M) authenticates, the user child (C)
 * runs the session and reports the disconnect, internal-sftp runs in C's own child (C+1). */
function* sftpSession(sim: SftpSim, u: User, uid: number, fast: boolean): Script {
  const rng = sim.rng;
  const ip = plain(u.ip);
  const port = rng.int(32768, 60999);
  const mon = nextPid(sim);
  const pause = (): number => (fast ? rng.int(1, 8) : Math.round(rng.expo(5000)) + 100);
  const m = (t: string): string => `sshd[${mon}]: ${t}`;
  const from = `from ${ip} port ${port}`;
  yield m(`Connection ${from} on 10.0.0.5 port 22 rdomain ""`);
  const key = fast || rng.chance(0.5);
  if (key) {
    const k = `ED25519 ${fingerprint(sim, u.name)}`;
    yield m(`Accepted key ${k} found at ${u.home}/.ssh/authorized_keys:1`);
    yield m(`Postponed publickey for ${u.name} ${from} ssh2 [preauth]`);
    yield m(`Accepted key ${k} found at ${u.home}/.ssh/authorized_keys:1`);
    yield m(`Accepted publickey for ${u.name} ${from} ssh2: ${k}`);
  } else {
    if (rng.chance(0.06)) {
      yield rng.int(1500, 3000);
      yield m(`pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${u.name}`);
      yield m(`Failed password for ${u.name} ${from} ssh2`);
      yield rng.int(3000, 8000);
    }
    yield m(`Accepted password for ${u.name} ${from} ssh2`);
  }
  yield m(`pam_unix(sshd:session): session opened for user ${u.name}(uid=${uid}) by (uid=0)`);
  const ls = ++sim.logind;
  yield `systemd-logind[402]: New session ${ls} of user ${u.name}.`;
  const child = nextPid(sim);
  const sftp = (sim.pid = child + 1);
  yield m(`User child is on pid ${child}`);
  const ch = (t: string): string => `sshd[${child}]: ${t}`;
  yield ch(`Starting session: subsystem 'sftp' for ${u.name} ${from} id 0`);
  const s = (t: string): string => `internal-sftp[${sftp}]: ${t}`;
  yield s(`session opened for local user ${u.name} from [${ip}]`);
  yield s('received client version 3');
  yield s('realpath "."');
  const dir = u.period > 0 ? `${u.home}/in` : u.home;
  if (fast) {
    yield s(`realpath "${dir}"`);
    yield s(`stat name "${dir}"`);
  }
  const actions = fast ? u.batchFiles : rng.int(1, 10);
  let dropped = false;
  let received = 0;
  for (let i = 1; i <= actions && !dropped; i++) {
    yield pause();
    const r = fast ? 0 : rng.next();
    if (r < 0.45) {
      const name = fast ? batchFile(u.name, sim.clock.now, i) : personFile(rng);
      const size = fileSize(rng);
      // Clients stat the target first; "No such file" is the normal answer for a new upload.
      yield s(`stat name "${dir}/${name}"`);
      yield s('sent status No such file');
      yield s(`open "${dir}/${name}" flags WRITE,CREATE,TRUNCATE mode 0644`);
      yield Math.round(size / (fast ? 60000 : rng.int(400, 9000))) + 1;
      if (!fast && rng.chance(0.03)) {
        received = Math.floor(size * rng.next());
        dropped = true;
        // The client died mid-transfer: sshd notices first, then sftp-server closes the handle itself.
        yield ch(`Connection closed by ${ip} port ${port}`);
        yield ch(`Close session: user ${u.name} ${from} id 0`);
        yield ch(`Transferred: sent ${rng.int(3000, 9000)}, received ${received + rng.int(2000, 9000)} bytes`);
        yield ch(`Closing connection to ${ip} port ${port}`);
        yield s(`forced close "${dir}/${name}" bytes read 0 written ${received}`);
        break;
      }
      yield s(`close "${dir}/${name}" bytes read 0 written ${size}`);
    } else if (r < 0.7) {
      const p = `${dir}/${personFile(rng)}`;
      const size = fileSize(rng);
      yield s(`lstat name "${p}"`);
      yield s(`stat name "${p}"`);
      yield s(`open "${p}" flags READ mode 0666`);
      yield Math.round(size / rng.int(400, 9000)) + 1;
      yield s(`close "${p}" bytes read ${size} written 0`);
    } else if (r < 0.78) {
      yield s(`remove name "${dir}/${personFile(rng)}"`);
    } else if (r < 0.84) {
      const nd = `${dir}/${dirName(rng)}-${rng.int(1, 99)}`;
      yield s(`mkdir name "${nd}" mode 0777`);
      if (rng.chance(0.4)) yield s(`rmdir name "${nd}"`);
    } else if (r < 0.89) {
      yield s(`posix-rename old "${dir}/${personFile(rng)}" new "${dir}/${personFile(rng)}"`);
    } else if (r < 0.93) {
      yield s(`set "${dir}/${personFile(rng)}" mode 0${rng.pick(['600', '640', '644'])}`);
    } else if (r < 0.97) {
      yield s(`opendir "${dir}"`);
      yield s(`closedir "${dir}"`);
      yield s(`users-groups-by-id: ${rng.int(1, 4)} users, 0 groups`);
    } else {
      yield s(`open "/etc/${rng.pick(['shadow', 'sudoers', 'ssh/sshd_config'])}" flags READ mode 0666`);
      yield s('sent status Permission denied');
    }
  }
  if (fast) {
    yield s(`opendir "${dir}"`);
    yield s(`closedir "${dir}"`);
    yield s('users-groups-by-id: 2 users, 0 groups');
  }
  yield pause();
  yield s(`session closed for local user ${u.name} from [${ip}]`);
  if (!dropped) {
    if (rng.chance(0.5)) yield ch(`Close session: user ${u.name} ${from} id 0`);
    yield ch(`Received disconnect ${from}:11: disconnected by user`);
    yield ch(`Disconnected from user ${u.name} ${ip} port ${port}`);
  }
  yield m(`pam_unix(sshd:session): session closed for user ${u.name}`);
  yield `systemd-logind[402]: Session ${ls} logged out. Waiting for processes to exit.`;
  yield `systemd-logind[402]: Removed session ${ls}.`;
}

/** Password guessing over SSH: unknown names are "Invalid user", root gets plain "Failed password". */
function* sshGuess(sim: SftpSim, ip: string): Script {
  const rng = sim.rng;
  const port = rng.int(32768, 60999);
  const pid = nextPid(sim);
  const name = rng.pick(sim.world.attackNames);
  const known = name === 'root';
  yield `sshd[${pid}]: Connection from ${ip} port ${port} on 10.0.0.5 port 22 rdomain ""`;
  if (!known) yield `sshd[${pid}]: Invalid user ${name} from ${ip} port ${port}`;
  const tries = rng.int(1, 3);
  for (let i = 0; i < tries; i++) {
    yield rng.int(1500, 3500);
    if (i === 0) {
      if (!known) yield `sshd[${pid}]: pam_unix(sshd:auth): check pass; user unknown`;
      yield `sshd[${pid}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}${known ? '  user=root' : ''}`;
    }
    yield `sshd[${pid}]: Failed password for ${known ? '' : 'invalid user '}${name} from ${ip} port ${port} ssh2`;
  }
  yield `sshd[${pid}]: Connection closed by ${known ? 'authenticating user' : 'invalid user'} ${name} ${ip} port ${port} [preauth]`;
}

function* sftpPeople(sim: SftpSim): Script {
  const people = sim.world.people;
  for (;;) {
    const hour = new Date(sim.clock.now).getUTCHours();
    yield Math.round(sim.rng.expo(hour >= 7 && hour < 18 ? 15000 : 90000));
    const i = Math.floor(sim.rng.next() ** 2 * people.length);
    yield { spawn: sftpSession(sim, people[i]!, 1001 + i, false) };
  }
}

/** A script whose key was replaced without updating authorized_keys: refused, then the script gives up. */
function* wrongKey(sim: SftpSim, u: User): Script {
  const pid = nextPid(sim);
  const from = `from ${plain(u.ip)} port ${sim.rng.int(32768, 60999)}`;
  yield `sshd[${pid}]: Connection ${from} on 10.0.0.5 port 22 rdomain ""`;
  yield `sshd[${pid}]: Failed publickey for ${u.name} ${from} ssh2: ED25519 ${fingerprint(sim, u.name + '-old')}`;
  yield `sshd[${pid}]: Connection closed by authenticating user ${u.name} ${from.slice(5)} [preauth]`;
}

function* sftpBatch(sim: SftpSim, u: User, uid: number): Script {
  yield sim.rng.int(0, u.period * 60) * 1000;
  for (;;) {
    yield { spawn: sim.rng.chance(0.01) ? wrongKey(sim, u) : sftpSession(sim, u, uid, true) };
    yield u.period * 60000 + sim.rng.int(-400, 2500);
  }
}

function* sshBursts(sim: SftpSim): Script {
  for (;;) {
    yield Math.round(sim.rng.expo(60 * 60000));
    const ip = plain(sim.rng.pick(sim.world.attackers));
    for (let n = sim.rng.int(5, 80); n > 0; n--) {
      yield { spawn: sshGuess(sim, ip) };
      yield sim.rng.int(800, 8000);
    }
  }
}

/** Other programs' lines: cron every minute-ish job, an admin's sudo now and then. */
function* noise(sim: SftpSim): Gen {
  for (;;) {
    yield 60000 - (sim.clock.now % 60000) + sim.rng.int(0, 400);
    if (sim.rng.chance(0.25)) {
      const pid = nextPid(sim);
      yield `CRON[${pid}]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)`;
      yield sim.rng.int(20, 900);
      yield `CRON[${pid}]: pam_unix(cron:session): session closed for user root`;
    }
    if (sim.rng.chance(0.02)) {
      yield 'sudo:    admin : TTY=pts/0 ; PWD=/home/admin ; USER=root ; COMMAND=/usr/bin/systemctl status ssh';
      yield 'sudo: pam_unix(sudo:session): session opened for user root(uid=0) by admin(uid=1000)';
      yield sim.rng.int(50, 2000);
      yield 'sudo: pam_unix(sudo:session): session closed for user root';
    }
  }
}

/** Root scripts of the auth.log simulation. */
export function sftpScripts(sim: SftpSim): Script[] {
  const n = sim.world.people.length;
  return [sftpPeople(sim), sshBursts(sim), noise(sim), ...sim.world.batch.map((u, i) => sftpBatch(sim, u, 1001 + n + i))];
}
