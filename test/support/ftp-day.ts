// A seeded vsftpd log of whole days at a small site: N automatic batch users and M people (plus the
// password guessers of the bench world), built from the bench generator's simulation pieces.
import { Rng } from '../../bench/prng.js';
import { makeWorld, vsftpdDate } from '../../bench/gen-world.js';
import { ftpScripts } from '../../bench/gen-ftp-people.js';
import { runScripts } from '../../bench/gen-sched.js';

/** The log split per day, and who is who. */
export interface FtpDays {
  days: string[];
  batch: Array<{ name: string; ip: string; period: number }>;
  people: string[];
}

/** `days` days of vsftpd log from 00:00 UTC of `start`, with `batch` script users and `people` people. */
export function ftpDays(opts: { seed: number; batch: number; people: number; days: number; start?: string }): FtpDays {
  const rng = new Rng(opts.seed);
  const world = makeWorld(rng, opts.people);
  world.batch = world.batch.slice(0, opts.batch);
  const start = Date.parse(opts.start ?? '2026-11-25T00:00:00Z');
  const clock = { now: start };
  const days: string[][] = Array.from({ length: opts.days }, () => []);
  const end = start + opts.days * 86_400_000;
  runScripts(
    ftpScripts({ rng, world, pid: 1200, clock, xferOnly: false }),
    start,
    (stream, text, at) => {
      if (at >= end) return false;
      if (stream === 'main') days[Math.floor((at - start) / 86_400_000)]!.push(`${vsftpdDate(at)} ${text}`);
      return true;
    },
    clock,
  );
  return {
    days: days.map((d) => d.join('\n') + '\n'),
    batch: world.batch.map((u) => ({ name: u.name, ip: u.ip.replace(/^::ffff:/, ''), period: u.period })),
    people: world.people.map((u) => u.name),
  };
}
