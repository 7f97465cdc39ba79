// Time zones for log lines that carry none (RFC 3164 syslog): an IANA name or a fixed offset, turned into UTC.

/** A time zone a year- and zone-less wall-clock time is read in. */
export interface Zone {
  /** As the user wrote it (`Europe/Berlin`, `+01:00`, `UTC`). */
  name: string;
  /** The UTC time of a wall-clock time given as if it were UTC (Date.UTC of its parts). */
  toUtc(wall: number): number;
}

const QUARTER_HOUR = 900_000;

/** UTC: wall-clock time is UTC time. */
export const UTC_ZONE: Zone = { name: 'UTC', toUtc: (wall) => wall };

/** A fixed offset from UTC, in minutes east. */
function fixedZone(name: string, minutes: number): Zone {
  const ms = minutes * 60_000;
  return { name, toUtc: (wall) => wall - ms };
}

/**
 * An IANA zone through Intl (Node's full ICU). Offsets change only on quarter hours, so each quarter hour's
 * offset is asked once; a busy log asks a handful of times per day of lines.
 */
function ianaZone(name: string): Zone {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const cache = new Map<number, number>();
  const offsetAt = (utc: number): number => {
    const q = Math.floor(utc / QUARTER_HOUR);
    let off = cache.get(q);
    if (off === undefined) {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(q * QUARTER_HOUR)) if (part.type !== 'literal') p[part.type] = Number(part.value);
      off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - q * QUARTER_HOUR;
      if (cache.size > 10_000) cache.clear();
      cache.set(q, off);
    }
    return off;
  };
  return {
    name,
    // The offset at the wall time read as UTC may be the other side of a DST change; asked again at that guess it
    // is right, except in the hour a DST change skips or repeats, where either reading is as good as the log allows.
    toUtc: (wall) => wall - offsetAt(wall - offsetAt(wall)),
  };
}

/**
 * Reads `--zone`: an IANA name (`Europe/Berlin`), `UTC`/`Z`, or an offset `+HH:MM` / `-HH:MM` / `+HHMM`.
 * Returns null for anything else (the caller says what to write).
 */
export function parseZone(spec: string): Zone | null {
  const s = spec.trim();
  if (/^(?:UTC|Z|GMT)$/i.test(s)) return { ...UTC_ZONE, name: s };
  const off = /^([+-])(\d\d):?(\d\d)$/.exec(s);
  if (off) {
    const h = Number(off[2]),
      m = Number(off[3]);
    if (h > 14 || m > 59) return null;
    return fixedZone(s, (off[1] === '-' ? -1 : 1) * (h * 60 + m));
  }
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(s)) return null;
  try {
    return ianaZone(s);
  } catch {
    return null; // RangeError: Invalid time zone specified
  }
}
