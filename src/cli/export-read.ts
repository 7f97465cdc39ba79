// Reads an export file back as a stream of records (never the whole file in memory): JSON lines, or CSV with
// quoted cells that may span lines, and the end record of either.
import fs from 'node:fs';
import readline from 'node:readline';
import { CSV_TRAILER_PREFIX } from './export-format.js';

/** One record of an export file: a message row (as JSON or as CSV cells), the end record, or an unreadable line. */
export type ExportItem =
  | { kind: 'json'; at: number; value: Record<string, unknown> }
  | { kind: 'csv'; at: number; cells: Map<string, string> }
  | { kind: 'end'; at: number; value: unknown }
  | { kind: 'bad'; at: number; detail: string };

/** CSV records from text chunks; a line that starts with '#' where a record would start is a comment. */
export class CsvRecords {
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  private quoteEnd = false; // a quote inside quotes: the end of the cell, or the first of a doubled quote
  private comment: string | null = null;
  private atStart = true;

  /** Feeds a chunk; calls `record` for every complete record and `commentLine` for every comment. */
  push(s: string, record: (cells: string[]) => void, commentLine: (line: string) => void): void {
    let i = 0;
    while (i < s.length) {
      if (this.comment !== null) {
        const nl = s.indexOf('\n', i);
        this.comment += s.slice(i, nl < 0 ? s.length : nl);
        if (nl < 0) return;
        commentLine(this.comment);
        this.comment = null;
        this.atStart = true;
        i = nl + 1;
        continue;
      }
      const ch = s[i]!;
      if (this.quoteEnd) {
        this.quoteEnd = false;
        if (ch === '"') (this.cell += '"'), i++;
        else this.quoted = false;
        continue;
      }
      if (this.quoted) {
        const q = s.indexOf('"', i);
        this.cell += s.slice(i, q < 0 ? s.length : q);
        if (q < 0) return;
        this.quoteEnd = true;
        i = q + 1;
        continue;
      }
      if (this.atStart && ch === '#') {
        this.comment = '';
        this.atStart = false;
        continue;
      }
      this.atStart = false;
      if (ch === '"') this.quoted = true;
      else if (ch === ',') this.cells.push(this.cell), (this.cell = '');
      else if (ch === '\n') this.endRecord(record);
      else if (ch !== '\r') {
        // Plain text up to the next special character in one slice.
        let j = i + 1;
        while (j < s.length && s[j] !== ',' && s[j] !== '\n' && s[j] !== '"' && s[j] !== '\r') j++;
        this.cell += s.slice(i, j);
        i = j;
        continue;
      }
      i++;
    }
  }

  /** The last record when the file does not end with a newline. */
  end(record: (cells: string[]) => void, commentLine: (line: string) => void): void {
    if (this.comment !== null) commentLine(this.comment);
    else if (!this.atStart) this.endRecord(record);
  }

  private endRecord(record: (cells: string[]) => void): void {
    this.cells.push(this.cell);
    record(this.cells);
    this.cells = [];
    this.cell = '';
    this.quoted = false;
    this.atStart = true;
  }
}

async function* jsonLines(file: string): AsyncGenerator<ExportItem> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let at = 0;
  for await (const line of lines) {
    at++;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      yield { kind: 'bad', at, detail: `line ${at} is not JSON` };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) yield { kind: 'bad', at, detail: `line ${at} is not a JSON object` };
    else if ('msgmonExport' in value) yield { kind: 'end', at, value };
    else yield { kind: 'json', at, value: value as Record<string, unknown> };
  }
}

async function* csvRecords(file: string): AsyncGenerator<ExportItem> {
  const parser = new CsvRecords();
  let header: string[] | null = null;
  let at = 0;
  let ready: ExportItem[] = [];
  const onRecord = (cells: string[]): void => {
    at++;
    if (!header) return void (header = cells);
    if (cells.length !== header.length)
      return void ready.push({ kind: 'bad', at, detail: `record ${at} has ${cells.length} cells, the header ${header.length}` });
    ready.push({ kind: 'csv', at, cells: new Map(header.map((h, i) => [h, cells[i]!])) });
  };
  const onComment = (line: string): void => {
    at++;
    if (!line.startsWith(CSV_TRAILER_PREFIX)) return;
    try {
      ready.push({ kind: 'end', at, value: JSON.parse(line.slice(CSV_TRAILER_PREFIX.length)) });
    } catch {
      ready.push({ kind: 'bad', at, detail: `the end record (record ${at}) is not JSON` });
    }
  };
  for await (const chunk of fs.createReadStream(file, 'utf8')) {
    parser.push(chunk as string, onRecord, onComment);
    yield* ready;
    ready = [];
  }
  parser.end(onRecord, onComment);
  yield* ready;
}

/** The records of an export file, JSON lines or CSV, told apart by the first character. */
export async function* readExport(file: string): AsyncGenerator<ExportItem> {
  const fd = await fs.promises.open(file, 'r');
  const { buffer, bytesRead } = await fd.read(Buffer.alloc(1), 0, 1, 0).finally(() => fd.close());
  yield* bytesRead && buffer[0] === 0x7b /* { */ ? jsonLines(file) : csvRecords(file);
}
