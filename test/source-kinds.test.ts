// Sources are one of their kinds (file, journal, IBM i), each with its own options: configurations written by
// earlier versions load as they are, and a source missing its kind's options is refused naming the field.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigStore, sourceCursorKey, sourceLocation } from '../src/store/config-store.js';

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-kinds-')), 'config.json');
const write = (file: string, sources: unknown[]) => fs.writeFileSync(file, JSON.stringify({ version: 1, sources }));

describe('source kinds', () => {
  it('a configuration of an earlier version (file sources without kind) loads, reads the same and keeps its cursors', () => {
    const file = tmp();
    // As written before kinds were stored: no kind, no fromEnd.
    write(file, [
      { name: 'web1-ftp', system: 'web1', formats: ['vsftpd'], path: '/var/log/vsftpd.log' },
      { name: 'web1-j', system: 'web1', kind: 'journal', formats: ['sshd'], journal: { unit: 'ssh' }, fromEnd: true },
      {
        name: 'i1-hst',
        system: 'ibmi1',
        kind: 'ibmi',
        formats: [],
        fromEnd: false,
        ibmi: { service: 'history', intervalSeconds: 30, job: 'QTFTP*', queue: 'QUSRSYS/QTCP', since: 0, db2util: 'db2util' },
      },
    ]);
    const [f, j, i] = new ConfigStore(file).data.sources;
    expect(f).toEqual({ name: 'web1-ftp', system: 'web1', kind: 'file', formats: ['vsftpd'], path: '/var/log/vsftpd.log', fromEnd: false });
    expect([f, j, i].map((s) => sourceLocation(s!))).toEqual(['/var/log/vsftpd.log', 'journal unit ssh', 'IBM i history log']);
    // The cursor keys of earlier versions: a collector upgraded goes on where it stopped.
    expect([f, j, i].map((s) => sourceCursorKey(s!))).toEqual([
      'ssh:web1:web1-ftp:/var/log/vsftpd.log',
      'journal:web1:web1-j:u=ssh:',
      'ibmi:ibmi1:i1-hst:history',
    ]);
  });

  it("a source without its kind's options, or with formats it cannot have, is refused naming the field", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'a', system: 'w', formats: ['vsftpd'] }, /sources\.0\.path/],
      [{ name: 'a', system: 'w', kind: 'journal', formats: ['sshd'] }, /sources\.0\.journal/],
      [{ name: 'a', system: 'w', kind: 'journal', formats: ['sshd'], journal: { unit: 'a', identifier: 'b' } }, /exactly one of unit or identifier/],
      [{ name: 'a', system: 'w', path: '/x', formats: [] }, /sources\.0\.formats: a file or journal source needs at least one format/],
      [{ name: 'a', system: 'w', kind: 'ibmi', formats: ['vsftpd'], ibmi: { service: 'audit', since: 0 } }, /sources\.0\.formats: an IBM i source reads rows/],
      [{ name: 'a', system: 'w', kind: 'tape', path: '/x', formats: ['vsftpd'] }, /sources\.0\.kind/],
    ];
    for (const [source, message] of cases) {
      const file = tmp();
      write(file, [source]);
      expect(() => new ConfigStore(file), JSON.stringify(source)).toThrow(message);
    }
  });
});
