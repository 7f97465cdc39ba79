// A new home opened by several processes at once (a collector and a console started together) is created
// once: every process opens it, none fails with "table messages already exists".
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { tempHome } from './support/cli.js';

const STORE = path.resolve(__dirname, '../dist/src/store/message-store.js');

/** A process that opens the store at the given moment (all of them together), as msgmon does at start. */
function openAt(file: string, at: number): Promise<{ code: number | null; err: string }> {
  const script = `const { MessageStore } = await import(${JSON.stringify(STORE)});
    while (Date.now() < ${at}) {}
    new MessageStore(${JSON.stringify(file)}).close();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.on('exit', (code) => resolve({ code, err }));
  });
}

describe('message store on a new home', () => {
  it('is created once when eight processes open it at the same moment (none told "database is locked")', async () => {
    for (let round = 0; round < 5; round++) {
      const file = path.join(tempHome(), 'messages.db');
      const at = Date.now() + 1500; // every process has loaded the module by then
      const results = await Promise.all(Array.from({ length: 8 }, () => openAt(file, at)));
      expect(results.filter((r) => r.code !== 0).map((r) => r.err)).toEqual([]);
    }
  }, 60_000);
});
