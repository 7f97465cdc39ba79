// Rules stay safe on hostile input: user regexes run in linear time (re2js), globs never backtrack
// exponentially, and a regex JavaScript cannot even compile the same way is refused with a clear error.
import { describe, expect, it } from 'vitest';
import { engine, msg } from './support/rules.js';
import { parseDrafts } from '../src/rules/rule-file.js';

const FIELD = 'a'.repeat(50 * 1024);

describe('rule safety', () => {
  it('matches (a+)+$ against a 50 KB field in linear time', () => {
    const e = engine({
      description: 'ReDoS bait',
      match: {
        fields: [
          { field: 'path', regex: '(a+)+$' },
          { field: 'path', regex: '^(a|aa)+b' },
        ],
      },
    });
    // A backtracking engine needs ~2^51200 steps for this; re2js scans the field once per regex.
    const hostile = msg({ fields: { path: FIELD + 'b' } });
    const started = performance.now();
    e.apply([hostile]);
    const ms = performance.now() - started;
    expect(hostile.rules).toEqual([]);
    expect(ms).toBeLessThan(2000);
    const plain = msg({ fields: { path: FIELD } });
    e.apply([plain]);
    expect(plain.rules).toEqual([]);
    const fits = msg({ fields: { path: 'aab' } });
    engine({ description: 'x', match: { fields: [{ field: 'path', regex: '^(a|aa)+b' }] } }).apply([fits]);
    expect(fits.rules).toHaveLength(1);
  });

  it('runs many-star globs and text regexes on 50 KB values quickly', () => {
    const e = engine(
      { description: 'stars', match: { fields: [{ field: 'path', glob: '*a*a*a*a*a*a*a*a*b' }] } },
      { description: 'text', match: { text: { regex: '(x+x+)+y' } } },
    );
    const started = performance.now();
    const m = msg({ fields: { path: FIELD }, text: 'x'.repeat(50 * 1024) });
    e.apply([m]);
    expect(m.rules).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses syntax re2js does not support (backreferences, lookahead) naming rule and field', () => {
    expect(() => parseDrafts([{ description: 'ok' }, { description: 'Back', match: { fields: [{ field: 'user', regex: '(a)\\1' }] } }], 'f.json')).toThrow(
      /^f\.json: rule 2 \("Back"\): match\.fields\.0\.regex: invalid regex .*nothing was changed$/,
    );
    expect(() => parseDrafts([{ description: 'Ahead', match: { text: { regex: 'a(?=b)' } } }], 'f.json')).toThrow(
      /rule 1 \("Ahead"\): match\.text\.regex: invalid regex/,
    );
  });
});
