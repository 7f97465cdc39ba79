// Formats are data proven by their embedded samples; a broken file fails to load with file and pattern named.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FormatRegistry } from '../src/formats/registry.js';
import { Catalog } from '../src/catalog/catalog.js';
import { dataPath } from '../src/core/paths.js';

function copyFormats(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-formats-'));
  for (const f of fs.readdirSync(dataPath('formats'))) fs.copyFileSync(dataPath('formats', f), path.join(dir, f));
  return dir;
}

function editVsftpd(dir: string, edit: (spec: any) => void): void {
  const file = path.join(dir, 'vsftpd.json');
  const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(spec);
  fs.writeFileSync(file, JSON.stringify(spec));
}

describe('formats', () => {
  const registry = FormatRegistry.load();
  const catalog = Catalog.load();

  it('loads every bundled format with its samples proven', () => {
    // The formats docs/formats.md documents: a format file lost or renamed must fail here, not vanish quietly (add new ones).
    expect(registry.names()).toEqual(['auditd', 'proftpd', 'pureftpd', 'sftp', 'sshd', 'vsftpd', 'xferlog']);
    const files = fs
      .readdirSync(dataPath('formats'))
      .filter((f) => f !== 'wrappers.json')
      .map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual(registry.names());
  });

  it('every message ID a format can produce is in the catalog', () => {
    for (const name of registry.names()) {
      for (const p of registry.get(name)!.spec.patterns) {
        const ids = [p.msgId, ...(p.cases ?? []).map((c) => c.msgId)].filter((x): x is string => x !== null);
        for (const id of ids) expect(catalog.has(id), `${name}/${p.id} → ${id}`).toBe(true);
      }
    }
  });

  it('a sample that matches no pattern fails the load, naming file, pattern and sample', () => {
    const dir = copyFormats();
    editVsftpd(dir, (s) => s.patterns[0].samples.push({ line: 'Wed Nov 25 11:53:35 2026 [pid 1] BOGUS: nothing', fields: {} }));
    expect(() => FormatRegistry.load(dir)).toThrow(/vsftpd\.json pattern connect: sample .*BOGUS.* matches no pattern/);
  });

  it('a sample whose fields differ fails the load with the field named', () => {
    const dir = copyFormats();
    editVsftpd(dir, (s) => (s.patterns[0].samples[0].fields.client = '10.9.9.9'));
    expect(() => FormatRegistry.load(dir)).toThrow(/field client is "127.0.0.1", expected "10.9.9.9"/);
  });

  it('a pattern without samples, or with an invalid regex, fails with a clear error', () => {
    const dir = copyFormats();
    editVsftpd(dir, (s) => (s.patterns[1].samples = []));
    expect(() => FormatRegistry.load(dir)).toThrow(/vsftpd\.json: patterns\.1\.samples: every pattern needs at least one sample/);
    const dir2 = copyFormats();
    editVsftpd(dir2, (s) => (s.patterns[1].regex = '(unclosed'));
    expect(() => FormatRegistry.load(dir2)).toThrow(/vsftpd\.json pattern ok-login: invalid regex/);
  });

  it('a file that is not JSON names the file', () => {
    const dir = copyFormats();
    fs.writeFileSync(path.join(dir, 'vsftpd.json'), '{ not json');
    expect(() => FormatRegistry.load(dir)).toThrow(/format file .*vsftpd\.json: .*JSON/);
  });

  it('a syslog format reads RFC 3164 and RFC 5424 lines alike; a sample in neither envelope fails the load', () => {
    const parser = registry.parser(['sftp'], Date.UTC(2026, 11, 31));
    const text = 'session opened for local user sapexp from [127.0.0.1]';
    const rfc3164 = parser.parse(`Nov 25 12:04:01 web1 internal-sftp[13585]: ${text}`);
    const rfc5424 = parser.parse(`<38>1 2026-11-25T12:04:01.104423+00:00 web1 internal-sftp 13585 - -  ${text}`);
    expect(rfc3164).toMatchObject({
      kind: 'ignored',
      pattern: 'session-opened',
      fields: { host: 'web1', program: 'internal-sftp', pid: 13585, user: 'sapexp' },
    });
    expect(rfc5424).toEqual({ ...rfc3164, time: Date.UTC(2026, 10, 25, 12, 4, 1, 104) });
    const dir = copyFormats();
    const file = path.join(dir, 'sftp.json');
    const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
    spec.patterns[0].samples.push({ line: `internal-sftp: ${text}`, fields: {} });
    fs.writeFileSync(file, JSON.stringify(spec));
    expect(() => FormatRegistry.load(dir)).toThrow(/sftp\.json pattern session-opened: sample .* does not match the format's wrappers/);
  });

  it('an unknown format name is a usage error listing the known ones', () => {
    expect(() => registry.resolve(['nosuch'])).toThrow(/unknown format 'nosuch'. Known formats: .*vsftpd/);
  });
});
