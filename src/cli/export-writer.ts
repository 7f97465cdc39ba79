// The Activity Log export written to a sink: rows in id (chain) order with their hashes, then the end record. Shared
// by `msgmon log export` and the Activity Log screen's F6=Export (loaded only when one of them exports).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { MessageQuery } from '../core/services.js';
import { UserError } from '../core/errors.js';
import { type ExportReader, sqliteExportReader } from '../store/chain-export.js';
import { pgExportReader } from '../store/pg/pg-chain-export.js';
import type { CliContext } from './context.js';
import type { ExportTrailer } from '../store/export-check.js';
import { CSV_COLUMNS, CSV_TRAILER_PREFIX, csvRecord, jsonlRecord, type ExportFormat } from './export-format.js';

/** A destination written with backpressure: no export is ever held in memory beyond one page. */
export interface Sink {
  write(s: string): Promise<void>;
  end(): Promise<void>;
  /** True when the reader went away (| head): the export stops. */
  readonly closed: boolean;
}

/** A file opened for writing (mode 0600); waits for `drain` and, at the end, for `finish`. */
export async function fileSink(file: string): Promise<Sink> {
  const stream = fs.createWriteStream(file, { mode: 0o600 });
  let failure: Error | null = null;
  try {
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  } catch (e) {
    throw new UserError(`cannot write ${file}: ${(e as Error).message}`);
  }
  stream.on('error', (e) => (failure = e));
  const settle = (event: 'drain' | 'finish'): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (): void => (stream.off('error', reject), resolve());
      stream.once(event, done).once('error', reject);
    });
  return {
    closed: false,
    async write(s) {
      if (failure) throw new UserError(`cannot write ${file}: ${(failure as Error).message}`);
      if (!stream.write(s)) await settle('drain');
    },
    async end() {
      const finished = settle('finish');
      stream.end();
      await finished;
    },
  };
}

/**
 * Writes the messages of `query` to the sink in id (chain) order with their hashes, then the end record (chain start
 * and head, the filters as asked); returns that record. One read snapshot: the head and every row agree.
 */
export async function writeLogExport(
  store: ExportReader,
  query: MessageQuery,
  format: ExportFormat,
  sink: Sink,
  filters: Record<string, string>,
): Promise<ExportTrailer> {
  let rows = 0;
  store.begin();
  let trailer: ExportTrailer;
  try {
    const { chain, pages } = store.chainedPages(query);
    if (format === 'csv') await sink.write(stringify([[...CSV_COLUMNS]]));
    for (const page of pages) {
      await sink.write(format === 'csv' ? stringify(page.map(csvRecord)) : page.map(jsonlRecord).join('\n') + '\n');
      rows += page.length;
      if (sink.closed) break;
    }
    trailer = {
      msgmonExport: 1,
      created: new Date().toISOString(),
      filters,
      rows,
      start: { id: chain.checkpoint.id, hash: chain.checkpoint.hash },
      head: chain.head,
    };
  } finally {
    store.end();
  }
  await sink.write(format === 'csv' ? `${CSV_TRAILER_PREFIX}${JSON.stringify(trailer)}\n` : JSON.stringify(trailer) + '\n');
  await sink.end();
  return trailer;
}

/** A screen's query as the end record's filters (the `log export` option names, times in ISO). */
function queryFilters(q: MessageQuery): Record<string, string> {
  const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
  const all = { since: iso(q.since), until: iso(q.until), system: q.system, user: q.user, msgid: q.msgId, session: q.session, text: q.text, client: q.client };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * The Activity Log screen's export: the same file `msgmon log export --format F --out FILE` writes for the same
 * filters. Returns the rows written.
 */
export async function exportLogToFile(store: ExportReader, query: MessageQuery, format: ExportFormat, file: string): Promise<{ rows: number; file: string }> {
  const full = path.resolve(file.replace(/^~(?=\/|$)/, os.homedir()));
  const trailer = await writeLogExport(store, query, format, await fileSink(full), queryFilters(query));
  return { rows: trailer.rows, file: full };
}

/** What an export reads: the PostgreSQL store with --store postgres://…, else the home's SQLite store. */
export function exportReaderOf(c: CliContext): ExportReader {
  return c.pg ? pgExportReader(c.pg.db) : sqliteExportReader(c.store.db);
}
