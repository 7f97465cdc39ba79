// Golden files: a screen's text (and colours) against a checked-in file; UPDATE_GOLDEN=1 rewrites the files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
// CI compares, never writes: a rewritten golden would pass whatever the screen shows.
if (UPDATE && process.env.CI) throw new Error('UPDATE_GOLDEN=1 with CI set: goldens are only rewritten by hand, outside CI');

/** Compares `actual` with test/golden/<file>, or writes it there with UPDATE_GOLDEN=1 (review the diff before committing). */
export function golden(file: string, actual: string): void {
  const path = join(DIR, file);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing ${path}: run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}
