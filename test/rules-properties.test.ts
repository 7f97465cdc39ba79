// Properties (fast-check): rules with log option Y or L never lose a message from the Activity Log, and what
// the rules do does not depend on how the messages are cut into batches.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NewMessage } from '../src/core/types.js';
import { RuleEngine, type RuleBatch } from '../src/rules/engine.js';
import { MessageStore } from '../src/store/message-store.js';
import { msg, render, rules, T0 } from './support/rules.js';

const msgIds = ['FTP0001', 'FTP0002', 'FTP0003', 'FTP0020', 'FTP0022', 'FTP0030', 'FTP0040', 'MON0010'];
const users = ['anna', 'edi_in', 'root'];

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const condition = fc.oneof(
  fc.record({
    field: fc.constantFrom('user', 'client'),
    equals: fc.constantFrom('anna', 'root', '10.0.0.1'),
    not: opt(fc.boolean()),
    orMissing: opt(fc.boolean()),
  }),
  fc.record({ field: fc.constant('path'), glob: fc.constantFrom('/home/*', '*.csv', '/home/?nna/*') }),
  fc.record({ field: fc.constant('path'), regex: fc.constantFrom('csv$', '^/home/(a+)+/', 'x|y') }),
  fc.record({ field: fc.constant('bytes'), gt: fc.integer({ min: 0, max: 2000 }) }),
  fc.record({ field: fc.constant('user'), in: fc.subarray(users, { minLength: 1 }) }),
);

const match = fc.record(
  {
    msgId: opt(fc.oneof(fc.constantFrom(...msgIds), fc.constantFrom('FTP00*', 'FTP002?', '*'), fc.subarray(msgIds, { minLength: 1 }))),
    system: opt(fc.constantFrom('web1', 'web*', 'db1')),
    user: opt(fc.constantFrom('anna', 'e*')),
    severity: opt(fc.record({ min: opt(fc.integer({ min: 0, max: 50 })), max: opt(fc.integer({ min: 50, max: 99 })) })),
    fields: opt(fc.array(condition, { maxLength: 2 })),
    text: opt(fc.record({ contains: fc.constantFrom('text', 'FTP', 'zzz') })),
    when: opt(fc.constant([{ from: '10:05', to: '11:00' }])),
    frequency: opt(
      fc.record({
        count: fc.integer({ min: 1, max: 4 }),
        minutes: fc.integer({ min: 1, max: 30 }),
        by: opt(fc.constant(['client'])),
        reset: opt(fc.boolean()),
      }),
    ),
  },
  { requiredKeys: [] },
);

const actions = (logs: Array<'Y' | 'L' | 'N'>) =>
  fc
    .record(
      {
        log: opt(fc.constantFrom(...logs)),
        severity: opt(fc.integer({ min: 0, max: 99 })),
        text: opt(fc.constantFrom('User &USER did &MSGID', 'x')),
        highlight: opt(fc.record({ color: opt(fc.constantFrom('red', 'yellow')), reverse: opt(fc.boolean()) }, { requiredKeys: [] })),
        inquiry: opt(fc.boolean()),
        tags: opt(fc.subarray(['a', 'b', 'c'])),
        notify: opt(fc.constant(['ops'])),
        then: opt(fc.constantFrom('stop', 'continue')),
      },
      { requiredKeys: [] },
    )
    .map((a) => (a.inquiry && a.log !== 'Y' ? { ...a, log: 'Y' as const } : a));

const responseRule = (logs: Array<'Y' | 'L' | 'N'>) =>
  fc.record(
    {
      description: fc.constant('r'),
      seq: opt(fc.integer({ min: 0, max: 50 })),
      enabled: fc.boolean(),
      match,
      actions: actions(logs),
    },
    { requiredKeys: ['description', 'match', 'actions'] },
  );

const watchRule = fc.oneof(
  fc.record({
    description: fc.constant('w'),
    watch: fc.record({
      type: fc.constant('sequence'),
      after: fc.constant({ msgId: 'FTP0002' }),
      expect: fc.constant({ msgId: 'FTP0040' }),
      within: fc.integer({ min: 1, max: 20 }),
    }),
  }),
  fc.record({
    description: fc.constant('d'),
    watch: fc.record({
      type: fc.constant('deadline'),
      expect: fc.constant({ msgId: 'FTP0020' }),
      by: fc.constantFrom('10:30', '11:00'),
      from: fc.constantFrom('10:00', '10:20'),
    }),
  }),
);

const message = fc.record({
  gap: fc.integer({ min: -30, max: 600 }),
  msgId: fc.constantFrom(...msgIds),
  system: fc.constantFrom('web1', 'web2', 'db1'),
  session: fc.constantFrom('s1', 's2', 's3'),
  user: opt(fc.constantFrom(...users)),
  client: fc.constantFrom('10.0.0.1', '10.0.0.2'),
  path: opt(fc.constantFrom('/home/anna/a.csv', '/home/aaaa/b.txt', '/srv/x')),
  bytes: fc.integer({ min: 0, max: 3000 }),
  severity: fc.integer({ min: 0, max: 99 }),
});

/** Messages with times walking forward (a little backward now and then, as interleaved sources do). */
function build(specs: Array<typeof message extends fc.Arbitrary<infer T> ? T : never>): NewMessage[] {
  let t = T0;
  return specs.map((s, i) => {
    t += s.gap * 1000;
    const fields: Record<string, string | number> = { client: s.client, bytes: s.bytes };
    if (s.user) fields.user = s.user;
    if (s.path) fields.path = s.path;
    return msg({ time: t, msgId: s.msgId, system: s.system, session: s.session, severity: s.severity, fields, raw: `line ${i}` });
  });
}

/** Cuts `xs` at the given points. */
function cut<T>(xs: T[], points: number[]): T[][] {
  const at = [...new Set(points.map((p) => p % (xs.length + 1)))].sort((a, b) => a - b);
  const out: T[][] = [];
  let from = 0;
  for (const p of [...at, xs.length]) {
    out.push(xs.slice(from, p));
    from = p;
  }
  return out;
}

function runBatches(ruleSet: ReturnType<typeof rules>, batches: NewMessage[][]) {
  const e = new RuleEngine(ruleSet, { render });
  const all: RuleBatch[] = batches.map((b) => e.apply(b));
  const hits = new Map<number, { hits: number; lastHit: number }>();
  for (const b of all)
    for (const h of b.hits) {
      const x = hits.get(h.ruleId) ?? { hits: 0, lastHit: -Infinity };
      hits.set(h.ruleId, { hits: x.hits + h.hits, lastHit: Math.max(x.lastHit, h.lastHit) });
    }
  return {
    messages: all.flatMap((b) => b.messages),
    discarded: all.reduce((a, b) => a + b.discarded, 0),
    raised: all.reduce((a, b) => a + b.raised, 0),
    notify: all.flatMap((b) => b.notify.map((n) => [b.messages[n.index]!.raw, n.request.ruleId])),
    hits: [...hits.entries()].sort((a, b) => a[0] - b[0]),
  };
}

describe('rule properties', () => {
  it('no rule set whose rules use log option Y or L loses a message (engine)', () => {
    fc.assert(
      fc.property(
        fc.array(responseRule(['Y', 'L']), { maxLength: 8 }),
        fc.array(watchRule, { maxLength: 2 }),
        fc.array(message, { maxLength: 60 }),
        (rs, ws, specs) => {
          const input = build(specs);
          const out = new RuleEngine(rules(...rs, ...ws), { render }).apply(input);
          expect(out.discarded).toBe(0);
          expect(out.messages.filter((m) => m.msgId !== 'MON0030' || m.source !== 'watch')).toEqual(input);
          expect(out.messages).toHaveLength(input.length + out.raised);
          for (const m of out.messages) expect(['shown', 'logonly']).toContain(m.console);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('no rule set whose rules use log option Y or L loses a message (store: every one in the Activity Log)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-prop-'));
    let n = 0;
    fc.assert(
      fc.property(fc.array(responseRule(['Y', 'L']), { maxLength: 6 }), fc.array(message, { minLength: 1, maxLength: 40 }), (rs, specs) => {
        const store = new MessageStore(path.join(dir, `p${n++}.db`));
        try {
          const input = build(specs);
          const e = new RuleEngine(rules(...rs), { render });
          const b = e.apply(input);
          store.commit(b.messages, null, b.hits);
          // The Activity Log reads in log-time order; arrival (id) order is what must match the input.
          const logged = store.page({}, 1000).messages.sort((x, y) => x.id - y.id);
          expect(logged.map((m) => m.raw)).toEqual(input.map((m) => m.raw));
          expect(store.count({ console: true })).toBe(input.filter((m) => m.console === 'shown').length);
          const hits = [...store.ruleHits().values()].reduce((a, h) => a + h.hits, 0);
          expect(hits).toBe(b.hits.reduce((a, h) => a + h.hits, 0));
        } finally {
          store.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the outcome does not depend on how messages are batched (frequency windows, watches and N included)', () => {
    fc.assert(
      fc.property(
        fc.array(responseRule(['Y', 'L', 'N']), { maxLength: 8 }),
        fc.array(watchRule, { maxLength: 2 }),
        fc.array(message, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (rs, ws, specs, points) => {
          const set = rules(...rs, ...ws);
          const whole = runBatches(set, [build(specs)]);
          const pieces = runBatches(set, cut(build(specs), points));
          const oneByOne = runBatches(
            set,
            build(specs).map((m) => [m]),
          );
          expect(pieces).toEqual(whole);
          expect(oneByOne).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});
