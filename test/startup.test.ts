// Start-up: msgmon loads only the module of the command it runs. `msgmon --help` lists every command from the index
// in src/cli/command-index.ts, which must say what the modules register; --help and status load no package they do
// not use (the time itself is a bench row: npm run bench, "msgmon --help" and "msgmon status").
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Help } from 'commander';
import { loadAllCommands, program } from '../src/cli.js';
import { COMMANDS, commandNamed } from '../src/cli/command-index.js';
import { CLI, tempHome } from './support/cli.js';

const TRACE_HOOK = path.resolve(__dirname, 'support/module-trace.mjs');

/** The packages (node_modules names) one msgmon command line loads (or node with these arguments). */
function packagesLoaded(args: string[], nodeArgs = [CLI]): Set<string> {
  const trace = path.join(tempHome(), 'modules.txt');
  const r = spawnSync(process.execPath, ['--import', TRACE_HOOK, ...nodeArgs, ...args], {
    env: { ...process.env, MODULE_TRACE: trace, MSGMON_HOME: tempHome() },
    encoding: 'utf8',
  });
  expect(r.stderr).not.toMatch(/Error|at /);
  const urls = fs.readFileSync(trace, 'utf8').split('\n');
  return new Set(urls.flatMap((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1] ?? []));
}

describe('start-up', () => {
  it('the command index says what each module registers (help term and description)', async () => {
    await loadAllCommands();
    const help = new Help();
    const registered = new Map(program.commands.map((c) => [c.name(), c]));
    for (const m of COMMANDS) {
      for (const [name, [term, description]] of Object.entries(m.commands)) {
        const cmd = registered.get(name);
        expect(cmd, `${name} is in the index but no module registers it`).toBeDefined();
        // On a mismatch, the expected value is the line to put into COMMANDS.
        expect([term, description], `COMMANDS entry for ${name}`).toEqual([help.subcommandTerm(cmd!), cmd!.description()]);
      }
    }
  });

  it('finds the command after the global options', () => {
    const withValue = new Set(['--home']);
    expect(commandNamed(['--home', '/h', '--read-only', 'status', '--json'], withValue)).toBe('status');
    expect(commandNamed(['--home=/h', 'log', 'verify'], withValue)).toBe('log');
    expect(commandNamed(['--read-only'], withValue)).toBeUndefined();
    expect(commandNamed(['--help'], withValue)).toBeUndefined();
  });

  it('--help loads commander only; status loads no SSH, rule engine, console or mail package', () => {
    expect([...packagesLoaded(['--help'])]).toEqual(['commander']);
    const status = packagesLoaded(['status']);
    expect(status.has('better-sqlite3')).toBe(true);
    for (const heavy of ['ssh2', 'ssh-config', 're2js', 'blessed', 'nodemailer', 'csv-stringify']) expect(status.has(heavy), heavy).toBe(false);
  });

  it('the console loads no SSH client or mail package before its first screen (a host test loads them)', () => {
    const dist = path.dirname(CLI);
    const load = ['cli/console.js', 'cli/services-of.js', 'tui/run-console.js'].map((m) => `await import(${JSON.stringify(path.join(dist, m))});`);
    const loaded = packagesLoaded([], ['--input-type=module', '-e', load.join(' ')]);
    expect(loaded.has('blessed')).toBe(true);
    for (const heavy of ['ssh2', 'nodemailer', 'csv-stringify']) expect(loaded.has(heavy), heavy).toBe(false);
  });

  it('the console paints without zod: its first screen loads no schema package (they load right after)', () => {
    const dist = path.dirname(CLI);
    const load = ['cli/context.js', 'cli/console.js', 'cli/first-services.js', 'tui/run-console.js'].map(
      (m) => `await import(${JSON.stringify(path.join(dist, m))});`,
    );
    const loaded = packagesLoaded([], ['--input-type=module', '-e', load.join(' ')]);
    expect(loaded.has('blessed')).toBe(true);
    expect(loaded.has('better-sqlite3')).toBe(true);
    for (const later of ['zod', 'lowdb', 're2js']) expect(loaded.has(later), later).toBe(false);
  });

  it("msgmon help COMMAND shows that command's own help", () => {
    const r = spawnSync(process.execPath, [CLI, 'help', 'status'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: msgmon status /);
    expect(r.stdout).toContain('Examples:');
  });
});
