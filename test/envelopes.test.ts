// Syslog envelopes are recognised per line with no option; RFC 3164 times take the source's zone; sftp lines under
// sshd's tag are sftp's. The lines are real ones (rsyslogd with Debian's rsyslog.conf under TZ=Europe/Berlin).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FormatRegistry } from '../src/formats/registry.js';
import { dataPath } from '../src/core/paths.js';
import { parseZone } from '../src/core/zone.js';
import { parseSyslogTime } from '../src/core/time.js';

const TEXT = 'session opened for local user msgmon_sftp1 from [127.0.0.1]';
/** One line as each envelope writes it: RFC 3164 (Berlin wall time), RSYSLOG_FileFormat, syslog-ng ISO, RFC 5424. */
const LINES = {
  rfc3164: `Dec  2 08:12:53 vm internal-sftp[25020]: ${TEXT}`,
  rsyslogFile: `2026-12-02T08:12:53.443558+01:00 vm internal-sftp[25020]: ${TEXT}`,
  syslogNgIso: `2026-12-02T08:12:53+01:00 vm internal-sftp[25020]: ${TEXT}`,
  rfc5424: `<38>1 2026-12-02T07:12:53.443558+00:00 vm internal-sftp 25020 - -  ${TEXT}`,
};

function copyFormats(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-formats-'));
  for (const f of fs.readdirSync(dataPath('formats'))) fs.copyFileSync(dataPath('formats', f), path.join(dir, f));
  return dir;
}

function editJson(dir: string, file: string, edit: (spec: any) => void): void {
  const p = path.join(dir, file);
  const spec = JSON.parse(fs.readFileSync(p, 'utf8'));
  edit(spec);
  fs.writeFileSync(p, JSON.stringify(spec));
}

describe('syslog envelopes', () => {
  const registry = FormatRegistry.load();

  it('each envelope gives the same fields and, offsets and zone honoured, the same time', () => {
    const parser = registry.parser(['sshd', 'sftp'], Date.UTC(2026, 11, 31), parseZone('Europe/Berlin')!);
    const r = Object.fromEntries(Object.entries(LINES).map(([k, l]) => [k, parser.parse(l)]));
    const second = Date.UTC(2026, 11, 2, 7, 12, 53);
    for (const [k, res] of Object.entries(r)) {
      expect(res, k).toMatchObject({
        kind: 'ignored',
        format: 'sftp',
        pattern: 'session-opened',
        fields: { host: 'vm', program: 'internal-sftp', pid: 25020, user: 'msgmon_sftp1', client: '127.0.0.1', protocol: 'sftp' },
      });
      expect(Math.floor((res as { time: number }).time / 1000) * 1000, k).toBe(second);
    }
    // Microseconds are kept to the millisecond, exactly (no float rounding).
    expect((r.rsyslogFile as { time: number }).time).toBe(second + 443);
    expect(parser.parse('2026-12-02T08:12:53.570000+01:00 vm internal-sftp[25020]: realpath "."')).toMatchObject({ time: second + 570 });
    expect(parser.parse('2026-12-02T07:12:53.5Z vm internal-sftp[25020]: realpath "."')).toMatchObject({ time: second + 500 });
    expect(parser.parse('2026-12-02T08:12:54.000999999+01:00 vm internal-sftp[25020]: realpath "."')).toMatchObject({ time: second + 1000 });
  });

  it('an RFC 3164 time is read in the source zone (UTC by default), across DST and year ends', () => {
    const ref = Date.UTC(2027, 0, 2);
    expect(parseSyslogTime('Dec  2 08:12:53', ref)).toBe(Date.UTC(2026, 11, 2, 8, 12, 53));
    expect(parseSyslogTime('Jul  1 12:00:00', ref, parseZone('Europe/Berlin')!)).toBe(Date.UTC(2026, 6, 1, 10));
    expect(parseSyslogTime('Jan  1 12:00:00', ref, parseZone('Europe/Berlin')!)).toBe(Date.UTC(2027, 0, 1, 11));
    expect(parseSyslogTime('Jan  1 12:00:00', ref, parseZone('+05:30')!)).toBe(Date.UTC(2027, 0, 1, 6, 30));
    expect(parseSyslogTime('Jan  1 12:00:00', ref, parseZone('-0300')!)).toBe(Date.UTC(2027, 0, 1, 15));
    // A year-less time that would lie in the future belongs to the year before (a December line read on Jan 2).
    expect(parseSyslogTime('Dec 31 23:00:00', ref, parseZone('America/New_York')!)).toBe(Date.UTC(2027, 0, 1, 4));
    expect(parseSyslogTime('Mar  5 10:00:00', ref)).toBe(Date.UTC(2026, 2, 5, 10));
    expect(parseSyslogTime('Mar 29 03:30:00', ref, parseZone('Europe/Berlin')!)).toBe(Date.UTC(2026, 2, 29, 1, 30));
    for (const bad of ['Mars/Olympus', '+25:00', 'Berlin time', '', '12']) expect(parseZone(bad), bad).toBeNull();
  });

  it('without a reference time a year-less time is placed by the clock when read (a long-running collector)', () => {
    const parser = registry.parser(['sftp']);
    const now = new Date();
    const stamp = `${now.toUTCString().slice(8, 11)} ${String(now.getUTCDate()).padStart(2, ' ')} 00:00:00`;
    const r = parser.parse(`${stamp} vm internal-sftp[1]: ${TEXT}`) as { time: number };
    expect(new Date(r.time).getUTCFullYear()).toBe(now.getUTCFullYear());
  });

  it("sftp lines under sshd's tag are sftp's; sshd's own lines stay sshd's; an unknown sshd line is unparsed", () => {
    const both = registry.parser(['sshd', 'sftp']);
    const tagged = '2026-12-02T07:11:04.628733+00:00 vm sshd[22893]: close "/home/msgmon_sftp1/capx/a.csv" bytes read 0 written 16';
    expect(both.parse(tagged)).toMatchObject({ kind: 'message', msgId: 'FTP0020', format: 'sftp', fields: { program: 'sshd', protocol: 'sftp', bytes: 16 } });
    const pam = '2026-12-02T07:10:39.469768+00:00 vm sshd[22354]: pam_env(sshd:session): deprecated reading of user environment enabled';
    expect(both.parse(pam)).toMatchObject({ kind: 'ignored', format: 'sshd', pattern: 'pam' });
    const unknown = '2026-12-02T07:10:39.469768+00:00 vm sshd[22354]: frobnicated the flux capacitor';
    expect(both.parse(unknown)).toMatchObject({ kind: 'unparsed', format: 'sshd', reason: 'no pattern of format sshd matches' });
    // sftp alone borrows sshd's lines it knows and leaves the rest to sshd's format (not its own MON0010).
    const sftpOnly = registry.parser(['sftp']);
    expect(sftpOnly.parse(tagged)).toMatchObject({ kind: 'message', msgId: 'FTP0020' });
    expect(sftpOnly.parse(pam)).toEqual({ kind: 'unclaimed', program: 'sshd' });
    // sshd alone owns its tag: an sftp line there is a line no pattern of it knows.
    expect(registry.parser(['sshd']).parse(tagged)).toMatchObject({ kind: 'unparsed', format: 'sshd' });
  });

  it('wrapper samples are proven at load: a sample that does not match, a time that does not parse, a format missing an envelope', () => {
    const d1 = copyFormats();
    editJson(d1, 'wrappers.json', (w) => w.wrappers['syslog-iso'].samples.push('2026-12-02 08:12:53 vm sshd[1]: x'));
    expect(() => FormatRegistry.load(d1)).toThrow(/wrappers\.json wrapper syslog-iso: sample does not match: 2026-12-02 08:12:53/);
    const d2 = copyFormats();
    editJson(d2, 'wrappers.json', (w) => w.wrappers['syslog-iso'].samples.push('2026-13-45T08:12:53+01:00 vm sshd[1]: x'));
    expect(() => FormatRegistry.load(d2)).toThrow(/wrapper syslog-iso: sample's time does not parse/);
    const d3 = copyFormats();
    editJson(d3, 'pureftpd.json', (f) => (f.wrappers = ['syslog', 'syslog-5424']));
    expect(() => FormatRegistry.load(d3)).toThrow(/pureftpd\.json: reads syslog but not in syslog-iso: name every text wrapper/);
    const d4 = copyFormats();
    editJson(d4, 'sshd.json', (f) =>
      f.patterns[0].samples.push({
        line: '2026-12-02T08:12:56+01:00 vm sshd[25023]: Accepted password for x from 127.0.0.1 port 1 ssh2',
        fields: { host: 'other' },
      }),
    );
    expect(() => FormatRegistry.load(d4)).toThrow(/sshd\.json pattern accepted: sample .* field host is "vm", expected "other"/);
  });
});
