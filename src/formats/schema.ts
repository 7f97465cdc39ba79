// The shape of data/formats/*.json, checked with zod at load so a broken file names itself.
import { z } from 'zod';

const fieldValue = z.union([z.string(), z.number()]);

/** A condition on a captured field that picks a different message ID (e.g. FTP command verb → msgId). */
export const caseSchema = z
  .object({
    field: z.string(),
    equals: z.string().optional(),
    in: z.array(z.string()).optional(),
    prefix: z.string().optional(),
    msgId: z.string().nullable(),
    fields: z.record(z.string(), fieldValue).optional(),
  })
  .refine((c) => [c.equals, c.in, c.prefix].filter((x) => x !== undefined).length === 1, {
    message: 'a case needs exactly one of equals, in, prefix',
  });

/** An embedded sample: a real line, and what the pattern must make of it. */
export const sampleSchema = z.object({
  line: z.string(),
  msgId: z.string().nullable().optional(),
  fields: z.record(z.string(), fieldValue).default({}),
});

/** One pattern: a literal prefix for cheap dispatch, a regex with named groups, a message ID. */
export const patternSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string().optional(),
  startsWith: z.string().default(''),
  regex: z.string(),
  msgId: z.string().nullable(),
  fields: z.record(z.string(), fieldValue).optional(),
  cases: z.array(caseSchema).optional(),
  samples: z.array(sampleSchema).min(1, 'every pattern needs at least one sample'),
});

/** How the time of a line is written. */
export const timeLayout = z.enum(['ctime', 'syslog', 'iso', 'epoch']);

/** A time layout: ctime (vsftpd), syslog (RFC 3164), iso (ISO 8601, RFC 5424), epoch (seconds, auditd). */
export type TimeLayout = z.infer<typeof timeLayout>;

/**
 * How a prefixed format's lines look when its program logs through syslog instead of its own file (vsftpd
 * syslog_enable=YES): the wrapper (or a journal entry) gives time, host and pid; the text starts with `prefix`.
 */
export const syslogVariantSchema = z.object({
  wrappers: z.array(z.string()).min(1),
  programs: z.array(z.string()).min(1),
  prefix: z.string(),
  /** Real wrapped lines: each must give a message or a recognised line. */
  samples: z.array(z.string()).min(1),
});

/** A whole format file. Either `prefix` (own line start) or `wrappers` + `programs` (syslog-style lines, in any of the envelopes named). */
export const formatSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string(),
    protocol: z.string().optional(),
    prefix: z.string().optional(),
    wrappers: z.array(z.string()).min(1).optional(),
    programs: z.array(z.string()).optional(),
    /** Programs another format owns whose lines this one reads when the owner has no pattern for them (sftp under sshd's tag). */
    borrowedPrograms: z.array(z.string()).optional(),
    syslog: syslogVariantSchema.optional(),
    time: z.object({ field: z.string(), layout: timeLayout }).optional(),
    types: z.record(z.string(), z.enum(['int', 'ip', 'upper', 'path'])).default({}),
    /** Session strategy (src/sessions/strategy.ts); formats of one source naming the same kind share its sessions. */
    session: z.enum(['vsftpd', 'ssh', 'pid', 'audit', 'none']).default('pid'),
    /**
     * The server's own idle timeout in seconds (vsftpd idle_session_timeout 300, ProFTPD TimeoutIdle 600,
     * Pure-FTPd -I 15 min): a session with no line for this long of log time has ended (FTP0041 idle). None: 2 h.
     */
    sessionIdle: z.number().int().positive().optional(),
    patterns: z.array(patternSchema).min(1),
  })
  .refine((f) => (f.prefix === undefined) !== (f.wrappers === undefined), {
    message: 'a format needs exactly one of prefix or wrappers',
  })
  .refine((f) => f.syslog === undefined || f.prefix !== undefined, {
    message: 'a syslog variant belongs to a format with its own prefix (a wrapped format is syslog already)',
  })
  .refine((f) => f.wrappers === undefined || (f.programs?.length ?? 0) > 0, {
    message: 'a wrapped format must name the programs whose lines it claims',
  });

/** A text wrapper: a regex for the start of a line (RFC 3164 or RFC 5424 syslog). */
export const textWrapperSchema = z.object({
  kind: z.literal('text').default('text'),
  description: z.string(),
  regex: z.string(),
  time: z.object({ field: z.string(), layout: timeLayout }),
  samples: z.array(z.string()).min(1),
});

/**
 * A JSON wrapper: one JSON object per line (journalctl -o json) whose keys carry what the start of a syslog
 * line carries. Each part names its keys in order of preference (the first present wins). Formats do not
 * name JSON wrappers: every format that claims programs applies to the text of their entries.
 */
export const jsonWrapperSchema = z.object({
  kind: z.literal('json'),
  description: z.string(),
  /** The key of the message text handed to the program's format (a string, or an array of bytes). */
  text: z.string(),
  /** Keys naming the program: the format that claims it parses the text. */
  program: z.array(z.string()).min(1),
  /** Fields every message gets (host, pid), each from the first of its keys present. */
  fields: z.record(z.string(), z.array(z.string()).min(1)).default({}),
  /** Keys of the time, in microseconds since the epoch, the first present wins (journald: when sent, else when stored). */
  time: z.object({ fields: z.array(z.string()).min(1), layout: z.literal('epoch-us') }),
  /** Real entries, one JSON line each: every one must give a program, a text and a time. */
  samples: z.array(z.string()).min(1),
});

/** Wrappers (data/formats/wrappers.json): envelopes shared by formats, text lines or JSON entries. */
export const wrapperFileSchema = z.object({
  $comment: z.string().optional(),
  wrappers: z.record(z.string(), z.union([jsonWrapperSchema, textWrapperSchema])),
});

export type FormatSpec = z.infer<typeof formatSchema>;
export type PatternSpec = z.infer<typeof patternSchema>;
export type WrapperFile = z.infer<typeof wrapperFileSchema>;
export type JsonWrapperSpec = z.infer<typeof jsonWrapperSchema>;
