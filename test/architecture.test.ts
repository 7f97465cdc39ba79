// DESIGN §2: imports only point left; the UI never touches blessed.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../src');
const TIER2 = ['catalog', 'formats', 'sessions', 'rules', 'store'];
const TIER3 = [...TIER2, 'collectors', 'notify'];
/** Which layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  ...Object.fromEntries(TIER2.map((l) => [l, ['core']])),
  collectors: ['core', ...TIER2],
  notify: ['core', ...TIER2],
  pipeline: ['core', ...TIER3],
  ui: ['core'],
  tui: ['core', 'ui'],
  cli: ['core', ...TIER3, 'pipeline', 'ui', 'tui'],
};

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** The layer of a file under src/: its top folder, or `cli` for src/cli.ts. */
function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? 'cli' : rel[0]!;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

describe('architecture', () => {
  const all = files(SRC);

  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(20);
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

  it('only the tui layer imports blessed', () => {
    const bad = all.filter((f) => layerOf(f) !== 'tui' && imports(f).some((s) => s === 'blessed' || s.startsWith('blessed-contrib')));
    expect(bad.map((f) => path.relative(SRC, f))).toEqual([]);
  });

  it('core does no I/O beyond locating the package', () => {
    const bad = all.filter((f) => layerOf(f) === 'core' && imports(f).some((s) => ['node:fs', 'fs', 'node:child_process', 'node:net'].includes(s)));
    expect(bad).toEqual([]);
  });
});
