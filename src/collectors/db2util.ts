// Runs one SQL statement on an IBM i through db2util (IBM i open-source package, PASE) over an SSH exec channel
// and returns its rows. The SQL and every -p value are shell-quoted; values are bound to ? markers by db2util,
// never pasted into the SQL.
import { execResult, shQuote, type ExecHost } from './remote-exec.js';

/** A JSON row as db2util prints it: column name → string, number or null. */
export type Db2Row = Record<string, unknown>;

/** Why a db2util run gave no rows: `missing` (not installed / not on PATH), `sql` (the statement failed), `output` (not JSON). */
export class Db2utilError extends Error {
  constructor(
    readonly kind: 'missing' | 'sql' | 'output',
    message: string,
  ) {
    super(message);
  }
}

/** db2util's home in the IBM i open-source packages: put first on PATH, because a non-interactive SSH session may lack it. */
const PASE_BIN = '/QOpenSys/pkgs/bin';

/** The shell command that runs `sql` with `params` and prints JSON. */
export function db2utilCommand(program: string, sql: string, params: string[]): string {
  const words = [shQuote(program), '-o', 'json', ...params.flatMap((v) => ['-p', shQuote(v)]), shQuote(sql)];
  return `PATH=${PASE_BIN}:"$PATH" ${words.join(' ')}`;
}

/** The rows of db2util's JSON: its default `{"records":[…]}` envelope, or a bare array. */
export function parseDb2Json(out: string): Db2Row[] {
  const text = out.trim();
  if (text === '') return []; // db2util prints nothing when a statement returns no result set
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Db2utilError('output', `db2util printed something that is not JSON (${(err as Error).message}): ${text.slice(0, 200)}`);
  }
  const rows = Array.isArray(doc) ? doc : (doc as { records?: unknown })?.records;
  if (!Array.isArray(rows)) throw new Db2utilError('output', `db2util JSON has no "records" array: ${text.slice(0, 200)}`);
  return rows as Db2Row[];
}

/** Runs the statement; resolves with its rows, rejects with a Db2utilError that says what to do. */
export async function runDb2util(exec: ExecHost, program: string, sql: string, params: string[], timeoutMs: number): Promise<Db2Row[]> {
  const r = await execResult(exec, db2utilCommand(program, sql, params), timeoutMs);
  const err = r.err.trim();
  if (r.code === 127 || (r.code !== 0 && /not found|No such file/i.test(err) && !/SQLSTATE/.test(err))) {
    throw new Db2utilError(
      'missing',
      `${program} was not found on the system (${err || `exit ${r.code}`}): install it with 'yum install db2util' (IBM i open-source packages) or give its path with --db2util`,
    );
  }
  if (r.code !== 0) throw new Db2utilError('sql', `${program} failed (exit ${r.code ?? 'none'}): ${err || r.out.trim().slice(0, 300)}`);
  return parseDb2Json(r.out);
}
