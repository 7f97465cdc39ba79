// The one place a source's kind picks its reader (its options and schema: store/source-kinds/KIND.ts): a new kind
// of source is one more case here. Each case sees its kind's configuration, so every option is known to be there.
import type { SourceConfig } from '../store/config-store.js';
import { RemoteFileReader } from './remote-file.js';
import { LocalSourceReader } from './local-source-reader.js';
import { IbmiSqlReader } from './ibmi-sql.js';
import { JOURNAL_ENVELOPE, RemoteJournalReader } from './remote-journal.js';
import type { ReaderContext, SourceReader } from './source-reader.js';

/** The reader of a source, by its kind. */
export function createSourceReader(ctx: ReaderContext): SourceReader {
  const { source, remote } = ctx;
  const opts = { follow: ctx.follow, fromEnd: source.fromEnd };
  switch (source.kind) {
    case 'file':
      return new RemoteFileReader(remote.exec, remote.shell, source.path, ctx.cursor, opts, ctx.sink);
    case 'journal':
      return new RemoteJournalReader(remote.exec, source.journal, ctx.cursor, opts, ctx.sink);
    case 'ibmi':
      return new IbmiSqlReader({
        exec: remote.exec,
        system: source.system,
        source: source.name,
        ibmi: source.ibmi,
        cursor: ctx.cursor,
        follow: ctx.follow,
        catalog: ctx.catalog,
        sessions: ctx.sessions,
        commit: ctx.commit,
      });
  }
}

/** The reader of a `local` source: a file on this machine (the other kinds are read on a host). */
export function createLocalReader(ctx: Omit<ReaderContext, 'remote'>): SourceReader {
  const { source } = ctx;
  if (source.kind !== 'file') throw new Error(`${source.kind} sources are read on a host over SSH, not on system local`);
  return new LocalSourceReader(source.path, ctx.cursor, { follow: ctx.follow, fromEnd: source.fromEnd }, ctx.sink);
}

/** The formats a source's lines are parsed with: a journal reader's lines are JSON entries in the journald envelope. */
export function lineFormats(source: SourceConfig): string[] {
  return source.kind === 'journal' && !source.formats.includes(JOURNAL_ENVELOPE) ? [JOURNAL_ENVELOPE, ...source.formats] : source.formats;
}
