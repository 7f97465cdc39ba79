// Turns two probes' counters into what people read: CPU %, disk and process I/O per second, page faults per
// second. The first probe of a system (or of a process) has no rates: null, never a made-up 0.
import type { ProcSample, SystemSample } from '../core/status-types.js';
import type { RawProc, RawSample } from './proc-parse.js';

/** The open FTP session whose tracker knows this pid, or null. */
export type SessionOfPid = (pid: number) => { session: string; user: string | null; client: string | null } | null;

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** The sample of `cur`, with rates against `prev` (the same system's previous probe, or null). */
export function toSample(system: string, time: number, cur: RawSample, prev: RawSample | null, sessionOf: SessionOfPid): SystemSample {
  // Seconds between the probes by the system's own uptime (a reboot in between gives no rates).
  const dt = prev && cur.uptime > prev.uptime ? cur.uptime - prev.uptime : 0;
  const dTotal = prev ? cur.cpu.total - prev.cpu.total : 0;
  const busy = (c: RawSample['cpu']) => c.total - c.idle - c.iowait;
  const mem = cur.mem;
  const memUsed = Math.max(0, mem.totalKb - mem.availableKb);
  const swapUsed = Math.max(0, mem.swapTotalKb - mem.swapFreeKb);
  const before = new Map(prev?.procs.map((p) => [p.pid, p]) ?? []);
  // The logs name one process of a session (vsftpd's connection or login process, sshd's monitor); the one that
  // transfers is often its child or grandchild (vsftpd's user process, sshd's user@notty and internal-sftp).
  const parent = new Map(cur.procs.map((p) => [p.pid, p.ppid]));
  const linkOf = (pid: number) => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && hops < 4; p = parent.get(p), hops++) {
      const s = sessionOf(p);
      if (s) return s;
    }
    return null;
  };
  return {
    system,
    time,
    cpu: prev && dt > 0 && dTotal > 0 ? round((100 * (busy(cur.cpu) - busy(prev.cpu))) / dTotal) : null,
    iowait: prev && dt > 0 && dTotal > 0 ? round((100 * (cur.cpu.iowait - prev.cpu.iowait)) / dTotal) : null,
    load1: cur.load[0],
    load5: cur.load[1],
    load15: cur.load[2],
    memTotalKb: mem.totalKb,
    memUsedKb: memUsed,
    memPct: mem.totalKb ? round((100 * memUsed) / mem.totalKb) : 0,
    swapTotalKb: mem.swapTotalKb,
    swapUsedKb: swapUsed,
    swapPct: mem.swapTotalKb ? round((100 * swapUsed) / mem.swapTotalKb) : 0,
    fs: cur.fs.map((f) => ({
      mount: f.mount,
      device: f.device,
      sizeKb: f.sizeKb,
      usedKb: f.usedKb,
      // df's Capacity: used / (used + available), rounded up (reserved blocks do not count as free).
      usePct: f.usedKb + f.availKb ? Math.ceil((100 * f.usedKb) / (f.usedKb + f.availKb)) : 0,
    })),
    disks:
      prev && dt > 0
        ? cur.disks.flatMap((d) => {
            const p = prev.disks.find((x) => x.name === d.name);
            return p
              ? [
                  {
                    name: d.name,
                    readBps: Math.max(0, ((d.readSectors - p.readSectors) * 512) / dt),
                    writeBps: Math.max(0, ((d.writeSectors - p.writeSectors) * 512) / dt),
                  },
                ]
              : [];
          })
        : [],
    procs: cur.procs.map((p) => procSample(p, before.get(p.pid), dt, cur, linkOf)),
  };
}

function procSample(p: RawProc, prev: RawProc | undefined, dt: number, cur: RawSample, sessionOf: SessionOfPid): ProcSample {
  // A pid reused by another process (another start time) is not the same process.
  const same = prev && prev.start === p.start && dt > 0 ? prev : null;
  const rate = (a: number | null | undefined, b: number | null | undefined) => (same && a != null && b != null ? round(Math.max(0, a - b) / dt) : null);
  const link = sessionOf(p.pid);
  return {
    pid: p.pid,
    ppid: p.ppid,
    name: p.name,
    cmdline: p.cmdline,
    cpu: same ? round((100 * (p.utime + p.stime - same.utime - same.stime)) / cur.clkTck / dt) : null,
    rssKb: Math.round((p.rssPages * cur.pageSize) / 1024),
    readBytes: p.io?.readBytes ?? null,
    writeBytes: p.io?.writeBytes ?? null,
    rchar: p.io?.rchar ?? null,
    wchar: p.io?.wchar ?? null,
    readBps: rate(p.io?.readBytes, same?.io?.readBytes),
    writeBps: rate(p.io?.writeBytes, same?.io?.writeBytes),
    minflt: p.minflt,
    majflt: p.majflt,
    minfltRate: rate(p.minflt, same?.minflt),
    majfltRate: rate(p.majflt, same?.majflt),
    fds: p.fds,
    files: p.files,
    session: link?.session ?? null,
    user: link?.user ?? null,
    client: link?.client ?? null,
  };
}
