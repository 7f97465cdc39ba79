// Where the package's own data lives, whether we run from src/ (vitest) or dist/src/ (installed).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The package root: the folder holding package.json, data/ and screens/. */
export const packageRoot: string = here.replace(/[\\/](dist[\\/])?src[\\/]core$/, '');

/** A path inside the package's data/ folder. */
export function dataPath(...parts: string[]): string {
  return path.join(packageRoot, 'data', ...parts);
}
