// Reads the status probe's output (probe-command.ts): /proc/stat, loadavg, meminfo, diskstats, df -kP and per
// server process stat, io and `ls -l fd`, as counters. Rates come from two of these (rates.ts).

/** One server process's counters. Times in clock ticks, faults as counts since the process started. */
export interface RawProc {
  pid: number;
  ppid: number;
  name: string;
  cmdline: string;
  utime: number;
  stime: number;
  /** Start time in ticks after boot: a pid reused by a new process has another. */
  start: number;
  minflt: number;
  majflt: number;
  rssPages: number;
  io: { rchar: number; wchar: number; readBytes: number; writeBytes: number } | null;
  fds: number | null;
  files: string[];
}

/** One probe's counters. */
export interface RawSample {
  /** Epoch seconds on the probed system. */
  time: number;
  /** Seconds since boot (centiseconds): rates divide by its difference, finer than the clock's seconds. */
  uptime: number;
  clkTck: number;
  pageSize: number;
  cpu: { total: number; idle: number; iowait: number };
  load: [number, number, number];
  mem: { totalKb: number; availableKb: number; swapTotalKb: number; swapFreeKb: number };
  disks: Array<{ name: string; readSectors: number; writeSectors: number }>;
  fs: Array<{ device: string; mount: string; sizeKb: number; usedKb: number; availKb: number }>;
  procs: RawProc[];
}

/** File systems with no storage behind them (df lists them, their use means nothing here). */
const VIRTUAL_FS = new Set(['tmpfs', 'devtmpfs', 'udev', 'none', 'shm', 'proc', 'sysfs', 'cgroup', 'cgroup2', 'overlay', 'run']);
/** Devices that are not disks (loop, ram, zram, cd-rom) and partitions (their disk already counts them). */
const NOT_A_DISK = /^(loop|ram|zram|sr|fd)\d|^(sd|vd|xvd|hd)[a-z]+\d+$|^(nvme\d+n\d+|mmcblk\d+)p\d+$/;

function num(s: string | undefined): number {
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
}

/** Throws when the text is not a complete probe answer (no shell, a truncated reply): the caller keeps no sample. */
export function parseProbe(text: string): RawSample {
  const lines = text.split('\n');
  if (!lines.some((l) => l === '@end')) throw new Error(`status probe: incomplete answer: ${text.slice(0, 200).replace(/\s+/g, ' ')}`);
  const s: RawSample = {
    time: 0,
    uptime: 0,
    clkTck: 100,
    pageSize: 4096,
    cpu: { total: 0, idle: 0, iowait: 0 },
    load: [0, 0, 0],
    mem: { totalKb: 0, availableKb: 0, swapTotalKb: 0, swapFreeKb: 0 },
    disks: [],
    fs: [],
    procs: [],
  };
  const mem: Record<string, number> = {};
  let section = '';
  let proc: RawProc | null = null;
  for (const line of lines) {
    if (line.startsWith('@')) {
      const [tag = '', ...rest] = line.slice(1).split(' ');
      section = tag;
      if (tag === 'time') [s.time, s.clkTck, s.pageSize] = rest.map(num) as [number, number, number];
      else if (tag === 'uptime') s.uptime = num(rest[0]);
      else if (tag === 'cpu') {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user already)
        const v = rest.filter(Boolean).slice(1).map(num);
        s.cpu = { total: v.slice(0, 8).reduce((a, b) => a + b, 0), idle: v[3] ?? 0, iowait: v[4] ?? 0 };
      } else if (tag === 'load') s.load = [num(rest[0]), num(rest[1]), num(rest[2])];
      else if (tag === 'proc') {
        proc = null;
      } else if (tag === 'cmdline' && proc) proc.cmdline = rest.join(' ').trim();
      else if (tag === 'fd' && proc) proc.fds = null;
      continue;
    }
    if (section === 'meminfo') {
      const m = /^(\w+):\s+(\d+)/.exec(line);
      if (m) mem[m[1]!] = Number(m[2]);
    } else if (section === 'diskstats') {
      const f = line.trim().split(/\s+/);
      if (f.length >= 10 && !NOT_A_DISK.test(f[2]!)) s.disks.push({ name: f[2]!, readSectors: num(f[5]), writeSectors: num(f[9]) });
    } else if (section === 'df') {
      const f = line.trim().split(/\s+/);
      // Filesystem 1024-blocks Used Available Capacity Mounted-on (a mount point with spaces keeps them).
      if (f.length < 6 || f[0] === 'Filesystem' || !/^\d+$/.test(f[1]!)) continue;
      if (VIRTUAL_FS.has(f[0]!) || num(f[1]) === 0) continue;
      s.fs.push({ device: f[0]!, sizeKb: num(f[1]), usedKb: num(f[2]), availKb: num(f[3]), mount: f.slice(5).join(' ') });
    } else if (section === 'proc' && !proc && line) {
      proc = parseStat(line);
      if (proc) s.procs.push(proc);
    } else if (section === 'io' && proc) {
      const m = /^(\w+): (\d+)$/.exec(line);
      if (!m) continue;
      proc.io ??= { rchar: 0, wchar: 0, readBytes: 0, writeBytes: 0 };
      const k = { rchar: 'rchar', wchar: 'wchar', read_bytes: 'readBytes', write_bytes: 'writeBytes' }[m[1]!] as keyof NonNullable<RawProc['io']> | undefined;
      if (k) proc.io[k] = Number(m[2]);
    } else if (section === 'fd' && proc) {
      // `total 0` first: the folder was readable (a process without fds still prints it).
      if (line.startsWith('total ')) proc.fds = 0;
      const at = line.indexOf(' -> ');
      if (at === -1 || proc.fds === null) continue;
      proc.fds++;
      const target = line.slice(at + 4);
      if (target.startsWith('/') && !target.startsWith('/dev/') && !target.startsWith('/proc/')) proc.files.push(target);
    }
  }
  s.mem = {
    totalKb: mem.MemTotal ?? 0,
    // MemAvailable since Linux 3.14; before it, free + buffers + cache is the usual estimate.
    availableKb: mem.MemAvailable ?? (mem.MemFree ?? 0) + (mem.Buffers ?? 0) + (mem.Cached ?? 0),
    swapTotalKb: mem.SwapTotal ?? 0,
    swapFreeKb: mem.SwapFree ?? 0,
  };
  return s;
}

/** /proc/PID/stat: `pid (comm) state ppid …`; comm may hold spaces and parentheses, so split after the last ')'. */
export function parseStat(line: string): RawProc | null {
  const open = line.indexOf(' (');
  const close = line.lastIndexOf(')');
  if (open === -1 || close < open) return null;
  const f = line.slice(close + 2).split(' ');
  // f[0] is field 3 (state): ppid 4, minflt 10, majflt 12, utime 14, stime 15, starttime 22, rss 24.
  return {
    pid: num(line.slice(0, open)),
    ppid: num(f[1]),
    name: line.slice(open + 2, close),
    cmdline: '',
    minflt: num(f[7]),
    majflt: num(f[9]),
    utime: num(f[11]),
    stime: num(f[12]),
    start: num(f[19]),
    rssPages: num(f[21]),
    io: null,
    fds: null,
    files: [],
  };
}
