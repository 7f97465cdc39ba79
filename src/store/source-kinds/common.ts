// What every kind of source has: its name, its system, how a never-read source starts, how its lines' times and
// sessions are read. Each kind (file.ts, journal.ts, ibmi.ts) adds its own options to these.
import { z } from 'zod';
import { parseZone } from '../../core/zone.js';

/** Names of hosts and sources: used in cursor keys, messages and command lines. */
export const nameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'use letters, digits, dot, dash or underscore (at most 63)');

/** The fields of every source. */
export const sourceBase = {
  name: nameSchema,
  system: nameSchema,
  /** Start a never-read file at its end (a journal after its last entry) instead of its beginning. */
  fromEnd: z.boolean().default(false),
  /** The zone of times its lines write without one (RFC 3164 syslog): IANA name or ±HH:MM; absent: UTC. */
  zone: z
    .string()
    .refine((z) => parseZone(z) !== null, { message: 'not a time zone (an IANA name like Europe/Berlin, or +HH:MM)' })
    .optional(),
  /** The server's idle timeout in seconds when it differs from its format's default (vsftpd idle_session_timeout). */
  sessionIdle: z.number().int().positive().optional(),
};

/** The formats of a file's or journal's lines (msgmon formats list). */
export const lineFormatsSchema = z.array(z.string().min(1)).min(1, 'a file or journal source needs at least one format');
