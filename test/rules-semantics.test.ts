// Table-driven semantics of every rule filter and action, order, stop/continue, frequency windows and watches.
import { describe, expect, it } from 'vitest';
import type { NewMessage } from '../src/core/types.js';
import { engine, msg, rules, T0 } from './support/rules.js';

type Partial = Parameters<typeof msg>[0];
/** What became of one input message: null = discarded; else which rules acted and the changed attributes. */
type Outcome = null | { rules: number[]; console?: string; severity?: number; text?: string; highlight?: unknown; inquiry?: boolean; tags?: string[] };

interface Case {
  name: string;
  rules: unknown[];
  messages: Partial[];
  expect: Outcome[];
}

function outcomes(rules: unknown[], input: Partial[]): Outcome[] {
  const msgs = input.map((p) => msg(p));
  const out = engine(...rules).apply(msgs);
  return msgs.map((m) => (out.messages.includes(m) ? describeMsg(m) : null));
}

function describeMsg(m: NewMessage): NonNullable<Outcome> {
  return {
    rules: m.rules.map((r) => Number(/^#(\d+)/.exec(r)![1])),
    console: m.console,
    severity: m.severity,
    text: m.text,
    highlight: m.highlight,
    inquiry: m.inquiry,
    tags: m.tags,
  };
}

const hl = { highlight: { color: 'red' } };
const acted = (...ids: number[]) => expect.objectContaining({ rules: ids });
const none = acted();
const f = (fields: Record<string, string | number>, more: Partial = {}): Partial => ({ fields, ...more });

const FILTERS: Case[] = [
  {
    name: 'msgId exact',
    rules: [{ description: 'a', match: { msgId: 'FTP0020' }, actions: hl }],
    messages: [{}, { msgId: 'FTP0021' }],
    expect: [acted(1), none],
  },
  {
    name: 'msgId * wildcard',
    rules: [{ description: 'a', match: { msgId: 'FTP002*' } }],
    messages: [{ msgId: 'FTP0023' }, { msgId: 'FTP0030' }],
    expect: [acted(1), none],
  },
  {
    name: 'msgId ? wildcard and lower case pattern',
    rules: [{ description: 'a', match: { msgId: 'ftp00?0' } }],
    messages: [{ msgId: 'FTP0030' }, { msgId: 'FTP0031' }],
    expect: [acted(1), none],
  },
  {
    name: 'msgId list',
    rules: [{ description: 'a', match: { msgId: ['FTP0022', 'FTP0025'] } }],
    messages: [{ msgId: 'FTP0025' }, { msgId: 'FTP0024' }],
    expect: [acted(1), none],
  },
  { name: 'no msgId: every message', rules: [{ description: 'a' }], messages: [{ msgId: 'MON0010' }], expect: [acted(1)] },
  {
    name: 'system glob and list',
    rules: [{ description: 'a', match: { system: ['web*', 'db1'] } }],
    messages: [{ system: 'web7' }, { system: 'db1' }, { system: 'db2' }],
    expect: [acted(1), acted(1), none],
  },
  {
    name: 'source',
    rules: [{ description: 'a', match: { source: 'xfer*' } }],
    messages: [{ source: 'xferlog' }, { source: 'vsftpd' }],
    expect: [acted(1), none],
  },
  {
    name: 'user glob; no user fails',
    rules: [{ description: 'a', match: { user: 'edi_*' } }],
    messages: [f({ user: 'edi_in' }), f({ user: 'anna' }), f({})],
    expect: [acted(1), none, none],
  },
  {
    name: 'severity range is inclusive',
    rules: [{ description: 'a', match: { severity: { min: 20, max: 40 } } }],
    messages: [{ severity: 19 }, { severity: 20 }, { severity: 40 }, { severity: 41 }],
    expect: [none, acted(1), acted(1), none],
  },
  {
    name: 'field equals compares as text (number 0 equals "0")',
    rules: [{ description: 'a', match: { fields: [{ field: 'bytes', equals: '0' }] } }],
    messages: [f({ bytes: 0 }), f({ bytes: 10 })],
    expect: [acted(1), none],
  },
  {
    name: 'field equals ignoreCase',
    rules: [{ description: 'a', match: { fields: [{ field: 'user', equals: 'THOMASK', ignoreCase: true }] } }],
    messages: [f({ user: 'thomask' }), f({ user: 'thomas' })],
    expect: [acted(1), none],
  },
  {
    name: 'field glob matches the whole value',
    rules: [{ description: 'a', match: { fields: [{ field: 'path', glob: '/home/*/upload/*.csv' }] } }],
    messages: [f({ path: '/home/a/upload/x.csv' }), f({ path: '/home/a/upload/x.csv.part' }), f({ path: '/srv/home/a/upload/x.csv' })],
    expect: [acted(1), none, none],
  },
  {
    name: 'field regex finds anywhere unless anchored',
    rules: [
      {
        description: 'a',
        match: {
          fields: [
            { field: 'path', regex: 'secret' },
            { field: 'path', regex: '\\.pdf$', ignoreCase: true },
          ],
        },
      },
    ],
    messages: [f({ path: '/x/secret/a.PDF' }), f({ path: '/x/secret/a.pdf.txt' }), f({ path: '/x/a.pdf' })],
    expect: [acted(1), none, none],
  },
  {
    name: 'field in-list (numbers and text)',
    rules: [{ description: 'a', match: { fields: [{ field: 'code', in: [421, '530'] }] } }],
    messages: [f({ code: 421 }), f({ code: '530' }), f({ code: 550 })],
    expect: [acted(1), acted(1), none],
  },
  {
    name: 'numeric gt/le; text that is no number fails',
    rules: [{ description: 'a', match: { fields: [{ field: 'bytes', gt: 1000, le: 5000 }] } }],
    messages: [f({ bytes: 1000 }), f({ bytes: 1001 }), f({ bytes: '5000' }), f({ bytes: 5001 }), f({ bytes: 'many' })],
    expect: [none, acted(1), acted(1), none, none],
  },
  {
    name: 'numeric ge/lt',
    rules: [{ description: 'a', match: { fields: [{ field: 'bytes', ge: 10, lt: 20 }] } }],
    messages: [f({ bytes: 9 }), f({ bytes: 10 }), f({ bytes: 19 }), f({ bytes: 20 })],
    expect: [none, acted(1), acted(1), none],
  },
  {
    name: 'exists true / false',
    rules: [
      { description: 'a', match: { fields: [{ field: 'target', exists: true }] } },
      { description: 'b', match: { fields: [{ field: 'target', exists: false }] } },
    ],
    messages: [f({ target: '/x' }), f({})],
    expect: [acted(1), acted(2)],
  },
  {
    name: 'not negates a present value; a missing field still fails',
    rules: [{ description: 'a', match: { fields: [{ field: 'user', in: ['edi_in', 'payroll'], not: true }] } }],
    messages: [f({ user: 'anna' }), f({ user: 'payroll' }), f({})],
    expect: [acted(1), none, none],
  },
  {
    name: 'orMissing lets a message without the field pass',
    rules: [{ description: 'a', match: { fields: [{ field: 'user', equals: 'edi_in', orMissing: true }] } }],
    messages: [f({}), f({ user: 'edi_in' }), f({ user: 'anna' })],
    expect: [acted(1), acted(1), none],
  },
  {
    name: 'message attributes as fields (system, session, severity)',
    rules: [
      {
        description: 'a',
        match: {
          fields: [
            { field: 'session', glob: 'web1:*' },
            { field: 'severity', ge: 30 },
          ],
        },
      },
    ],
    messages: [
      { session: 'web1:1:x', severity: 30 },
      { session: 'web2:1:x', severity: 30 },
      { session: 'web1:1:x', severity: 20 },
    ],
    expect: [acted(1), none, none],
  },
  {
    name: 'text contains (case sensitive unless ignoreCase)',
    rules: [
      { description: 'a', match: { text: { contains: 'QTEMP' } } },
      { description: 'b', match: { text: { contains: 'qtemp', ignoreCase: true } } },
    ],
    messages: [{ text: 'CLRLIB QTEMP' }, { text: 'clrlib qtemp' }, { text: 'nothing' }],
    expect: [acted(1), acted(2), none],
  },
  {
    name: 'text regex (re2js)',
    rules: [{ description: 'a', match: { text: { regex: '^FTP: User \\w+ deleted' } } }],
    messages: [{ text: 'FTP: User anna deleted file /x' }, { text: 'SFTP: User anna deleted file /x' }],
    expect: [acted(1), none],
  },
  {
    name: 'every filter must hold',
    rules: [{ description: 'a', match: { msgId: 'FTP0020', system: 'web1', user: 'anna', fields: [{ field: 'bytes', gt: 5 }] } }],
    messages: [f({ user: 'anna', bytes: 6 }), f({ user: 'anna', bytes: 5 }), f({ user: 'anna', bytes: 6 }, { system: 'web2' })],
    expect: [acted(1), none, none],
  },
];

// 2026-11-25 is a Wednesday.
const at = (iso: string): Partial => ({ time: Date.parse(iso) });
const CALENDAR: Case[] = [
  {
    name: 'window on weekdays 08:00–18:00 UTC',
    rules: [{ description: 'a', match: { when: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '18:00' }] } }],
    messages: [at('2026-11-25T07:59:59Z'), at('2026-11-25T08:00:00Z'), at('2026-11-25T17:59:59Z'), at('2026-11-25T18:00:00Z'), at('2026-11-28T12:00:00Z')],
    expect: [none, acted(1), acted(1), none, none],
  },
  {
    name: 'window across midnight belongs to the day it starts',
    rules: [{ description: 'a', match: { when: [{ days: ['fri'], from: '22:00', to: '06:00' }] } }],
    messages: [at('2026-11-27T23:00:00Z'), at('2026-11-28T05:59:00Z'), at('2026-11-28T23:00:00Z'), at('2026-11-27T05:00:00Z')],
    expect: [acted(1), acted(1), none, none],
  },
  {
    name: 'time zone: 09:00–17:00 Europe/Berlin is 08:00–16:00 UTC in November',
    rules: [{ description: 'a', match: { when: [{ from: '09:00', to: '17:00', tz: 'Europe/Berlin' }] } }],
    messages: [at('2026-11-25T07:59:00Z'), at('2026-11-25T08:00:00Z'), at('2026-11-25T15:59:00Z'), at('2026-11-25T16:00:00Z')],
    expect: [none, acted(1), acted(1), none],
  },
  {
    name: 'several windows: any of them',
    rules: [{ description: 'a', match: { when: [{ to: '06:00' }, { from: '22:00' }] } }],
    messages: [at('2026-11-25T05:00:00Z'), at('2026-11-25T12:00:00Z'), at('2026-11-25T23:00:00Z')],
    expect: [acted(1), none, acted(1)],
  },
];

const min = (m: number, client = 'A'): Partial => ({ msgId: 'FTP0003', time: T0 + m * 60_000, fields: { client } });
const FREQUENCY: Case[] = [
  {
    name: '3 within 5 minutes per client: the third and later act',
    rules: [{ description: 'a', match: { msgId: 'FTP0003', frequency: { count: 3, minutes: 5, by: ['client'] } } }],
    messages: [min(0), min(1), min(1, 'B'), min(2), min(3), min(2.5, 'B')],
    expect: [none, none, none, acted(1), acted(1), none],
  },
  {
    name: 'messages older than the window no longer count',
    rules: [{ description: 'a', match: { frequency: { count: 3, minutes: 5 } } }],
    messages: [min(0), min(1), min(6), min(7), min(8)],
    expect: [none, none, none, none, acted(1)],
  },
  {
    name: 'reset: one action per N messages',
    rules: [{ description: 'a', match: { frequency: { count: 2, minutes: 60, reset: true } } }],
    messages: [min(0), min(1), min(2), min(3), min(4)],
    expect: [none, acted(1), none, acted(1), none],
  },
  {
    name: 'quiet: one action per wave, the next only after a quiet gap',
    rules: [{ description: 'a', match: { frequency: { count: 3, minutes: 5, by: ['client'], quiet: 30 } } }],
    messages: [min(0), min(1), min(2), min(3), min(20), min(45), min(76), min(77), min(78)],
    expect: [none, none, acted(1), none, none, none, none, none, acted(1)],
  },
  {
    name: 'only messages passing the other filters count',
    rules: [{ description: 'a', match: { user: 'root', frequency: { count: 2, minutes: 60 } } }],
    messages: [f({ user: 'root' }), f({ user: 'anna' }), f({ user: 'anna' }), f({ user: 'root' })],
    expect: [none, none, none, acted(1)],
  },
];

const ACTIONS: Case[] = [
  {
    name: 'log option Y keeps it on the console, L in the Activity Log only, N discards',
    rules: [
      { description: 'y', match: { msgId: 'FTP0001' }, actions: { log: 'Y' } },
      { description: 'l', match: { msgId: 'FTP0002' }, actions: { log: 'L' } },
      { description: 'n', match: { msgId: 'FTP0011' }, actions: { log: 'N' } },
    ],
    messages: [{ msgId: 'FTP0001' }, { msgId: 'FTP0002' }, { msgId: 'FTP0011' }, { msgId: 'FTP0020' }],
    expect: [
      expect.objectContaining({ console: 'shown', rules: [1] }),
      expect.objectContaining({ console: 'logonly', rules: [2] }),
      null,
      expect.objectContaining({ console: 'shown', rules: [] }),
    ],
  },
  { name: 'set severity', rules: [{ description: 'a', actions: { severity: 85 } }], messages: [{}], expect: [expect.objectContaining({ severity: 85 })] },
  {
    name: 'rewrite text with &FIELD variables, && and *N for missing ones',
    rules: [{ description: 'a', actions: { text: 'FTP session of &USER ended on &SYSTEM (&MSGID, &PROTO) && &NOPE; was: &TEXT' } }],
    messages: [f({ user: 'THOMASK' }, { text: 'old' })],
    expect: [expect.objectContaining({ text: 'FTP session of THOMASK ended on web1 (FTP0020, FTP) & *N; was: old' })],
  },
  {
    name: 'highlights of several rules add up (continue)',
    rules: [
      { description: 'a', actions: { highlight: { color: 'red' }, then: 'continue' } },
      { description: 'b', actions: { highlight: { reverse: true, blink: true } } },
    ],
    messages: [{}],
    expect: [expect.objectContaining({ rules: [1, 2], highlight: { color: 'red', reverse: true, blink: true } })],
  },
  {
    name: 'inquiry; a later L rule cannot take an inquiry off the console',
    rules: [
      { description: 'a', actions: { inquiry: true, then: 'continue' } },
      { description: 'b', actions: { log: 'L' } },
    ],
    messages: [{}],
    expect: [expect.objectContaining({ inquiry: true, console: 'shown', rules: [1, 2] })],
  },
  {
    name: 'tags are added once, in order',
    rules: [
      { description: 'a', actions: { tags: ['security', 'ftp'], then: 'continue' } },
      { description: 'b', actions: { tags: ['ftp', 'night'] } },
    ],
    messages: [{}],
    expect: [expect.objectContaining({ tags: ['security', 'ftp', 'night'] })],
  },
  {
    name: 'stop (default): later rules do not see the message',
    rules: [
      { description: 'a', actions: hl },
      { description: 'b', actions: { severity: 90 } },
    ],
    messages: [{}],
    expect: [expect.objectContaining({ rules: [1], severity: 10 })],
  },
  {
    name: 'continue: later rules see the message as changed',
    rules: [
      { description: 'a', actions: { severity: 80, then: 'continue' } },
      { description: 'b', match: { severity: { min: 80 } }, actions: { tags: ['severe'] } },
    ],
    messages: [{}],
    expect: [expect.objectContaining({ rules: [1, 2], severity: 80, tags: ['severe'] })],
  },
  {
    name: 'sequence order, not id order, decides',
    rules: [
      { description: 'late', seq: 50, actions: { severity: 50 } },
      { description: 'early', seq: 5, actions: { severity: 5 } },
    ],
    messages: [{}],
    expect: [expect.objectContaining({ rules: [2], severity: 5 })],
  },
  { name: 'disabled rules do nothing', rules: [{ description: 'off', enabled: false, actions: { log: 'N' } }], messages: [{}], expect: [none] },
  {
    name: 'the last log option wins: N then Y (continue) keeps the message',
    rules: [
      { description: 'n', actions: { log: 'N', then: 'continue' } },
      { description: 'y', actions: { log: 'Y' } },
    ],
    messages: [{}],
    expect: [expect.objectContaining({ console: 'shown', rules: [1, 2] })],
  },
  {
    name: 'a rule that matches nothing leaves the message as it was',
    rules: [{ description: 'a', match: { msgId: 'XXX9999' }, actions: { log: 'N' } }],
    messages: [{}],
    expect: [{ rules: [], console: 'shown', severity: 10, text: 'FTP0020 text', highlight: null, inquiry: false, tags: [] }],
  },
];

describe('rule semantics', () => {
  for (const [group, cases] of [
    ['filters', FILTERS],
    ['calendar', CALENDAR],
    ['frequency', FREQUENCY],
    ['actions', ACTIONS],
  ] as const) {
    describe(group, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
        expect(outcomes(c.rules, c.messages)).toEqual(c.expect);
      });
    });
  }

  it('records what each rule did on the message, as Message Details shows it', () => {
    const m = msg();
    engine(
      { description: 'Highlight uploads to /home/*/upload', actions: { highlight: { color: 'red' }, then: 'continue' } },
      { description: 'Scripts', actions: { log: 'L' } },
    ).apply([m]);
    expect(m.rules).toEqual(['#1 Highlight uploads to /home/*/upload (log option Y)', '#2 Scripts (log option L)']);
  });

  it('asks for notifications and escalations by message position, and counts hits with the last message time', () => {
    const e = engine(
      { description: 'n', match: { msgId: 'FTP0022' }, actions: { notify: ['ops-mail', 'sms'], escalate: 'night', then: 'continue' } },
      { description: 'all' },
    );
    const out = e.apply([msg({ at: 0 }), msg({ msgId: 'FTP0022', at: 5 }), msg({ msgId: 'FTP0022', at: 9 })]);
    expect(out.notify).toEqual([1, 2].map((index) => ({ index, request: { ruleId: 1, channels: ['ops-mail', 'sms'], escalation: 'night' } })));
    expect(out.hits.sort((a, b) => a.ruleId - b.ruleId)).toEqual([
      { ruleId: 1, hits: 2, lastHit: T0 + 9000 },
      { ruleId: 2, hits: 3, lastHit: T0 + 9000 },
    ]);
    expect(e.apply([]).hits).toEqual([]);
  });

  it('quiet frequency: the crossing message carries the wave count and span', () => {
    const msgs = [min(0), min(1), min(2.5)].map((p) => msg(p));
    engine({ description: 'a', match: { frequency: { count: 3, minutes: 5, quiet: 30 } } }).apply(msgs);
    expect(msgs[2]!.fields).toMatchObject({ wave_count: 3, wave_first: '2026-11-25T10:00:00Z', wave_span: 150 });
  });

  it('keeps frequency state of unchanged rules when the rule set is reloaded', () => {
    const freq = { description: 'f', match: { frequency: { count: 2, minutes: 10 } } };
    const e = engine(freq);
    e.apply([msg({ at: 0 })]);
    e.replace(rules(freq, { description: 'other', match: { msgId: 'XXX0001' } }));
    const m = msg({ at: 1 });
    e.apply([m]);
    expect(m.rules).toEqual(['#1 f (log option Y)']);
  });
});

describe('watch rules', () => {
  const hours = (h: number) => T0 - 10 * 3600_000 + h * 3600_000; // hours after 2026-11-25 00:00 UTC
  const deadline = {
    description: 'Nightly sap upload',
    watch: { type: 'deadline', expect: { msgId: 'FTP0020', user: 'sap_exp' }, from: '00:00', by: '02:00' },
    actions: { severity: 75 },
  };
  const upload = (h: number, user = 'sap_exp') => msg({ time: hours(h), fields: { user } });

  it('deadline: raises MON0030 at 02:00 when nothing matched since 00:00, once per day', () => {
    const e = engine(deadline);
    const out = e.apply([msg({ time: hours(-1) }), upload(1.5, 'anna'), msg({ time: hours(3) }), upload(25), msg({ time: hours(49) })]);
    const raised = out.messages.filter((m) => m.msgId === 'MON0030');
    expect(raised.map((m) => new Date(m.time).toISOString())).toEqual(['2026-11-25T02:00:00.000Z']);
    expect(raised[0]).toMatchObject({ severity: 75, source: 'watch', system: '*ALL', rules: ['#1 Nightly sap upload (log option Y)'] });
    expect(raised[0]!.text).toMatch(/^Expected event missing: Nightly sap upload: nothing matched between 00:00 and 02:00 UTC \(wed 2026-11-25\)/);
    expect(out.raised).toBe(1);
    expect(out.hits).toEqual([{ ruleId: 1, hits: 1, lastHit: hours(2) }]);
    // It comes before the message whose time passed the deadline.
    expect(out.messages.map((m) => m.msgId)).toEqual(['FTP0020', 'FTP0020', 'MON0030', 'FTP0020', 'FTP0020', 'FTP0020']);
  });

  it('deadline: a day whose window began before msgmon saw anything is not judged; listed days only', () => {
    expect(engine(deadline).apply([msg({ time: hours(1) }), msg({ time: hours(3) })]).raised).toBe(0);
    const weekdays = { ...deadline, watch: { ...deadline.watch, days: ['sat'] } };
    const out = engine(weekdays).apply([msg({ time: hours(-1) }), msg({ time: hours(24 * 4) })]);
    expect(out.messages.filter((m) => m.msgId === 'MON0030').map((m) => new Date(m.time).toISOString())).toEqual(['2026-11-28T02:00:00.000Z']);
  });

  it('sequence: a session start with no end within 60 minutes raises MON0030 naming the session', () => {
    const seq = { description: 'Session without end', watch: { type: 'sequence', after: { msgId: 'FTP0002' }, expect: { msgId: 'FTP0040' }, within: 60 } };
    const e = engine(seq);
    const a = e.apply([
      msg({ msgId: 'FTP0002', session: 'web1:1:a', at: 0, fields: { user: 'anna' } }),
      msg({ msgId: 'FTP0002', session: 'web1:2:b', at: 60 }),
    ]);
    expect(a.raised).toBe(0);
    const b = e.apply([msg({ msgId: 'FTP0040', session: 'web1:2:b', at: 120 }), msg({ msgId: 'FTP0011', session: 'web1:3:c', at: 3601 })]);
    expect(b.raised).toBe(1);
    const raised = b.messages.find((m) => m.msgId === 'MON0030')!;
    expect(raised).toMatchObject({
      time: T0 + 3600_000,
      system: 'web1',
      session: 'web1:1:a',
      fields: { rule: 1, session: 'web1:1:a', user: 'anna', after: 'FTP0002' },
    });
    expect(raised.text).toContain('nothing matched within 60 min after FTP0002 at 2026-11-25T10:00:00Z (session web1:1:a)');
  });

  it('sequence by other key fields; wall-clock tick raises what message time has not reached', () => {
    const seq = {
      description: 'Upload without download',
      watch: { type: 'sequence', after: { msgId: 'FTP0020' }, expect: { msgId: 'FTP0021' }, within: 5, key: ['path'] },
    };
    const e = engine(seq, { description: 'page MON0030', match: { msgId: 'MON0030' }, actions: { notify: ['ops'] } });
    e.apply([
      msg({ at: 0, fields: { path: '/a' } }),
      msg({ at: 1, fields: { path: '/b' } }),
      msg({ msgId: 'FTP0021', at: 2, session: 's9', fields: { path: '/b' } }),
    ]);
    expect(e.tick(T0 + 299_000).raised).toBe(0);
    const t = e.tick(T0 + 300_000);
    expect(t.messages.map((m) => [m.msgId, m.fields.path, m.rules.length])).toEqual([['MON0030', '/a', 2]]);
    expect(t.notify).toEqual([{ index: 0, request: { ruleId: 2, channels: ['ops'], escalation: null } }]);
  });
});
