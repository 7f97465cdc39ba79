// Fuzz (fast-check): rules built from the zod schema's vocabulary — valid, invalid and hostile — through the real
// rule file reader, the rule engine and its index, against arbitrary messages; catalog and rule templates over
// arbitrary fields; rule files as mutated JSON text. No exception escapes but the reader's own UserError; the
// engine agrees with a plain in-order evaluation of the same compiled rules; a missing variable shows as *N.
import { afterAll, describe, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../src/core/errors.js';
import type { Rule } from '../src/core/rule-types.js';
import type { Fields, NewMessage } from '../src/core/types.js';
import { Catalog } from '../src/catalog/catalog.js';
import { RuleEngine } from '../src/rules/engine.js';
import { parseDrafts, parseRuleFile } from '../src/rules/rule-file.js';
import { assignIds } from '../src/rules/rule-list.js';
import { byOrder, compileRule, ruleMatches } from '../src/rules/compiled-rule.js';
import { settle, type Verdict } from '../src/rules/actions.js';
import { compileGlob } from '../src/rules/glob.js';
import { compileTextTemplate } from '../src/rules/template.js';
import { MISSING } from '../src/core/template.js';
import { FUZZ_TIMEOUT_MS, fuzzRuns, fuzzSeed, hostileText, mutatedLine, reportInputs } from './support/fuzz.js';

const FILE = 'fuzz-rules.test.ts';
const catalog = Catalog.load();
const IDS = catalog.ids();
const { seed, path: replayPath } = fuzzSeed(FILE);
const counts = { ruleSets: 0, messages: 0, templates: 0, globs: 0, ruleFiles: 0 };
/** Runs per property: about 100,000 messages, 50,000 templates, 100,000 globs, 20,000 rule files. */
const RUNS = fuzzRuns({ engine: 1_500, templates: 25_000, globs: 100_000, files: 20_000 });
afterAll(() => reportInputs(FILE, counts));

function check(ok: boolean, what: () => string): void {
  if (!ok) throw new Error(what());
}

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const NAMES = [
  'user',
  'client',
  'path',
  'bytes',
  'pid',
  'protocol',
  'system',
  'msgid',
  'text',
  'severity',
  'session',
  'source',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__proto__',
  'prototype',
  'USER',
  'Text',
];
const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('web1', 'web2', 'db1', 'anna', 'root', '10.0.0.5', '/home/anna/a.csv', 'vsftpd', 'sshd', '') },
  { weight: 1, arbitrary: hostileText(4) },
);
const glob = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('web*', '*', '?eb1', '*1', '*e*', 'w*b?', '**', '*?', 'a*b*c', 'anna', '') },
  { weight: 1, arbitrary: hostileText(3) },
);
// re2js takes milliseconds to compile a{1000} or \\p{L}: those are rarer so that the run stays quick.
const regex = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      'csv$',
      '^/home/(a+)+/',
      'x|y',
      '(',
      '\\',
      '(?P<n>a)',
      '[[:alpha:]]+',
      '(a|aa)*$',
      '(?i)ANNA',
      '\\bfoo\\b',
      '(?=x)',
      '\\1',
      '',
      '.*',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('\\p{L}+', 'a{1000}') },
);
const num = fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom(0.5, -0, 1e308, -1e308, 4294967296));
const value = fc.oneof(word, num);
const hhmm = fc.constantFrom('00:00', '09:30', '24:00', '25:00', '9:00', '12:60', '23:59', 'noon');
const tz = fc.constantFrom('UTC', 'Europe/Berlin', 'America/St_Johns', 'Asia/Kathmandu', 'Mars/Base', '', 'utc');
const days = fc.subarray(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'xyz']);

const condition = fc.record(
  {
    field: fc.oneof(fc.constantFrom(...NAMES), hostileText(2)),
    equals: opt(value),
    glob: opt(glob),
    regex: opt(regex),
    in: opt(fc.array(value, { maxLength: 3 })),
    gt: opt(num),
    ge: opt(num),
    lt: opt(num),
    le: opt(num),
    exists: opt(fc.boolean()),
    ignoreCase: opt(fc.boolean()),
    not: opt(fc.boolean()),
    orMissing: opt(fc.boolean()),
  },
  { requiredKeys: ['field'] },
);

const msgIdPattern = fc.oneof(fc.constantFrom(...IDS), fc.constantFrom('FTP00*', 'FTP002?', '*', 'ftp0020', 'MON0010', 'X', '', 'A'.repeat(17)));
const filters = {
  msgId: opt(fc.oneof(msgIdPattern, fc.array(msgIdPattern, { maxLength: 3 }))),
  system: opt(fc.oneof(glob, fc.array(glob, { maxLength: 2 }))),
  source: opt(glob),
  user: opt(fc.oneof(glob, fc.array(glob, { maxLength: 2 }))),
  severity: opt(fc.record({ min: opt(fc.integer({ min: -1, max: 100 })), max: opt(fc.integer({ min: -1, max: 100 })) }, { requiredKeys: [] })),
  fields: opt(fc.array(condition, { maxLength: 3 })),
  text: opt(fc.record({ contains: opt(word), regex: opt(regex), ignoreCase: opt(fc.boolean()) }, { requiredKeys: [] })),
  when: opt(fc.array(fc.record({ days: opt(days), from: opt(hhmm), to: opt(hhmm), tz: opt(tz) }, { requiredKeys: [] }), { maxLength: 2 })),
};
const templateText = fc.oneof(
  fc.constantFrom(
    'User &USER did &MSGID on &SYSTEM',
    '&TEXT (&SEVERITY)',
    '&&USER &',
    '&CONSTRUCTOR &TOSTRING &__PROTO__ &HASOWNPROPERTY',
    '&PROTO: &PATH',
    '&',
  ),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...NAMES).map((n) => `&${n.toUpperCase()}`),
        hostileText(2),
      ),
      { maxLength: 6 },
    )
    .map((p) => p.join(' ')),
);
const actions = fc.record(
  {
    log: opt(fc.constantFrom('Y', 'L', 'N', 'X')),
    severity: opt(fc.integer({ min: -1, max: 100 })),
    text: opt(templateText),
    highlight: opt(
      fc.record({ color: opt(fc.constantFrom('red', 'yellow', 'pink', 'black')), reverse: opt(fc.boolean()), blink: opt(fc.boolean()) }, { requiredKeys: [] }),
    ),
    inquiry: opt(fc.boolean()),
    tags: opt(fc.array(word, { maxLength: 2 })),
    notify: opt(fc.array(word, { maxLength: 2 })),
    escalate: opt(word),
    then: opt(fc.constantFrom('stop', 'continue', 'go')),
  },
  { requiredKeys: [] },
);
const responseRule = fc.record(
  {
    description: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('r', 'Uploads', 'x'.repeat(121)) }, { weight: 1, arbitrary: hostileText(3) }),
    enabled: opt(fc.boolean()),
    seq: opt(fc.integer({ min: -1, max: 30 })),
    match: opt(
      fc.record(
        {
          ...filters,
          frequency: opt(
            fc.record(
              {
                count: fc.integer({ min: 0, max: 4 }),
                minutes: fc.constantFrom(1, 5, 0.5, 0, -1),
                by: opt(fc.array(fc.constantFrom(...NAMES), { maxLength: 2 })),
                reset: opt(fc.boolean()),
              },
              { requiredKeys: ['count', 'minutes'] },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    actions: opt(actions),
  },
  { requiredKeys: ['description'] },
);
const watchMatch = fc.record(filters, { requiredKeys: [] });
const watchRule = fc.record({
  description: fc.constant('w'),
  watch: fc.oneof(
    fc.record(
      {
        type: fc.constant('sequence'),
        after: watchMatch,
        expect: watchMatch,
        within: fc.constantFrom(1, 10, 0, -5),
        key: opt(fc.array(fc.constantFrom(...NAMES), { maxLength: 2 })),
      },
      { requiredKeys: ['type', 'after', 'expect', 'within'] },
    ),
    fc.record(
      { type: fc.constant('deadline'), expect: watchMatch, by: hhmm, from: opt(hhmm), days: opt(days), tz: opt(tz) },
      { requiredKeys: ['type', 'expect', 'by'] },
    ),
  ),
  actions: opt(actions),
});

const T0 = Date.parse('2026-11-25T10:00:00Z');
const fields: fc.Arbitrary<Fields> = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...NAMES), hostileText(2)), value), { maxLength: 5 }).map((kv) => {
  const f: Fields = {};
  // defineProperty: a `__proto__` key from a log must be a field like any other, as JSON.parse makes it.
  for (const [k, v] of kv) Object.defineProperty(f, k, { value: v, enumerable: true, writable: true, configurable: true });
  return f;
});
const message = fc.record({
  gap: fc.integer({ min: -60, max: 3_600 }),
  msgId: fc.oneof(fc.constantFrom(...IDS), fc.constantFrom('ftp0020', 'XYZ9999')),
  system: word,
  source: word,
  severity: fc.integer({ min: 0, max: 99 }),
  text: fc.oneof(word, hostileText(4)),
  fields,
  session: fc.option(word, { nil: null }),
});
const toMessages = (
  ms: Array<{ gap: number } & Omit<NewMessage, 'time' | 'console' | 'ack' | 'rules' | 'highlight' | 'inquiry' | 'tags' | 'raw'>>,
): NewMessage[] => {
  let t = T0;
  return ms.map(({ gap, ...m }) => ({
    ...m,
    time: (t += gap * 1000),
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: m.text,
  }));
};
const clone = (ms: NewMessage[]) => ms.map((m) => ({ ...m, fields: { ...m.fields }, rules: [], tags: [] }));
const render = (id: string, f: Fields) => ({ text: catalog.text(id, f), severity: catalog.severity(id) });

/**
 * Validates each record as `rules add` does (the reader's UserError is an answer, any other exception a bug) and
 * numbers the valid ones: invalid rules test the reader, valid ones go on to the engine.
 */
function validated(records: unknown[]): Rule[] {
  const ok: unknown[] = [];
  for (const r of records) {
    try {
      parseDrafts([r], 'fuzz');
      ok.push(r);
    } catch (err) {
      if (!(err instanceof UserError && err.message.includes('nothing was changed'))) throw err;
    }
  }
  return assignIds([], parseDrafts(ok, 'fuzz'));
}

/** The same response rules evaluated one by one in order (no index, fresh frequency state): what the engine must do. */
function plainEvaluation(rules: Rule[], msgs: NewMessage[]): NewMessage[] {
  const compiled = rules
    .filter((r) => r.enabled)
    .sort(byOrder)
    .map((r) => compileRule(r));
  const kept: NewMessage[] = [];
  for (const m of msgs) {
    const v: Verdict = { log: null, notify: [] };
    for (const c of compiled) {
      if (!c.match.msgId(m.msgId) || !c.match.system(m.system) || !ruleMatches(c, m)) continue;
      c.apply(m, v);
      if (c.stop) break;
    }
    if (settle(m, v)) kept.push(m);
  }
  return kept;
}

describe('fuzz: rules, templates and globs', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('rules from the schema (valid, invalid, hostile) against arbitrary messages: the engine agrees with plain evaluation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 6, arbitrary: responseRule }, { weight: 1, arbitrary: watchRule }), { minLength: 1, maxLength: 5 }),
        fc.array(message, { minLength: 1, maxLength: 300, size: 'max' }),
        (drafts, raw) => {
          counts.ruleSets++;
          const rules = validated(JSON.parse(JSON.stringify(drafts)) as unknown[]);
          if (!rules.length) return;
          const msgs = toMessages(raw);
          counts.messages += msgs.length;
          const engine = new RuleEngine(rules, { render });
          // Two batches: state carries over between them.
          const cut = msgs.length >> 1;
          const a = engine.apply(clone(msgs.slice(0, cut)));
          const b = engine.apply(clone(msgs.slice(cut)));
          const out = [...a.messages, ...b.messages];
          check(
            out.length + a.discarded + b.discarded === msgs.length + a.raised + b.raised,
            () => `${msgs.length} in, ${out.length} kept, discarded ${a.discarded + b.discarded}, raised ${a.raised + b.raised}`,
          );
          for (const m of out) {
            check(
              m.severity >= 0 && m.severity <= 99 && typeof m.text === 'string' && ['shown', 'logonly'].includes(m.console),
              () => `bad message ${JSON.stringify(m)}`,
            );
            check(!m.text.includes('[native code]'), () => `text shows a JavaScript function: ${m.text}`);
          }
          if (rules.some((r) => r.watch)) return;
          const want = plainEvaluation(rules, clone(msgs));
          const show = (ms: NewMessage[]) =>
            JSON.stringify(ms.map((m) => [m.msgId, m.system, m.severity, m.text, m.console, m.rules, m.tags, m.highlight, m.inquiry]));
          check(show(out) === show(want), () => `engine ${show(out)}\nplain  ${show(want)}`);
        },
      ),
      { seed, path: replayPath, numRuns: RUNS.engine },
    );
  });

  it('catalog and rule templates over arbitrary fields: every variable without a value shows *N, never inherited members', () => {
    fc.assert(
      fc.property(templateText, fields, fc.constantFrom(...IDS), (template, f, id) => {
        counts.templates += 2;
        const text = catalog.text(id, f);
        const help = catalog.help(id)!;
        const m = toMessages([{ gap: 0, msgId: id, system: 'web1', source: 'vsftpd', severity: 10, text: 'old', fields: f, session: null }])[0]!;
        const rewritten = compileTextTemplate(template)(m);
        for (const [t, out] of [
          [help.template, text],
          [template, rewritten],
        ] as const) {
          check(
            !out.includes('[native code]') && !out.includes('[object Object]'),
            () => `template ${JSON.stringify(t)} over ${JSON.stringify(f)} gave ${JSON.stringify(out)}`,
          );
          // A template of only variables absent from the fields (and not message attributes) renders as *N each.
          const vars = [...t.matchAll(/&&|&([A-Za-z][A-Za-z0-9_]*)/g)].map((x) => x[1]?.toLowerCase()).filter((v): v is string => v !== undefined);
          if (
            t === template &&
            vars.length &&
            vars.every((v) => !Object.hasOwn(f, v) && !['system', 'source', 'msgid', 'severity', 'session', 'text', 'proto'].includes(v)) &&
            t.replace(/&([A-Za-z][A-Za-z0-9_]*)/g, '') === ''
          ) {
            check(out === MISSING.repeat(vars.length), () => `template ${JSON.stringify(t)} over ${JSON.stringify(f)} gave ${JSON.stringify(out)}`);
          }
        }
      }),
      { seed, path: replayPath, numRuns: RUNS.templates },
    );
    // Single variables over each name, so that every inherited member is tried whatever the generator picks.
    for (const n of NAMES) {
      counts.templates++;
      const out = compileTextTemplate(`&${n.toUpperCase()}`)(
        toMessages([{ gap: 0, msgId: 'FTP0020', system: 's', source: 'v', severity: 1, text: 't', fields: {}, session: null }])[0]!,
      );
      check(!out.includes('[native code]') && !out.includes('[object'), () => `&${n.toUpperCase()} over no fields gave ${out}`);
    }
  });

  it('wildcard globs agree with the equivalent regular expression (fast paths included)', () => {
    const chars = fc.constantFrom('a', 'b', '*', '?', '.', 'A', '漢', '\ud83d\udc69', '\\', '(');
    const g = fc.array(chars, { maxLength: 6 }).map((c) => c.join(''));
    const s = fc.array(fc.constantFrom('a', 'b', '.', 'A', '漢', '\ud83d\udc69', '\\', '(', '?', '*'), { maxLength: 8 }).map((c) => c.join(''));
    fc.assert(
      fc.property(g, s, fc.boolean(), (pattern, text, ic) => {
        counts.globs++;
        // Ignoring case means both sides lower-cased, code unit by code unit as `?` counts.
        const p = ic ? pattern.toLowerCase() : pattern;
        const re = new RegExp(
          '^' +
            p
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[\\s\\S]*')
              .replace(/\?/g, '[\\s\\S]') +
            '$',
        );
        const want = re.test(ic ? text.toLowerCase() : text);
        const got = compileGlob(pattern, ic)(text);
        check(got === want, () => `glob ${JSON.stringify(pattern)}${ic ? ' (ignore case)' : ''} on ${JSON.stringify(text)}: ${got}, the regex says ${want}`);
      }),
      { seed, path: replayPath, numRuns: RUNS.globs },
    );
  });

  it('rule files as mutated JSON text: rules, or a UserError that names the problem and changes nothing', () => {
    const defaults = fs.readFileSync(path.resolve(__dirname, '../data/rules/default.json'), 'utf8');
    const pieces = [defaults, ...defaults.split('\n').filter((l) => l.trim().length > 2)];
    fc.assert(
      fc.property(mutatedLine(pieces), (text) => {
        counts.ruleFiles++;
        try {
          parseRuleFile(text, 'fuzz.json');
        } catch (err) {
          check(
            err instanceof UserError && /fuzz\.json/.test(err.message) && /nothing was changed/.test(err.message),
            () => `rule file ${JSON.stringify(text.slice(0, 200))} threw ${String(err)}`,
          );
        }
      }),
      { seed, path: replayPath, numRuns: RUNS.files },
    );
  });
});
