// Runs the built msgmon CLI (dist/) as a user would, capturing output and exit code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Absolute path of the built CLI entry. */
export const CLI = path.resolve(__dirname, '../../dist/src/cli.js');

/** Result of one CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `msgmon args…` synchronously with an optional stdin. */
export function msgmon(args: string[], opts: { input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { input: opts.input, env: { ...process.env, ...opts.env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary msgmon home. */
export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-test-'));
}
