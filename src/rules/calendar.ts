// Local time in a time zone, weekly calendar windows ("Mon–Fri 08:00–18:00 Europe/Berlin") and the next
// deadline of a daily watch. Intl is slow, so the local time of a minute is remembered.
import type { TimeWindow, Weekday } from '../core/rule-types.js';

/** Weekday names in Date.getUTCDay() order. */
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Local calendar facts of an instant. */
export interface LocalTime {
  /** 0 = Sunday. */
  dow: number;
  /** Minutes since local midnight. */
  minute: number;
  year: number;
  month: number;
  day: number;
}

/** `HH:MM` → minutes since midnight (24:00 allowed); null when malformed. */
export function parseHhmm(s: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

/** True when the runtime knows the IANA zone. */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const lastByZone = new Map<string, { minute: number; lt: LocalTime }>();

/** Local time of `t` in `tz` (UTC without Intl). */
export function localTime(t: number, tz = 'UTC'): LocalTime {
  const minuteKey = Math.floor(t / 60_000);
  const cached = lastByZone.get(tz);
  if (cached && cached.minute === minuteKey) return cached.lt;
  let lt: LocalTime;
  if (tz === 'UTC') {
    const d = new Date(t);
    lt = { dow: d.getUTCDay(), minute: d.getUTCHours() * 60 + d.getUTCMinutes(), year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  } else {
    let f = formatters.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        weekday: 'short',
      });
      formatters.set(tz, f);
    }
    const parts: Record<string, string> = {};
    for (const p of f.formatToParts(t)) parts[p.type] = p.value;
    lt = {
      dow: WEEKDAYS.indexOf(parts.weekday!.toLowerCase().slice(0, 3) as Weekday),
      minute: Number(parts.hour) * 60 + Number(parts.minute),
      year: Number(parts.year),
      month: Number(parts.month),
      day: Number(parts.day),
    };
  }
  lastByZone.set(tz, { minute: minuteKey, lt });
  return lt;
}

/** The instant of local date + minute in `tz` (two passes settle the zone offset, DST included). */
export function zonedInstant(year: number, month: number, day: number, minute: number, tz = 'UTC'): number {
  const wall = Date.UTC(year, month - 1, day, 0, minute);
  if (tz === 'UTC') return wall;
  let t = wall;
  for (let i = 0; i < 2; i++) {
    const lt = localTime(t, tz);
    const seen = Date.UTC(lt.year, lt.month - 1, lt.day, 0, lt.minute);
    t += wall - seen;
  }
  return t;
}

/** A compiled calendar: true when an instant lies inside any of the windows. */
export function compileCalendar(windows: TimeWindow[]): (t: number) => boolean {
  const compiled = windows.map((w) => {
    const from = parseHhmm(w.from ?? '00:00')!;
    const to = parseHhmm(w.to ?? '24:00')!;
    const days = w.days ? new Set(w.days.map((d) => WEEKDAYS.indexOf(d))) : null;
    const tz = w.tz ?? 'UTC';
    return (t: number) => {
      const lt = localTime(t, tz);
      if (from <= to) return lt.minute >= from && lt.minute < to && (!days || days.has(lt.dow));
      // Wraps midnight: the early-morning part belongs to the window that started the day before.
      if (lt.minute >= from) return !days || days.has(lt.dow);
      if (lt.minute < to) return !days || days.has((lt.dow + 6) % 7);
      return false;
    };
  });
  return (t) => compiled.some((c) => c(t));
}
