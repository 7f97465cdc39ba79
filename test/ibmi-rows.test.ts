// The pieces of the IBM i reader that must hold for any row or cursor: the db2util command line carries the SQL
// and every value intact through a real shell, only values msgmon generates are bound, and rows of the wrong
// shape are kept for MON0010 instead of becoming wrong messages.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { db2utilCommand, parseDb2Json } from '../src/collectors/db2util.js';
import { ibmiQuery, queryParams, type IbmiOptions } from '../src/collectors/ibmi-queries.js';
import { clearsQtemp, readRow } from '../src/collectors/ibmi-rows.js';

const OPTS: IbmiOptions = { service: 'audit', intervalSeconds: 30, job: 'QTFTP*', queue: 'QUSRSYS/QTCP', since: 0, db2util: 'db2util' };

describe('IBM i rows and queries', () => {
  it('the command line gives db2util the SQL and each value as one argument, whatever they hold', () => {
    const sql = ibmiQuery('audit').sql;
    const values = ["O'Brien", '$(touch /tmp/x)', '`id`', 'a b\nc'];
    // A db2util that prints its arguments one per line, NUL-separated, instead of running SQL.
    const cmd = db2utilCommand('printargs', sql, values).replace("'printargs'", `sh -c 'printf "%s\\0" "$@"' printargs`);
    const args = execFileSync('sh', ['-c', cmd], { encoding: 'utf8' }).split('\0').slice(0, -1);
    expect(args).toEqual(['-o', 'json', ...values.flatMap((v) => ['-p', v]), sql]);
  });

  it('binds only values msgmon generates: IBM timestamps, whole numbers, IBM names', () => {
    expect(queryParams(OPTS, { ts: '2026-11-25-10.00.30.000000', seq: 1004 })).toEqual([
      '2026-11-25-10.00.30.000000',
      'QTFTP%',
      '2026-11-25-10.00.30.000000',
      '2026-11-25-10.00.30.000000',
      '1004',
    ]);
    expect(queryParams({ ...OPTS, service: 'history' }, { ts: '2026-11-25 10:00:00', seq: 2 })).toEqual(['2026-11-25 10:00:00', '%/QTFTP%']);
    expect(queryParams({ ...OPTS, service: 'msgq' }, { ts: '2026-11-25-10.00.00.000000', seq: 0xa20 })).toEqual([
      'QUSRSYS',
      'QTCP',
      '2026-11-25-10.00.00.000000',
      '2026-11-25-10.00.00.000000',
      '00000A20',
    ]);
    expect(() => queryParams(OPTS, { ts: "2026-11-25' OR 1=1 --", seq: 0 })).toThrow(/not an IBM timestamp/);
    expect(() => queryParams(OPTS, { ts: '2026-11-25-10.00.30.000000', seq: -1 })).toThrow(/whole number/);
    expect(() => queryParams({ ...OPTS, job: "QTFTP%' OR '" }, { ts: '2026-11-25-10.00.30.000000', seq: 0 })).toThrow(/job pattern/);
  });

  it('reads the documented JSON envelope or a bare array; anything else is an error that quotes it', () => {
    expect(parseDb2Json('{"records":[{"A":1}]}\n')).toEqual([{ A: 1 }]);
    expect(parseDb2Json('[{"A":1}]')).toEqual([{ A: 1 }]);
    expect(parseDb2Json('')).toEqual([]);
    expect(() => parseDb2Json('SQL0204 QAUDJRN in QSYS type *JRN not found.')).toThrow(/not JSON.*SQL0204/);
  });

  it('trims CHAR padding, leaves out QTCP as user, and keeps a row of the wrong shape whole', () => {
    const row = {
      ENTRY_TIMESTAMP: '2026-11-25-10.00.30.000000',
      ENTRY_TIMESTAMP_UTC: '2026-11-25-09.00.30.000000',
      SEQUENCE_NUMBER: '1004',
      JOURNAL_ENTRY_TYPE: 'CD',
      JOB_NAME: 'QTFTP01234',
      JOB_USER: 'QTCP      ',
      JOB_NUMBER: '123456',
      CURRENT_USER: 'QTCP      ',
      REMOTE_ADDRESS: null,
      PROGRAM_NAME: 'QTMFSRVR',
      PATH_NAME: null,
      ENTRY_TYPE: 'C',
      ENTRY_OBJECT: 'CLRLIB    ',
      ENTRY_LIBRARY: 'QSYS      ',
      ENTRY_OBJECT_TYPE: '*CMD    ',
      COMMAND_STRING: 'CLRLIB QTEMP' + ' '.repeat(988),
    };
    const r = readRow('audit', row, 'QUSRSYS/QTCP');
    expect(r).toMatchObject({
      ok: true,
      msgId: 'AUD0001',
      event: 'end',
      place: { ts: '2026-11-25-10.00.30.000000', seq: 1004 },
      time: Date.UTC(2026, 10, 25, 9, 0, 30),
    });
    expect(r.ok && r.fields).toEqual({
      entry_type: 'CD',
      job: '123456/QTCP/QTFTP01234',
      job_number: '123456',
      job_user: 'QTCP',
      job_name: 'QTFTP01234',
      sequence: '1004',
      program: 'QTMFSRVR',
      object: 'QSYS/CLRLIB',
      object_type: '*CMD',
      command: 'CLRLIB QTEMP',
    });
    const bad = readRow('audit', { ...row, JOURNAL_ENTRY_TYPE: 'AF' }, 'QUSRSYS/QTCP');
    expect(bad).toMatchObject({ ok: false, reason: expect.stringContaining("'AF' is not one msgmon reads"), place: { seq: 1004 } });
    expect(JSON.parse(bad.raw)).toEqual({ ...row, JOURNAL_ENTRY_TYPE: 'AF' });
    expect(readRow('history', { MESSAGE_TIMESTAMP: 'yesterday' }, '')).toMatchObject({ ok: false, place: null });
  });

  it('knows CLRLIB QTEMP however it was typed, and nothing else', () => {
    for (const c of ['QSYS/CLRLIB LIB(QTEMP)', 'CLRLIB LIB( QTEMP )', 'clrlib qtemp', 'CLRLIB QTEMP']) expect(clearsQtemp(c), c).toBe(true);
    for (const c of ['CLRLIB LIB(QTEMPX)', 'CLRLIB MYLIB', 'DLTLIB QTEMP', 'SNDMSG MSG(CLRLIB QTEMP)']) expect(clearsQtemp(c), c).toBe(false);
  });
});
