// What the status probe measures on a system (issue 16): shared by the probe, the store, `msgmon status` and the
// System Status screen, so it lives in core (the screen reads it through StatusService).

/** One file system's use, from df. */
export interface FsUse {
  mount: string;
  device: string;
  sizeKb: number;
  usedKb: number;
  /** Used percent as df computes it (used / (used + available)). */
  usePct: number;
}

/** One disk's transfer rates since the previous sample (bytes/s). */
export interface DiskRate {
  name: string;
  readBps: number;
  writeBps: number;
}

/**
 * One FTP/SFTP server process as sampled, linked to its FTP session when the session tracker knows its pid. On an
 * IBM i it is a server job (QTFTP*, QZSOSRV*): `pid` is the job number, `rssKb` its temporary storage, `majflt`
 * its page faults (a fault there is a read from disk; `minflt` stays 0), `diskIo` its disk I/O count.
 */
export interface ProcSample {
  pid: number;
  ppid: number;
  name: string;
  cmdline: string;
  /** CPU % of one core since the previous sample (null: first sample of this process). */
  cpu: number | null;
  rssKb: number;
  /** Storage read/write bytes (/proc/PID/io read_bytes, write_bytes); null when not readable by the probe's login. */
  readBytes: number | null;
  writeBytes: number | null;
  /** Bytes through read/write calls (rchar, wchar: files and sockets). */
  rchar: number | null;
  wchar: number | null;
  /** write_bytes and read_bytes per second since the previous sample. */
  readBps: number | null;
  writeBps: number | null;
  minflt: number;
  majflt: number;
  /** Page faults per second since the previous sample. */
  minfltRate: number | null;
  majfltRate: number | null;
  /** Open file descriptors and the files among them (null when not readable). */
  fds: number | null;
  files: string[];
  /** IBM i jobs only: disk I/O operations since the job started, and per second since the previous sample. */
  diskIo?: number;
  diskIoRate?: number | null;
  session: string | null;
  user: string | null;
  client: string | null;
}

/** One probe of one system. Rates are null at the first sample (nothing to compare with). */
export interface SystemSample {
  system: string;
  /**
   * 'ibmi': sampled through the QSYS2 services (src/status/ibmi-probe.ts), which give no load average and no
   * memory in use: load1/5/15 and memUsedKb/memPct are 0 there and are neither stored nor shown.
   */
  platform?: 'ibmi';
  /** Epoch ms (collector clock). */
  time: number;
  cpu: number | null;
  iowait: number | null;
  load1: number;
  load5: number;
  load15: number;
  memTotalKb: number;
  memUsedKb: number;
  memPct: number;
  swapTotalKb: number;
  swapUsedKb: number;
  swapPct: number;
  fs: FsUse[];
  disks: DiskRate[];
  procs: ProcSample[];
}

/** Where a threshold stands for one key (a mount, a process, or '' for a host metric). */
export type ThresholdLevel = 'OK' | 'WARNING' | 'CRITICAL';

/** A threshold's current state on one system and key (kept in the store; `msgmon status` reads it). */
export interface ThresholdState {
  system: string;
  threshold: string;
  key: string;
  level: ThresholdLevel;
  value: number;
  since: number;
  text: string;
}

/** What System Status reads (the CLI wires it to the store's status tables). */
export interface StatusService {
  /** Each probed system's newest sample, by system name. */
  latest(): SystemSample[];
  /** The newest `n` values of a host metric of a system (cpu, mem, …), oldest first: the sparklines. */
  recent(system: string, metric: string, n: number): number[];
  /** Raised thresholds, worst first. */
  thresholds(): ThresholdState[];
}
