// The people and the hostile side of the vsftpd simulation, and the spawners that start every session:
// people arrive as a Poisson stream (busier in office hours), batch users run on their cron period, and
// password guessers come in bursts from a handful of addresses.
import type { Script } from './gen-sched.js';
import { dirName, personFile, type User } from './gen-world.js';
import { batchSession, Conn, greet, list, login, preamble, simple, transfer, type FtpSim, type Gen } from './gen-ftp.js';

/** One interactive session: browse, transfer, tidy up, then quit, time out or just vanish. */
function* personSession(sim: FtpSim, u: User): Script {
  const rng = sim.rng;
  const c = new Conn(sim, u.ip, u.client, false);
  yield* greet(c);
  if (u.client === 'filezilla') {
    // FileZilla asks for TLS first; a server without ssl_enable refuses before login.
    yield* simple(c, 'AUTH TLS', '530 Please login with USER and PASS.');
    yield* simple(c, 'AUTH SSL', '530 Please login with USER and PASS.');
  }
  // Some people mistype their password once or twice, a few never get it right.
  const fails = rng.chance(0.08) ? rng.int(1, 3) : 0;
  for (let attempt = 0; ; attempt++) {
    if (yield* login(c, u.name, attempt >= fails)) break;
    // max_login_fails=3: the third failure ends the connection without another log line.
    if (attempt >= 2 || rng.chance(0.15)) return;
    yield rng.int(3000, 15000);
  }
  let cwd = u.home;
  yield* preamble(c, cwd);
  yield* list(c);
  const actions = rng.int(1, 14);
  for (let i = 0; i < actions; i++) {
    yield Math.round(rng.expo(7000)) + 200;
    const r = rng.next();
    if (r < 0.3) yield* transfer(c, cwd, personFile(rng), true);
    else if (r < 0.55) yield* transfer(c, cwd, personFile(rng), false);
    else if (r < 0.68) {
      const d = dirName(rng);
      if (rng.chance(0.85)) {
        yield* simple(c, `CWD ${d}`, '250 Directory successfully changed.');
        cwd = `${cwd}/${d}`;
        yield* list(c);
      } else yield* simple(c, `CWD ${d}`, '550 Failed to change directory.');
    } else if (r < 0.7 && cwd !== u.home) {
      yield* simple(c, 'CDUP', '250 Directory successfully changed.');
      cwd = cwd.slice(0, cwd.lastIndexOf('/'));
    } else if (r < 0.8) yield* remove(c, cwd);
    else if (r < 0.87) {
      const a = personFile(rng);
      const b = personFile(rng);
      yield* simple(c, `RNFR ${a}`, '350 Ready for RNTO.');
      yield c.rtt();
      yield c.cmd(`RNTO ${b}`);
      yield c.act('OK RENAME', `${cwd}/${a} ${cwd}/${b}`);
      yield c.resp('250 Rename successful.');
    } else if (r < 0.94) yield* mkdir(c, cwd);
    else if (r < 0.985) {
      const f = personFile(rng);
      const mode = rng.pick(['600', '640', '644']);
      yield c.cmd(`SITE CHMOD ${mode} ${f}`);
      yield c.act('OK CHMOD', `${cwd}/${f} ${mode}`);
      yield c.resp('200 SITE CHMOD command ok.');
    } else yield* simple(c, 'SITE EXEC ls -l', '500 Unknown SITE command.');
  }
  const end = rng.next();
  if (end < 0.8) yield* simple(c, 'QUIT', '221 Goodbye.');
  else if (end < 0.92) {
    // idle_session_timeout: vsftpd says goodbye itself after 300 s of silence.
    yield 300000;
    yield c.resp('421 Timeout.');
  }
  // else: the client vanished; vsftpd logs nothing at all.
}

/** DELE: OK before the 250; a failure is logged after its 550. */
function* remove(c: Conn, cwd: string): Gen {
  const f = personFile(c.sim.rng);
  yield c.cmd(`DELE ${f}`);
  if (c.sim.rng.chance(0.9)) {
    yield c.act('OK DELETE', `${cwd}/${f}`);
    yield c.resp('250 Delete operation successful.');
  } else {
    yield c.resp('550 Delete operation failed.');
    yield c.act('FAIL DELETE', `${cwd}/${f}`);
  }
}

/** MKD, and now and then the RMD of the same directory a little later. */
function* mkdir(c: Conn, cwd: string): Gen {
  const rng = c.sim.rng;
  const d = `${dirName(rng)}-${rng.int(1, 99)}`;
  yield c.cmd(`MKD ${d}`);
  yield c.act('OK MKDIR', `${cwd}/${d}`);
  yield c.resp(`257 "${cwd}/${d}" created`);
  if (rng.chance(0.4)) {
    yield rng.int(500, 8000);
    yield c.cmd(`RMD ${d}`);
    yield c.act('OK RMDIR', `${cwd}/${d}`);
    yield c.resp('250 Remove directory operation successful.');
  }
}

/** A password guesser's connection: up to three USER/PASS pairs, then vsftpd drops it. */
function* guesser(sim: FtpSim, ip: string): Script {
  const c = new Conn(sim, ip, 'cli', false);
  yield* greet(c);
  for (let i = 0; i < 3; i++) {
    yield* login(c, sim.rng.pick(sim.world.attackNames), false);
    yield sim.rng.int(100, 900);
  }
}

function* peopleArrivals(sim: FtpSim): Script {
  const people = sim.world.people;
  for (;;) {
    const hour = new Date(sim.clock.now).getUTCHours();
    yield Math.round(sim.rng.expo(hour >= 7 && hour < 18 ? 9000 : 60000));
    // Squaring skews the pick: a few people use FTP all day, most rarely.
    const u = people[Math.floor(sim.rng.next() ** 2 * people.length)]!;
    yield { spawn: personSession(sim, u) };
  }
}

function* batchClock(sim: FtpSim, u: User): Script {
  yield sim.rng.int(0, u.period * 60) * 1000 + sim.rng.int(0, 999);
  for (;;) {
    // A missed run now and then (host down, job held) is what watch rules exist for.
    if (!sim.rng.chance(0.005)) yield { spawn: batchSession(sim, u) };
    yield u.period * 60000 + sim.rng.int(-400, 2500);
  }
}

function* attackBursts(sim: FtpSim): Script {
  for (;;) {
    yield Math.round(sim.rng.expo(80 * 60000));
    const ip = sim.rng.pick(sim.world.attackers);
    for (let n = sim.rng.int(5, 60); n > 0; n--) {
      yield { spawn: guesser(sim, ip) };
      yield sim.rng.int(2000, 12000);
    }
  }
}

/** Root scripts of the vsftpd simulation. */
export function ftpScripts(sim: FtpSim): Script[] {
  return [peopleArrivals(sim), attackBursts(sim), ...sim.world.batch.map((u) => batchClock(sim, u))];
}
