// The simulated site: who logs on, from where, with which files. Drawn from the seed so that two seeds give
// two different (but equally plausible) populations, and formatted dates match what vsftpd and syslog print.
import type { Rng } from './prng.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => (n < 10 ? '0' + n : String(n));
// vsftpd and rsyslog's traditional format both pad the day of month with a space, not a zero ("Dec  1").
const dd = (n: number): string => (n < 10 ? ' ' + n : String(n));

/** vsftpd's date ("Wed Nov 25 11:18:18 2026", UTC like vsftpd without use_localtime), used by both of its logs. */
export function vsftpdDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${dd(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** rsyslog RSYSLOG_TraditionalFileFormat date ("Nov 25 11:18:18"), Debian 12's auth.log default. */
export function syslogDate(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${dd(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** A person or an automatic script with a fixed home and client address. */
export interface User {
  name: string;
  ip: string;
  home: string;
  /** Minutes between runs for batch users; 0 for people. */
  period: number;
  /** Files a batch user pushes or pulls each run. */
  batchFiles: number;
  /** True when the batch collects (RETR + DELE) instead of delivering (STOR). */
  pulls: boolean;
  /** FTP client: its command sequence is a fingerprint (see gen-ftp.ts). */
  client: FtpClient;
}

/** filezilla: AUTH TLS probe, SYST/FEAT/PWD, PASV. lib: a library like basic-ftp or curl (OPTS UTF8 before USER,
 * STRU F, EPSV, LIST -a, SIZE before RETR). cli: the plain ftp command (SYST, PWD, PASV). */
export type FtpClient = 'filezilla' | 'lib' | 'cli';

const FIRST = [
  'thomas',
  'anna',
  'maria',
  'peter',
  'julia',
  'michael',
  'sarah',
  'david',
  'laura',
  'daniel',
  'lisa',
  'markus',
  'sandra',
  'stefan',
  'nina',
  'jan',
  'eva',
  'paul',
  'katrin',
  'lukas',
  'sophie',
  'tim',
  'carla',
  'ben',
  'lena',
  'jonas',
  'mia',
  'felix',
  'clara',
  'max',
  'ines',
  'oliver',
  'rita',
  'sven',
  'ute',
  'karl',
  'heidi',
  'otto',
  'vera',
  'erik',
];
const BATCH = [
  'edi_in',
  'edi_out',
  'sap_exp',
  'sap_imp',
  'payroll',
  'bankfile',
  'backup01',
  'backup02',
  'wms_sync',
  'crm_feed',
  'invoices',
  'labels',
  'edi_dhl',
  'pos_upld',
  'reports',
];
const ATTACK_NAMES = [
  'root',
  'admin',
  'test',
  'ftp',
  'user',
  'guest',
  'oracle',
  'ftpuser',
  'www-data',
  'ubuntu',
  'support',
  'info',
  'backup',
  'webmaster',
  'anonymous',
  'postgres',
  'pi',
  'administrator',
];

/** Everybody on the simulated server. */
export interface World {
  people: User[];
  batch: User[];
  attackers: string[];
  attackNames: readonly string[];
}

/** Build ~200 users (people plus automatic scripts) and a few hostile addresses from the seed. */
export function makeWorld(rng: Rng, people = 185): World {
  const names = new Set<string>();
  const list: User[] = [];
  while (list.length < people) {
    const name = rng.pick(FIRST) + String.fromCharCode(97 + rng.int(0, 25));
    if (names.has(name)) continue;
    names.add(name);
    // A few people sit on IPv6-only networks: vsftpd listening on :: prints those without the ::ffff: prefix.
    const ip = rng.chance(0.03)
      ? `2001:db8:${rng.int(1, 0xfff).toString(16)}::${rng.int(1, 0xffff).toString(16)}`
      : `::ffff:10.${rng.int(1, 40)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
    const client = rng.pick<FtpClient>(['filezilla', 'filezilla', 'filezilla', 'lib', 'cli']);
    list.push({ name, ip, home: `/home/${name}`, period: 0, batchFiles: 0, pulls: false, client });
  }
  const batch = BATCH.map((name, i) => ({
    name,
    ip: `::ffff:10.20.0.${11 + i}`,
    home: `/home/${name}`,
    period: rng.pick([2, 3, 5, 5, 10, 15]),
    batchFiles: rng.int(1, 4),
    pulls: rng.chance(0.35),
    client: rng.pick<FtpClient>(['lib', 'lib', 'cli']),
  }));
  const attackers = Array.from(
    { length: 12 },
    () => `::ffff:${rng.pick([45, 89, 103, 185, 193, 194])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
  );
  return { people: list, batch, attackers, attackNames: ATTACK_NAMES };
}

const STEMS = [
  'invoice',
  'report',
  'orders',
  'scan',
  'budget',
  'photo',
  'minutes',
  'offer',
  'contract',
  'pricelist',
  'stock',
  'timesheet',
  'delivery',
  'notes',
  'export',
];
const EXTS = ['csv', 'pdf', 'xlsx', 'docx', 'txt', 'zip', 'jpg', 'xml'];
const DIRS = ['in', 'out', 'archive', 'reports', 'shared', 'tmp', '2026'];

/** A plausible file name for a person ("offer_0412.pdf"). */
export function personFile(rng: Rng): string {
  return `${rng.pick(STEMS)}_${p2(rng.int(0, 99))}${p2(rng.int(0, 99))}.${rng.pick(EXTS)}`;
}

/** A directory name people cd into and create. */
export function dirName(rng: Rng): string {
  return rng.pick(DIRS);
}

/** A batch file name stamped with the run time, as scripts do ("edi_in_202611251120_2.csv"). */
export function batchFile(user: string, ms: number, n: number): string {
  const d = new Date(ms);
  const stamp = `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}`;
  return `${user}_${stamp}_${n}.csv`;
}

/** File size in bytes: mostly kilobytes, sometimes tens of megabytes. */
export function fileSize(rng: Rng): number {
  return Math.max(1, Math.round(rng.logNormal(10, 2)));
}
