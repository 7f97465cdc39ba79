// A configured source: one of the kinds in source-kinds/ (a log file, systemd journal entries, an IBM i SQL
// service), told apart by `kind`. Each kind's options, schema, location text and cursor key live in its own file;
// its reader is made by collectors/source-readers.ts. A new kind is one more file here and one more case there.
import { z } from 'zod';
import { parseZone, UTC_ZONE, type Zone } from '../core/zone.js';
import { fileKind, fileSourceSchema } from './source-kinds/file.js';
import { ibmiKind, ibmiKindSchema } from './source-kinds/ibmi.js';
import { journalKind, journalSourceSchema } from './source-kinds/journal.js';

/** The kinds of source. */
export const SOURCE_KINDS = ['file', 'journal', 'ibmi'] as const;

/** The system of `local` sources: files on the machine `collect` runs on (no host, no SSH). */
export const LOCAL_SYSTEM = 'local';

/**
 * One stream on a system, read with a resume cursor. Configurations written before `kind` was stored are file
 * sources: a source without one reads as `kind: file`, so every existing config.json loads as it is.
 */
export const sourceSchema = z.preprocess(
  (v) => (v !== null && typeof v === 'object' && !('kind' in v) ? { ...v, kind: 'file' } : v),
  z.discriminatedUnion('kind', [fileSourceSchema, journalSourceSchema, ibmiKindSchema]),
);

/** A configured source. */
export type SourceConfig = z.infer<typeof sourceSchema>;
/** The kind of a source. */
export type SourceKind = SourceConfig['kind'];

/** What a source reads, for people: the file's path, `journal unit U` / `journal identifier I` [in DIR], or the IBM i service. */
export function sourceLocation(s: SourceConfig): string {
  switch (s.kind) {
    case 'file':
      return fileKind.location(s);
    case 'journal':
      return journalKind.location(s);
    case 'ibmi':
      return ibmiKind.location(s);
  }
}

/** The cursor key of a source: a changed system, path, journal selection or IBM i service starts a fresh cursor. */
export function sourceCursorKey(s: SourceConfig): string {
  switch (s.kind) {
    case 'file':
      return fileKind.cursorKey(s);
    case 'journal':
      return journalKind.cursorKey(s);
    case 'ibmi':
      return ibmiKind.cursorKey(s);
  }
}

/** The zone a source's zone-less times are read in (UTC unless set). */
export function sourceZone(s: SourceConfig): Zone {
  return (s.zone !== undefined ? parseZone(s.zone) : null) ?? UTC_ZONE;
}
