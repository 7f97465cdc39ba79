// A stand-in for IBM's db2util, installed as `db2util` on the PATH of the test sshd's user (no IBM i exists
// here). It takes db2util 1.0's command line (`-o json`, one `-p` per ? marker, the SQL last), knows only
// msgmon's statements (data/ibmi/queries.json, copied to ~/ibmi/queries.json: any other SQL fails as an
// SQL error would) and answers them from the recorded rows in ~/ibmi/<service>.json, applying the
// statement's WHERE (cursor, job and entry-type filters), ORDER BY and FETCH FIRST as Db2 would.
// ~/ibmi/fail, when present, holds an SQL error to print instead (exit 1), as db2util does.
// The status probe's statements (jobs, system) take no markers: their rows get CURRENT TIMESTAMP (now, at the
// fixture's UTC offset), and each job's cumulative counters grow with the seconds since ~/ibmi/jobs.json was
// written, at the fixture's `growthPerSecond` (test/fixtures/ibmi/README.md).
import fs from 'node:fs';
import path from 'node:path';

const dir = path.join(process.env.HOME ?? '.', 'ibmi');
const fail = (text, code = 1) => {
  process.stderr.write(`${text}\n`);
  process.exit(code);
};

const args = process.argv.slice(2);
const params = [];
let format = 'comma';
let sql = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-o') format = args[++i];
  else if (a === '-p') params.push(args[++i]);
  else if (a.startsWith('-')) fail(`Syntax: db2util [-o json|csv|comma|space] [-p parm]... "<sql>"\nunknown option ${a}`);
  else if (i === args.length - 1) sql = a;
  else fail(`Syntax: db2util [-o json|csv|comma|space] [-p parm]... "<sql>"`);
}
if (sql === null) fail('Syntax: db2util [-o json|csv|comma|space] [-p parm]... "<sql>"');
if (format !== 'json') fail(`this test stand-in prints -o json only, not ${format}`);
if (fs.existsSync(path.join(dir, 'fail'))) fail(fs.readFileSync(path.join(dir, 'fail'), 'utf8').trim());

const queries = JSON.parse(fs.readFileSync(path.join(dir, 'queries.json'), 'utf8')).queries;
const service = Object.keys(queries).find((k) => queries[k].sql.join('\n') === sql);
if (!service) fail('Token was not valid. SQLSTATE=42601 SQLCODE=-104');
const markers = (sql.match(/\?/g) ?? []).length;
if (markers !== params.length) fail(`Invalid parameter count: expected ${markers} got ${params.length}`);

/** Timestamp text → comparable key; a parameter that is no timestamp fails as Db2's CAST would. */
const tsKey = (s) => {
  const m = /^(\d{4})-(\d\d)-(\d\d)[- ](\d\d)[.:](\d\d)[.:](\d\d)(?:\.(\d{1,12}))?$/.exec(String(s).trim());
  if (!m) fail(`Value for cast argument not valid: ${s}. SQLSTATE=22007 SQLCODE=-181`);
  return `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}${(m[7] ?? '').padEnd(12, '0')}`;
};
const like = (value, pattern) =>
  new RegExp(
    `^${pattern
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/%/g, '.*')
      .replace(/_/g, '.')}$`,
  ).test(value ?? '');
const trimmed = (v) => (typeof v === 'string' ? v.trim() : v);

const doc = JSON.parse(fs.readFileSync(path.join(dir, `${service}.json`), 'utf8'));
let rows = doc.rows;
if (service === 'history') {
  const [start, fromJob] = params;
  // ORDINAL_POSITION numbers the log's messages from START_TIME on, anew in every call.
  rows = rows
    .filter((r) => tsKey(r.MESSAGE_TIMESTAMP) >= tsKey(start))
    .map((r, i) => ({ ...r, ORDINAL_POSITION: i + 1 }))
    .filter((r) => ['CPF1124', 'CPF1164'].includes(r.MESSAGE_ID) && like(r.FROM_JOB, fromJob))
    .sort((a, b) => tsKey(a.MESSAGE_TIMESTAMP).localeCompare(tsKey(b.MESSAGE_TIMESTAMP)) || a.ORDINAL_POSITION - b.ORDINAL_POSITION);
} else if (service === 'msgq') {
  const [lib, queue, after, after2, key] = params;
  if (`${lib}/${queue}` !== doc.queue) fail(`Message queue ${queue} in ${lib} not found. SQLSTATE=42704 SQLCODE=-204`);
  rows = rows
    .filter((r) => tsKey(r.MESSAGE_TIMESTAMP) > tsKey(after) || (tsKey(r.MESSAGE_TIMESTAMP) === tsKey(after2) && r.MESSAGE_KEY > key))
    .sort((a, b) => tsKey(a.MESSAGE_TIMESTAMP).localeCompare(tsKey(b.MESSAGE_TIMESTAMP)) || a.MESSAGE_KEY.localeCompare(b.MESSAGE_KEY));
} else if (service === 'jobs' || service === 'system') {
  // Db2's CURRENT TIMESTAMP: local time of the "IBM i" (doc.utcOffsetMinutes), microsecond digits.
  const now = Date.now();
  const local = new Date(now + (doc.utcOffsetMinutes ?? 0) * 60_000).toISOString();
  const SAMPLE_TIMESTAMP = `${local.slice(0, 10)}-${local.slice(11, 19).replace(/:/g, '.')}.${local.slice(20, 23)}000`;
  const seconds = (now - fs.statSync(path.join(dir, `${service}.json`)).mtimeMs) / 1000;
  rows = rows.map((r) => {
    const grow = doc.growthPerSecond?.[r.JOB_NAME] ?? {};
    const counters = Object.fromEntries(Object.entries(grow).map(([k, perSecond]) => [k, r[k] + Math.floor(perSecond * seconds)]));
    return { SAMPLE_TIMESTAMP, ...r, ...counters };
  });
  // The two JOB_NAME_FILTER values of the statement, ORDER BY JOB_NAME.
  if (service === 'jobs') rows = rows.filter((r) => /^\d{6}\/[^/]+\/(QTFTP|QZSOSRV)/.test(r.JOB_NAME)).sort((a, b) => a.JOB_NAME.localeCompare(b.JOB_NAME));
} else {
  const [start, jobName, after, after2, seq] = params;
  if (!/^\d+$/.test(seq)) fail(`Character in CAST argument not valid. SQLSTATE=22018 SQLCODE=-420`);
  rows = rows
    .filter(
      (r) =>
        tsKey(r.ENTRY_TIMESTAMP) >= tsKey(start) &&
        ['CD', 'ZR', 'ZC', 'PW'].includes(r.JOURNAL_ENTRY_TYPE) &&
        like(trimmed(r.JOB_NAME), jobName) &&
        (tsKey(r.ENTRY_TIMESTAMP) > tsKey(after) || (tsKey(r.ENTRY_TIMESTAMP) === tsKey(after2) && r.SEQUENCE_NUMBER > Number(seq))),
    )
    .sort((a, b) => tsKey(a.ENTRY_TIMESTAMP).localeCompare(tsKey(b.ENTRY_TIMESTAMP)) || a.SEQUENCE_NUMBER - b.SEQUENCE_NUMBER);
}
const limit = Number(/FETCH FIRST (\d+) ROWS ONLY/.exec(sql)?.[1] ?? Infinity);
process.stdout.write(`${JSON.stringify({ records: rows.slice(0, limit) })}\n`);
