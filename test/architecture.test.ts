// DESIGN §2: imports only point left, no file imports itself back through others; the UI never touches blessed.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importCycles, importsOf } from './support/imports.js';

const SRC = path.resolve(__dirname, '../src');
const TIER2 = ['catalog', 'formats', 'sessions', 'rules', 'store', 'doctor'];
const TIER3 = [...TIER2, 'collectors', 'notify', 'status'];
/** Which layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  ...Object.fromEntries(TIER2.map((l) => [l, ['core']])),
  collectors: ['core', ...TIER2],
  notify: ['core', ...TIER2],
  // The status probe (issue 16): samples through a collector's shell, stored and checked against thresholds.
  status: ['core', ...TIER2, 'collectors'],
  pipeline: ['core', ...TIER3],
  services: ['core', ...TIER3, 'pipeline'],
  ui: ['core'],
  tui: ['core', 'ui'],
  cli: ['core', ...TIER3, 'pipeline', 'services', 'ui', 'tui'],
};

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The layer of a file under src/: its top folder, or `cli` for src/cli.ts. */
function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? 'cli' : rel[0]!;
}

/** Each file is parsed once for all the checks. */
const parsed = new Map<string, string[]>();
const imports = (file: string): string[] => parsed.get(file) ?? parsed.set(file, importsOf(file)).get(file)!;

describe('architecture', () => {
  const all = files(SRC);

  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it('reads every kind of module reference with the TypeScript parser', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-arch-'));
    const file = path.join(dir, 'x.ts');
    fs.writeFileSync(
      file,
      [
        "import './side-effect.js';",
        "import type { T } from './types.js';",
        "export * from './again.js';",
        "import fs = require('node:fs');",
        "const b = require('blessed');",
        "const m = await import('./later.js');",
        "let t: import('./typeof.js').X;",
        "const s = `import x from './not-code.js'`;",
        'const d = await import(name);',
      ].join('\n'),
    );
    expect(importsOf(file)).toEqual(['./side-effect.js', './types.js', './again.js', 'node:fs', 'blessed', './later.js', './typeof.js', '<computed import()>']);
  });

  it('no module is loaded by a computed name (the layering check could not see it)', () => {
    const bad = all.filter((f) => imports(f).some((s) => s.startsWith('<computed')));
    expect(bad.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('every layer imports only the layers to its left', () => {
    const bad: string[] = [];
    for (const f of all) {
      const from = layerOf(f);
      expect(ALLOWED[from], `unknown layer ${from} (${f})`).toBeDefined();
      for (const spec of imports(f)) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(f), spec);
        // Declarative data (screen specs, keymaps, formats) may be read by any layer.
        if (!target.startsWith(SRC + path.sep) && /[\\/](data|screens)[\\/].*\.json$/.test(target)) continue;
        const to = layerOf(target);
        if (to !== from && !ALLOWED[from]!.includes(to)) bad.push(`${path.relative(SRC, f)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no import cycles between files (type-only imports included: a cycle is one module in two files)', () => {
    const graph = new Map<string, string[]>();
    for (const f of all) {
      const targets = imports(f)
        .filter((s) => s.startsWith('.') && s.endsWith('.js'))
        .map((s) => path.resolve(path.dirname(f), s).replace(/\.js$/, '.ts'))
        .filter((t) => t.startsWith(SRC + path.sep));
      graph.set(f, targets);
    }
    const cycles = importCycles(graph).map((c) => c.map((f) => path.relative(SRC, f)).join(' ↔ '));
    expect(cycles).toEqual([]);
  });

  it('the cycle check finds a cycle', () => {
    expect(
      importCycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });

  it('only the tui layer imports blessed', () => {
    const bad = all.filter((f) => layerOf(f) !== 'tui' && imports(f).some((s) => s === 'blessed' || s.startsWith('blessed-contrib')));
    expect(bad.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('core does no I/O beyond locating the package', () => {
    const bad = all.filter((f) => layerOf(f) === 'core' && imports(f).some((s) => ['node:fs', 'fs', 'node:child_process', 'node:net'].includes(s)));
    expect(bad).toEqual([]);
  });
});
