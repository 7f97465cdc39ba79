// What an IBM i source is configured with (`msgmon sources add NAME --system S --ibmi history|msgq|audit`):
// checked here so that every value the reader later binds into its SQL is one msgmon could have generated.
import { z } from 'zod';

/** The IBM i services a source can read: history log, a message queue, the security audit journal. */
export const IBMI_SERVICES = ['history', 'msgq', 'audit'] as const;

/** An IBM object name (library, queue, job): a letter or $ # @, then letters, digits, $ # @ _ and dot, at most 10, upper case. */
export const IBM_NAME = /^[A-Z$#@][A-Z0-9$#@_.]{0,9}$/;
/** A job name pattern: a name, or a prefix ending in `*`. */
export const JOB_PATTERN = /^[A-Z$#@][A-Z0-9$#@_.]{0,9}$|^[A-Z$#@][A-Z0-9$#@_.]{0,8}\*$/;

/** The `ibmi` part of an IBM i source. */
export const ibmiSourceSchema = z.object({
  service: z.enum(IBMI_SERVICES),
  /** Seconds between queries; IBM warns against sub-second polling of these services. */
  intervalSeconds: z.number().min(1).max(86_400).default(30),
  /** The FTP server jobs: their rows are read (history, audit) and linked into sessions. */
  job: z.string().regex(JOB_PATTERN, 'use a job name or a prefix with * (QTFTP*)').default('QTFTP*'),
  /** `LIBRARY/QUEUE` read by the msgq service. */
  queue: z
    .string()
    .refine((q) => q.split('/').length === 2 && q.split('/').every((n) => IBM_NAME.test(n)), 'use LIBRARY/QUEUE (QUSRSYS/QTCP)')
    .default('QUSRSYS/QTCP'),
  /** Epoch ms a never-read source starts from. */
  since: z.number().int(),
  /** The db2util program: a name looked up on PATH (with /QOpenSys/pkgs/bin first) or an absolute path. */
  db2util: z
    .string()
    .regex(/^[A-Za-z0-9_./-]+$/, 'use a program name or an absolute path')
    .default('db2util'),
});

/** What an IBM i source is configured with. */
export type IbmiOptions = z.infer<typeof ibmiSourceSchema>;
/** One of the services. */
export type IbmiService = IbmiOptions['service'];
