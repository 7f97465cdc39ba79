// A systemd journal source (`sources add NAME --system S --journal UNIT | --identifier NAME [--journal-dir DIR]`):
// journalctl's JSON entries of one unit or syslog identifier, read over SSH from a journal cursor.
import { z } from 'zod';
import { lineFormatsSchema, sourceBase } from './common.js';

/** Which journal entries a journal source reads: a unit's (journalctl -u) or a syslog identifier's (-t). */
export const journalSelectionSchema = z
  .object({
    unit: z.string().min(1).optional(),
    identifier: z.string().min(1).optional(),
    /** A journal folder (journalctl --directory) instead of the system journal. */
    directory: z.string().startsWith('/').optional(),
  })
  .refine((j) => (j.unit === undefined) !== (j.identifier === undefined), { message: 'a journal source needs exactly one of unit or identifier' });

/** The entries a journal source reads. */
export type JournalSelection = z.infer<typeof journalSelectionSchema>;

/** A journal source's configuration. */
export const journalSourceSchema = z.object({
  ...sourceBase,
  kind: z.literal('journal'),
  formats: lineFormatsSchema,
  journal: journalSelectionSchema,
});

/** A configured journal source. */
export type JournalSource = z.infer<typeof journalSourceSchema>;

/** Which journal entries, for people: `journal unit U` or `journal identifier I`, and `in DIR` for a folder. */
export function journalLocation(j: JournalSelection): string {
  return `journal ${j.unit ? `unit ${j.unit}` : `identifier ${j.identifier}`}${j.directory ? ` in ${j.directory}` : ''}`;
}

/** The journal kind: what it reads, for people, and its cursor key (a changed selection starts a fresh cursor). */
export const journalKind = {
  location: (s: JournalSource): string => journalLocation(s.journal),
  cursorKey: (s: JournalSource): string =>
    `journal:${s.system}:${s.name}:${s.journal.unit ? `u=${s.journal.unit}` : `t=${s.journal.identifier}`}:${s.journal.directory ?? ''}`,
};
