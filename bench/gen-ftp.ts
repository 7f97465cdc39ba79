// vsftpd 3.0.3 activity (log_ftp_protocol=YES, dual_log_enable=YES): the protocol pieces every session is made
// of, and the batch scripts. One simulation feeds both files, as on a real server: protocol lines go to the
// vsftpd-format log ('main'), transfers (finished or failed) also to xferlog ('xfer'). Shapes and order follow
// vsftpd's logging.c/postlogin.c and the real capture in data/demo/vsftpd.log.
import type { Rng } from './prng.js';
import type { Script, Yielded } from './gen-sched.js';
import { batchFile, fileSize, type FtpClient, type User, type World } from './gen-world.js';

/** A session step: yields waits and lines, may return a value. */
export type Gen<T = void> = Generator<Yielded, T, void>;

/** Shared state of the simulated host. */
export interface FtpSim {
  rng: Rng;
  world: World;
  /** Last pid handed out; other processes take some in between. */
  pid: number;
  /** Set by the scheduler before each resume: scripts stamp file names with it. */
  clock: { now: number };
  /** Only xferlog lines are wanted. */
  xferOnly: boolean;
}

/** One control connection. vsftpd runs it in three processes: the privileged parent (logs OK/FAIL LOGIN), the
 * pre-login child (CONNECT and everything before login) and the post-login child (a fresh fork). */
export class Conn {
  user = '';
  pid: number;
  readonly parent: number;
  binary = false;
  constructor(
    readonly sim: FtpSim,
    readonly ip: string,
    readonly client: FtpClient,
    readonly fast: boolean,
  ) {
    // systemd's pid_max (4194304) wraps eventually; 10M-line files get there.
    if (sim.pid > 4194000) sim.pid = 300;
    this.parent = sim.pid + sim.rng.int(1, 9);
    // The capture shows the pre-login child at parent + 1, sometimes + 2.
    this.pid = sim.pid = this.parent + (sim.rng.chance(0.8) ? 1 : 2);
  }
  // When only xferlog is wanted the protocol lines are never built: same random draws, ~3x faster.
  line(body: string, pid = this.pid): string {
    if (this.sim.xferOnly) return '';
    return this.user ? `[pid ${pid}] [${this.user}] ${body}` : `[pid ${pid}] ${body}`;
  }
  cmd(c: string): string {
    return this.sim.xferOnly ? '' : this.line(`FTP command: Client "${this.ip}", "${c}"`);
  }
  resp(r: string): string {
    return this.sim.xferOnly ? '' : this.line(`FTP response: Client "${this.ip}", "${r}"`);
  }
  /** An action line (OK/FAIL ...) with its quoted argument. */
  act(what: string, arg: string): string {
    return this.sim.xferOnly ? '' : this.line(`${what}: Client "${this.ip}", "${arg}"`);
  }
  /** Client think/round-trip time before the next command: scripts are fast, people are not. */
  rtt(): number {
    return this.fast ? this.sim.rng.int(1, 6) : this.sim.rng.int(15, 90);
  }
}

/** CONNECT and the banner; libraries ask for UTF-8 before they log in. */
export function* greet(c: Conn): Gen {
  yield c.line(`CONNECT: Client "${c.ip}"`);
  yield c.resp('220 (vsFTPd 3.0.3)');
  if (c.client === 'lib') yield* simple(c, 'OPTS UTF8 ON', '200 Always in UTF8 mode.');
}

/** One command with its one-line reply. */
export function* simple(c: Conn, command: string, reply: string): Gen {
  yield c.rtt();
  yield c.cmd(command);
  yield c.resp(reply);
}

/** USER/PASS. The parent logs the outcome; PAM delays a failure by ~2 s and delay_failed_login by 1 s more
 * before the 530; vsftpd forgets the user after it. */
export function* login(c: Conn, name: string, ok: boolean): Gen<boolean> {
  const rng = c.sim.rng;
  yield c.rtt();
  yield c.cmd(`USER ${name}`);
  c.user = name;
  yield c.resp('331 Please specify the password.');
  yield c.rtt();
  yield c.cmd('PASS <password>');
  if (ok) {
    yield rng.int(4, 40);
    yield c.line(`OK LOGIN: Client "${c.ip}"`, c.parent);
    // The post-login child is the next fork: usually one more, more when other processes got in between.
    c.pid = c.sim.pid += rng.chance(0.7) ? 1 : rng.int(2, 6);
    yield c.resp('230 Login successful.');
    return true;
  }
  yield rng.int(1900, 2700);
  yield c.line(`FAIL LOGIN: Client "${c.ip}"`, c.parent);
  yield rng.int(950, 1100);
  yield c.resp('530 Login incorrect.');
  c.user = '';
  return false;
}

/** What each client sends right after login. */
export function* preamble(c: Conn, home: string): Gen {
  if (c.client === 'lib') {
    yield* feat(c);
    yield* typeI(c);
    yield* simple(c, 'STRU F', '200 Structure set to F.');
    yield* simple(c, 'OPTS UTF8 ON', '200 Always in UTF8 mode.');
    return;
  }
  yield* simple(c, 'SYST', '215 UNIX Type: L8');
  if (c.client === 'filezilla') {
    yield* feat(c);
    yield* simple(c, 'OPTS UTF8 ON', '200 Always in UTF8 mode.');
  }
  yield* simple(c, 'PWD', `257 "${home}" is the current directory`);
  yield* typeI(c);
}

/** FEAT: vsftpd writes the middle lines raw, so its log shows their CRLF as "??". */
function* feat(c: Conn): Gen {
  yield c.rtt();
  yield c.cmd('FEAT');
  yield c.resp('211-Features:');
  for (const f of ['EPRT', 'EPSV', 'MDTM', 'PASV', 'REST STREAM', 'SIZE', 'TVFS']) yield c.resp(` ${f}??`);
  yield c.resp('211 End');
}

/** Passive mode: libraries use EPSV, older clients PASV. */
export function* pasv(c: Conn): Gen {
  const port = c.sim.rng.int(40000, 50000);
  if (c.client === 'lib') yield* simple(c, 'EPSV', `229 Entering Extended Passive Mode (|||${port}|)`);
  else yield* simple(c, 'PASV', `227 Entering Passive Mode (10,0,0,5,${port >> 8},${port & 255}).`);
}

/** A directory listing over a data connection. */
export function* list(c: Conn): Gen {
  yield* pasv(c);
  yield c.rtt();
  yield c.cmd(c.client === 'lib' ? 'LIST -a' : 'LIST');
  yield c.resp('150 Here comes the directory listing.');
  yield c.sim.rng.int(2, 40);
  yield c.resp('226 Directory send OK.');
}

/** STOR or RETR. Success logs OK before the 226; a failure is logged after the 4xx/5xx reply (vsftpd flushes
 * the pending entry when the command ends). Both also write xferlog, with status c or i. */
export function* transfer(c: Conn, dir: string, name: string, up: boolean, size = fileSize(c.sim.rng)): Gen {
  const rng = c.sim.rng;
  const path = `${dir}/${name}`;
  const xfer = (bytes: number, secs: number, ok: boolean): { x: string } => ({
    // xferlog replaces spaces in the path with '_'.
    x: `${secs} ${c.ip} ${bytes} ${path.replace(/ /g, '_')} ${c.binary ? 'b' : 'a'} _ ${up ? 'i' : 'o'} r ${c.user} ftp 0 * ${ok ? 'c' : 'i'}`,
  });
  const missing = rng.chance(c.fast ? 0.002 : 0.03);
  if (!up && c.client === 'lib') yield* simple(c, `SIZE ${name}`, missing ? '550 Could not get file size.' : `213 ${size}`);
  yield* pasv(c);
  yield c.rtt();
  yield c.cmd(`${up ? 'STOR' : 'RETR'} ${name}`);
  if (missing) {
    // Nothing was sent, so vsftpd omits the byte count and reports a zero rate.
    yield c.resp(up ? '553 Could not create file.' : '550 Failed to open file.');
    yield c.line(`FAIL ${up ? 'UPLOAD' : 'DOWNLOAD'}: Client "${c.ip}", "${path}", 0.00Kbyte/sec`);
    yield xfer(0, 1, false);
    return;
  }
  const mode = c.binary ? 'BINARY' : 'ASCII';
  yield c.resp(up ? '150 Ok to send data.' : `150 Opening ${mode} mode data connection for ${name} (${size} bytes).`);
  const failed = rng.chance(c.fast ? 0.003 : 0.02);
  const bytes = failed ? Math.floor(size * rng.next()) : size;
  const kbps = c.fast ? rng.int(20000, 90000) : rng.int(300, 12000);
  const ms = Math.max(1, Math.round((bytes / 1024 / kbps) * 1000) + rng.int(0, 30));
  const t0 = c.sim.clock.now;
  yield ms;
  const rate = (bytes / (ms / 1000) / 1024).toFixed(2);
  // vsftpd prints the byte count only when it is non-zero (a 0-byte trigger file shows just the rate).
  const tail = `${bytes > 0 ? `, ${bytes} bytes` : ''}, ${rate}Kbyte/sec`;
  const what = `${failed ? 'FAIL' : 'OK'} ${up ? 'UPLOAD' : 'DOWNLOAD'}`;
  // xferlog's transfer time is the difference of whole wall-clock seconds, 1 when it would be 0.
  const secs = Math.max(1, Math.floor(c.sim.clock.now / 1000) - Math.floor(t0 / 1000));
  if (failed) {
    yield c.resp(up ? '426 Failure reading network stream.' : '426 Failure writing network stream.');
    yield c.line(`${what}: Client "${c.ip}", "${path}"${tail}`);
    yield xfer(bytes, secs, false);
  } else {
    yield c.line(`${what}: Client "${c.ip}", "${path}"${tail}`);
    yield xfer(bytes, secs, true);
    yield c.resp('226 Transfer complete.');
  }
}

/** TYPE I (binary). */
export function* typeI(c: Conn): Gen {
  c.binary = true;
  yield* simple(c, 'TYPE I', '200 Switching to Binary mode.');
}

/** A batch user's run: connect, log on, deliver or collect its files, quit, all within milliseconds. */
export function* batchSession(sim: FtpSim, u: User): Script {
  const c = new Conn(sim, u.ip, u.client, true);
  yield* greet(c);
  // Expired passwords and locked accounts happen to scripts too; the script then simply gives up.
  if (!(yield* login(c, u.name, !sim.rng.chance(0.01)))) return;
  yield* preamble(c, u.home);
  const dir = `${u.home}/${u.pulls ? 'out' : 'in'}`;
  yield* simple(c, `CWD ${u.pulls ? 'out' : 'in'}`, '250 Directory successfully changed.');
  if (u.pulls) {
    yield* list(c);
    for (let i = 1; i <= u.batchFiles; i++) {
      const name = batchFile(u.name, sim.clock.now - 60000 * u.period, i);
      yield* transfer(c, dir, name, false);
      yield c.rtt();
      yield c.cmd(`DELE ${name}`);
      yield c.act('OK DELETE', `${dir}/${name}`);
      yield c.resp('250 Delete operation successful.');
    }
  } else {
    for (let i = 1; i <= u.batchFiles; i++) {
      const name = batchFile(u.name, sim.clock.now, i);
      if (u.client === 'lib') {
        yield* transfer(c, dir, name, true);
        continue;
      }
      // Older scripts upload under a temporary name and rename, so the receiver never sees half a file.
      yield* transfer(c, dir, `${name}.part`, true);
      yield* simple(c, `RNFR ${name}.part`, '350 Ready for RNTO.');
      yield c.cmd(`RNTO ${name}`);
      yield c.act('OK RENAME', `${dir}/${name}.part ${dir}/${name}`);
      yield c.resp('250 Rename successful.');
    }
    if (u.client === 'lib') yield* list(c);
    else yield* transfer(c, dir, 'done.flag', true, 0);
  }
  yield* simple(c, 'QUIT', '221 Goodbye.');
}
