// A log file source (`sources add NAME --system S --path /var/log/vsftpd.log --format vsftpd`): read over SSH, or on
// this machine for system `local`, from a cursor of file identity and byte offset.
import { z } from 'zod';
import { lineFormatsSchema, sourceBase } from './common.js';

/** A file source's configuration. */
export const fileSourceSchema = z.object({
  ...sourceBase,
  kind: z.literal('file'),
  formats: lineFormatsSchema,
  path: z.string().min(1),
});

/** A configured log file. */
export type FileSource = z.infer<typeof fileSourceSchema>;

/** The file kind: what it reads, for people, and its cursor key (a changed system or path starts a fresh cursor). */
export const fileKind = {
  location: (s: FileSource): string => s.path,
  cursorKey: (s: FileSource): string => `ssh:${s.system}:${s.name}:${s.path}`,
};
