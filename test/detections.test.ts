// Threat detection primitives (first seen, not seen for, above usual, one alert per wave, unusual hour), the
// built-in detections of data/rules/detections.json, trusted networks as CIDR, and the stored baselines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../src/catalog/catalog.js';
import { parseRuleFile } from '../src/rules/rule-file.js';
import { runRuleTests, testMessage } from '../src/rules/self-test.js';
import { DETECTION_RULES_FILE } from '../src/rules/rule-list.js';
import { RuleEngine } from '../src/rules/engine.js';
import { compileNetworks, parseAddress } from '../src/core/cidr.js';
import { MessageStore } from '../src/store/message-store.js';
import type { Rule, TestMessage } from '../src/core/rule-types.js';
import type { NewMessage } from '../src/core/types.js';

const catalog = Catalog.load();
const render = (id: string, f: Record<string, string | number>) => ({ text: catalog.text(id, f), severity: catalog.severity(id) });
const drafts = parseRuleFile(fs.readFileSync(DETECTION_RULES_FILE, 'utf8'), DETECTION_RULES_FILE);
const rules: Rule[] = drafts.map((d, i) => ({ ...d, id: i + 1, seq: d.seq ?? i }));
const rule = (raise: string) => rules.find((r) => r.detect?.raise === raise)!;

const msgs = (list: TestMessage[]): NewMessage[] => list.map((m, i) => testMessage(m, i, render));
const raised = (engine: RuleEngine, list: TestMessage[]) => engine.apply(msgs(list)).messages.filter((m) => m.source === 'detect');
const at = (day: number, hhmm: string) => `2026-11-${String(20 + day).padStart(2, '0')}T${hhmm}:00Z`;

describe('built-in detections', () => {
  it('every SEC message they raise is in the catalog, and each detection passes its own test cases', () => {
    for (const r of rules) expect(catalog.has(r.detect!.raise)).toBe(true);
    for (const d of drafts) expect([d.description, runRuleTests(d, render)]).toEqual([d.description, []]);
  });

  it('new client for a user: raised once with its evidence, not for the first days of a user (learning)', () => {
    const e = new RuleEngine([rule('SEC0001')], { render });
    const out = raised(e, [
      { msgId: 'FTP0002', time: at(0, '09:00'), fields: { user: 'anna', client: '10.0.0.5' } },
      { msgId: 'FTP0002', time: at(0, '10:00'), fields: { user: 'anna', client: '10.0.0.6' } },
      { msgId: 'FTP0002', time: at(3, '03:12'), fields: { user: 'anna', client: '198.51.100.7' } },
      { msgId: 'FTP0002', time: at(3, '03:40'), fields: { user: 'anna', client: '198.51.100.7' } },
    ]);
    expect(out.map((m) => [m.msgId, m.fields.client, m.fields.last_seen, m.fields.known_since])).toEqual([
      ['SEC0001', '198.51.100.7', 'never', '2026-11-20T09:00:00Z'],
    ]);
    expect(out[0]!.text).toBe(
      'New client for anna: logon from 198.51.100.7, never seen for this user (last seen never, user known since 2026-11-20T09:00:00Z)',
    );
    expect(out[0]!.tags).toEqual(['security', 'new-client']);
  });

  it('one alert per wave: a guessing wave raises once with its count and span, again only after the quiet period', () => {
    const e = new RuleEngine([rule('SEC0007')], { render });
    const fail = (t: number) => ({
      msgId: 'FTP0003',
      time: new Date(Date.parse(at(1, '03:00')) + t * 1000).toISOString(),
      fields: { user: 'anna', client: '203.0.113.9' },
    });
    const wave = (from: number) => Array.from({ length: 40 }, (_, i) => fail(from + i * 20));
    const out = raised(e, [
      { msgId: 'FTP0002', time: at(0, '09:00'), fields: { user: 'anna', client: '10.0.0.5' } },
      ...wave(0),
      ...wave(30 * 60),
      ...wave(3 * 3600),
    ]);
    // The second burst starts 30 min after the first ended less than 60 min ago: the same wave.
    expect(out.map((m) => [m.fields.wave_count, m.fields.wave_span, m.fields.wave_first])).toEqual([
      [10, 180, '2026-11-21T03:00:00Z'],
      [10, 180, '2026-11-21T06:00:00Z'],
    ]);
  });

  it('password spraying counts distinct existing users; names no one ever logged on as are the unknown-user alert', () => {
    const e = new RuleEngine([rule('SEC0009'), rule('SEC0004')], { render });
    const users = ['anna', 'paul', 'eva', 'tim', 'ute', 'karl'];
    const logons = users.map((u, i) => ({ msgId: 'FTP0002', time: at(0, `09:0${i}`), fields: { user: u, client: `10.0.0.${i + 2}` } }));
    const scan = ['root', 'admin', 'test', 'oracle', 'pi', 'guest'].map((u, i) => ({
      msgId: 'FTP0003',
      time: at(2, `02:0${i}`),
      fields: { user: u, client: '45.1.2.3' },
    }));
    const spray = users.map((u, i) => ({ msgId: 'FTP0003', time: at(2, `04:0${i}`), fields: { user: u, client: '203.0.113.9' } }));
    const out = raised(e, [...logons, ...scan, ...spray]);
    expect(out.map((m) => [m.msgId, m.fields.client, m.fields.wave_count ?? m.fields.user])).toEqual([
      ['SEC0004', '45.1.2.3', 'root'],
      ['SEC0009', '203.0.113.9', 5],
    ]);
    expect(out[1]!.fields.sample).toBe('anna paul eva tim ute');
  });

  it('dormant account and bulk download carry their evidence', () => {
    const e = new RuleEngine([rule('SEC0003'), rule('SEC0005')], { render });
    const down = (i: number) => ({
      msgId: 'FTP0021',
      session: 's2',
      time: at(9, '03:13'),
      fields: { user: 'olaf', path: `/data/f${i}.pdf`, bytes: 15_000_000 },
    });
    const out = raised(e, [
      { msgId: 'FTP0002', session: 's1', time: '2026-08-01T09:00:00Z', fields: { user: 'olaf', client: '10.0.0.7' } },
      { msgId: 'FTP0002', session: 's2', time: at(9, '03:12'), fields: { user: 'olaf', client: '10.0.0.7' } },
      ...Array.from({ length: 150 }, (_, i) => down(i)),
    ]);
    expect(out.map((m) => [m.msgId, m.fields.idle_days ?? m.fields.files, m.fields.last_seen ?? m.fields.bytes])).toEqual([
      ['SEC0003', 119, '2026-08-01T09:00:00Z'],
      ['SEC0005', 134, 2_010_000_000],
    ]);
  });

  it('off-hours: raised for a day worker at night, never for a user who often works at night', () => {
    const e = new RuleEngine([rule('SEC0010')], { render });
    const day = Array.from({ length: 25 }, (_, i) => ({ msgId: 'FTP0002', time: at(i % 9, `1${i % 8}:00`), fields: { user: 'anna', client: '10.0.0.5' } }));
    const mixed = Array.from({ length: 25 }, (_, i) => ({
      msgId: 'FTP0002',
      time: at(i % 9, i % 3 ? '11:00' : '02:00'),
      fields: { user: 'nina', client: '10.0.0.6' },
    }));
    const night = [
      { msgId: 'FTP0002', time: at(9, '03:12'), fields: { user: 'anna', client: '10.0.0.5' } },
      { msgId: 'FTP0002', time: at(9, '03:14'), fields: { user: 'nina', client: '10.0.0.6' } },
    ];
    const out = raised(
      e,
      [...day, ...mixed, ...night].sort((a, b) => a.time.localeCompare(b.time)),
    );
    expect(out.map((m) => [m.fields.user, m.fields.local_time, m.fields.day_share])).toEqual([['anna', '03:12 UTC', 100]]);
  });
});

describe('trusted networks (CIDR)', () => {
  it('IPv4, IPv6 and IPv4-mapped IPv6 addresses, as vsftpd and sshd log them', () => {
    const trusted = compileNetworks(['10.0.0.0/8', '192.168.1.0/24', '2001:db8::/32']);
    expect(['10.1.2.3', '::ffff:10.1.2.3', '::FFFF:10.200.0.1', '192.168.1.77', '2001:db8:5::1'].map(trusted)).toEqual([true, true, true, true, true]);
    expect(['11.0.0.1', '::ffff:192.168.2.1', '2001:db9::1', 'not-an-ip', ''].map(trusted)).toEqual([false, false, false, false, false]);
    expect(parseAddress('::ffff:10.0.0.1')).toBe(parseAddress('10.0.0.1'));
  });

  it('a rule on the trustedNetworks list is off while the list is empty, and judges addresses once it is set', () => {
    const r = rule('SEC0002');
    const logon = [{ msgId: 'FTP0002', time: at(1, '09:00'), fields: { user: 'anna', client: '::ffff:198.51.100.7' } }];
    expect(raised(new RuleEngine([r], { render }), logon)).toEqual([]);
    const e = new RuleEngine([r], { render, lists: { trustedNetworks: ['10.0.0.0/8'] } });
    expect(raised(e, logon).map((m) => m.text)).toEqual(['Logon by anna from ::ffff:198.51.100.7, outside the trusted networks']);
    expect(raised(e, [{ msgId: 'FTP0002', time: at(1, '10:00'), fields: { user: 'paul', client: '::ffff:10.9.9.9' } }])).toEqual([]);
  });
});

describe('baselines in the store', () => {
  it('are learned as messages are stored, rebuilt from the Activity Log to the same values, and read by detections', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-baselines-'));
    const store = new MessageStore(path.join(dir, 'messages.db'));
    try {
      store.commit(
        msgs([
          { msgId: 'FTP0002', session: 's1', time: at(0, '09:00'), fields: { user: 'anna', client: '10.0.0.5' } },
          { msgId: 'FTP0021', session: 's1', time: at(0, '09:01'), fields: { user: 'anna', path: '/a', bytes: 100 } },
          { msgId: 'FTP0040', session: 's1', time: at(0, '09:02'), fields: { user: 'anna' } },
          { msgId: 'FTP0002', session: 's2', time: at(1, '10:00'), fields: { user: 'anna', client: '10.0.0.5' } },
        ]),
      );
      const b = store.baselines;
      const snapshot = () => [
        b.seen('user', 'anna'),
        b.seen('user+client', 'anna\u000110.0.0.5'),
        b.hours('anna')?.[9],
        b.volume('session-down', 'anna'),
        b.since(),
      ];
      const learned = snapshot();
      expect(learned).toEqual([
        { first: Date.parse(at(0, '09:00')), last: Date.parse(at(1, '10:00')), count: 2 },
        { first: Date.parse(at(0, '09:00')), last: Date.parse(at(1, '10:00')), count: 2 },
        1,
        { periods: 1, files: 1, bytes: 100, maxFiles: 1, maxBytes: 100 },
        Date.parse(at(0, '09:00')),
      ]);
      expect(b.rebuild()).toBe(3);
      expect(snapshot()).toEqual(learned);
      // A new engine (a restart) knows anna's client from the store: nothing new; a new address is.
      const e = new RuleEngine([rule('SEC0001')], { render });
      e.useBaselines(b);
      expect(raised(e, [{ msgId: 'FTP0002', time: at(5, '09:00'), fields: { user: 'anna', client: '10.0.0.5' } }])).toEqual([]);
      expect(raised(e, [{ msgId: 'FTP0002', time: at(5, '09:10'), fields: { user: 'anna', client: '10.0.0.99' } }]).map((m) => m.fields.known_since)).toEqual([
        '2026-11-20T09:00:00Z',
      ]);
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
