// Test accounts (bench/unix-users.ts): key-only, held per process, deleted by the last live holder — a holder killed
// with -9 does not keep an account forever, and an account another process holds is not deleted under it.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HOLDERS_DIR, holdUser, releaseUser } from '../bench/unix-users.js';
import { mustRun, run, waitFor } from './support/system.js';

const USER = 'msgmon_hold1';
const built = path.resolve(__dirname, '../dist/bench/unix-users.js');
const exists = async () => (await run('id', ['-u', USER])).code === 0;
afterAll(() => releaseUser(USER));

/** A separate process that holds the account until killed. */
function holder() {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import(${JSON.stringify(built)}).then((m) => { m.holdUser('${USER}'); console.log('held'); setInterval(() => {}, 1000); })`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise<typeof child>((resolve) => child.stdout.once('data', () => resolve(child)));
}

describe('test accounts', () => {
  it('are key-only, survive while another process holds them, and go with the last holder (a killed one included)', async () => {
    const acct = holdUser(USER);
    expect(fs.existsSync(acct.home)).toBe(true);
    // No password: the shadow field is '*' (not a hash, not '!', which sshd without PAM refuses).
    expect((await mustRun('getent', ['shadow', USER])).split(':')[1]).toBe('*');
    const other = await holder();
    expect(fs.existsSync(path.join(HOLDERS_DIR, USER, String(other.pid)))).toBe(true);
    releaseUser(USER);
    expect(await exists()).toBe(true); // the other process still holds it
    other.kill('SIGKILL'); // its exit hook never runs: a stale holder
    await waitFor(() => other.exitCode !== null || other.signalCode !== null, 5000, 'holder gone');
    holdUser(USER);
    releaseUser(USER);
    expect(await exists()).toBe(false);
    expect(fs.existsSync(acct.home)).toBe(false);
    expect(fs.existsSync(path.join(HOLDERS_DIR, USER))).toBe(false);
  });
});
