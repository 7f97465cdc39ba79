// An IBM i source (`sources add NAME --system S --ibmi history|msgq|audit`): SQL rows read over SSH through db2util
// from a cursor of timestamp and sequence; its readers make messages from rows, so it has no line formats.
import { z } from 'zod';
import { ibmiSourceSchema } from '../ibmi-source.js';
import { sourceBase } from './common.js';

/** An IBM i source's configuration. */
export const ibmiKindSchema = z.object({
  ...sourceBase,
  kind: z.literal('ibmi'),
  /** Always empty: rows, not lines (kept so every source has the field). */
  formats: z.array(z.string()).max(0, 'an IBM i source reads rows: it has no formats').default([]),
  ibmi: ibmiSourceSchema,
});

/** A configured IBM i source. */
export type IbmiSource = z.infer<typeof ibmiKindSchema>;

/** The IBM i kind: what it reads, for people, and its cursor key (another service starts a fresh cursor). */
export const ibmiKind = {
  location: (s: IbmiSource): string =>
    ({ history: 'IBM i history log', msgq: `IBM i message queue ${s.ibmi.queue}`, audit: 'IBM i audit journal' })[s.ibmi.service],
  cursorKey: (s: IbmiSource): string => `ibmi:${s.system}:${s.name}:${s.ibmi.service}`,
};
