// `msgmon log verify --export FILE`: checks an export offline, row by row as it is read.
import { UserError } from '../core/errors.js';
import { ExportChecker, type ExportCheck, type ExportTrailer } from '../store/export-check.js';
import { fromCsv, fromJsonl } from './export-format.js';
import { readExport } from './export-read.js';
import { print, printJson } from './output.js';

const n = (v: number) => v.toLocaleString('en-US');

function isTrailer(v: unknown): v is ExportTrailer {
  const t = v as ExportTrailer;
  const point = (p: unknown) =>
    typeof p === 'object' && p !== null && Number.isInteger((p as { id: unknown }).id) && typeof (p as { hash: unknown }).hash === 'string';
  return t.msgmonExport === 1 && Number.isInteger(t.rows) && point(t.start) && point(t.head) && typeof t.filters === 'object' && t.filters !== null;
}

function printCheck(file: string, r: ExportCheck): void {
  const t = r.trailer;
  const what = !t
    ? 'an export without its end record'
    : Object.keys(t.filters).length
      ? `a filtered export (${Object.entries(t.filters)
          .map(([k, v]) => `--${k} ${v}`)
          .join(' ')}): each row and the links between consecutive ids were checked`
      : t.start.id > 0
        ? `the whole Activity Log from the retention checkpoint (row ${t.start.id})`
        : 'the whole Activity Log from its start';
  const span = r.first === null ? 'no rows' : `${n(r.rows)} rows (ids ${r.first}-${r.last})`;
  const out: string[] = [];
  if (r.ok) out.push(`Export intact: ${file}: ${span}, ${what}.`);
  else {
    const first = r.problems[0]!;
    out.push(`Export BROKEN${first.id !== null ? ` at row ${first.id}` : ''}: ${file}: ${first.detail}`);
    for (const p of r.problems.slice(1)) out.push(`  ${p.detail}`);
    if (r.problemCount > r.problems.length) out.push(`  … and ${n(r.problemCount - r.problems.length)} more`);
    out.push(`${n(r.problemCount)} problem${r.problemCount === 1 ? '' : 's'}; ${span}, ${what}.`);
  }
  if (t) out.push(`Chain head when exported: row ${t.head.id} ${t.head.hash} (compare with msgmon log verify on the store)`);
  print(out.join('\n') + '\n');
}

/** Checks the export in `file`; exit code 1 when anything does not verify. */
export async function verifyExportFile(file: string, json: boolean): Promise<void> {
  const check = new ExportChecker();
  try {
    for await (const item of readExport(file)) {
      if (item.kind === 'bad') check.problem({ kind: 'unreadable', id: null, detail: item.detail });
      else if (item.kind === 'end') {
        if (isTrailer(item.value)) check.end(item.value);
        else check.problem({ kind: 'unreadable', id: null, detail: `the end record (record ${item.at}) lacks its chain start, head or row count` });
      } else {
        try {
          check.row(item.kind === 'json' ? fromJsonl(item.value) : fromCsv(item.cells));
        } catch (e) {
          check.problem({ kind: 'unreadable', id: null, detail: `record ${item.at} is not an export row: ${(e as Error).message}` });
        }
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR')
      throw new UserError(`cannot read ${file}: ${err.message}; give the file msgmon log export wrote`);
    throw e;
  }
  const r = check.finish();
  if (json) printJson({ file, ...r });
  else printCheck(file, r);
  if (!r.ok) process.exitCode = 1;
}
