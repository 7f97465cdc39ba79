// Time parsing shared by the CLI filters and the formats. Pure functions, no clock reads unless passed in.
import { UTC_ZONE, type Zone } from './zone.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `15m`, `24h`, `7d` (relative to now) or an ISO time; null when it is neither. */
export function parseTimeSpec(spec: string, now: number = Date.now()): number | null {
  const rel = /^(\d+)([smhdw])$/.exec(spec.trim());
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]!]!;
  if (!/^\d{4}-\d\d-\d\d/.test(spec.trim())) return null;
  const t = Date.parse(spec);
  return Number.isNaN(t) ? null : t;
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};

/** `Wed Nov 25 11:18:18 2026` (vsftpd, xferlog; UTC as vsftpd writes it by default) → epoch ms. */
export function parseCtime(s: string): number | null {
  const m = /^\w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})$/.exec(s);
  if (!m || MONTHS[m[1]!] === undefined) return null;
  return Date.UTC(+m[6]!, MONTHS[m[1]!]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!);
}

/**
 * `Nov 25 11:18:18` (RFC 3164 syslog) → epoch ms, read in `zone` (the source's; the line has none). The line has
 * no year either: take the year that puts the time before `ref` (a December line read in January belongs to last
 * year); a day of slack keeps a clock slightly ahead of `ref` in the current year.
 */
export function parseSyslogTime(s: string, ref: number = Date.now(), zone: Zone = UTC_ZONE): number | null {
  const m = /^(\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)$/.exec(s);
  if (!m || MONTHS[m[1]!] === undefined) return null;
  const year = new Date(ref).getUTCFullYear();
  const at = (y: number) => zone.toUtc(Date.UTC(y, MONTHS[m[1]!]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!));
  const t = at(year);
  return t > ref + 86_400_000 ? at(year - 1) : t;
}

/** Largest epoch ms a Date holds (±100,000,000 days); beyond it toISOString throws and no screen can show the time. */
export const MAX_TIME_MS = 8.64e15;

/** `t` when a Date can hold it, else null: a line claiming a time past year 275760 has no usable time. */
export function dateOrNull(t: number): number | null {
  return Number.isFinite(t) && Math.abs(t) <= MAX_TIME_MS ? t : null;
}

/** `1795618382.844` (seconds since the epoch, as auditd writes `msg=audit(…)`) → epoch ms. */
export function parseEpochTime(s: string): number | null {
  return /^\d+(?:\.\d+)?$/.test(s) ? dateOrNull(Math.round(Number(s) * 1000)) : null;
}

/** ISO 8601 / RFC 5424 time → epoch ms. */
export function parseIsoTime(s: string): number | null {
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/** Two-digit 5250 style date `25/11/26` and time `11:18:21` in UTC. */
export function formatDateTime(t: number): { date: string; time: string } {
  const iso = new Date(t).toISOString();
  return { date: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)}`, time: iso.slice(11, 19) };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = Object.keys(MONTHS);
const p2 = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → `Wed Nov 25 11:18:18 2026` (UTC), as vsftpd writes it. */
export function formatCtime(t: number): string {
  const d = new Date(t);
  return `${DAYS[d.getUTCDay()]} ${MONTH_NAMES[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Epoch ms → `Nov 25 11:18:18` (UTC), as RFC 3164 syslog writes it (day padded with a space). */
export function formatSyslogTime(t: number): string {
  const d = new Date(t);
  return `${MONTH_NAMES[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}
