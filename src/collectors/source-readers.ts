// The one place a source's kind picks its reader: a new kind of source is one more case here.
import { RemoteFileReader } from './remote-file.js';
import type { ReaderContext, SourceReader } from './source-reader.js';

/** The reader of a source, by its kind. */
export function createSourceReader(ctx: ReaderContext): SourceReader {
  const { source, remote } = ctx;
  switch (source.kind) {
    case 'file':
      return new RemoteFileReader(remote.exec, remote.shell, source.path, ctx.cursor, { follow: ctx.follow, fromEnd: source.fromEnd }, ctx.sink);
  }
}
