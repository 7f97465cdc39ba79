// Configuration changes are atomic and serialised, through the built CLI run in parallel: no change is lost,
// every announced rule number is the stored rule's, an import adds a rule once, a reader never sees half a file.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, msgmon, tempHome } from './support/cli.js';
import { spawn } from 'node:child_process';
import { exited } from './support/collect-harness.js';
import { run, waitFor, type RunResult } from './support/system.js';
import { holderOf } from '../src/store/file-lock.js';
import { ConfigStore } from '../src/store/config-store.js';

/** `msgmon --home HOME ARGS` in the background. */
function cli(home: string, ...args: string[]): Promise<RunResult> {
  return run(process.execPath, [CLI, '--home', home, ...args], { timeoutMs: 60_000 });
}

function ruleFile(dir: string, i: number): string {
  const f = path.join(dir, `rule${i}.json`);
  fs.writeFileSync(f, JSON.stringify({ description: `Rule ${i}`, match: { msgId: `FTP00${20 + i}` }, actions: { highlight: { color: 'yellow' } } }));
  return f;
}

/** What is left in the configuration's folder besides the store: no temp file stays behind. */
function leftovers(home: string): string[] {
  return fs.readdirSync(home).filter((f) => !/^(messages\.db.*|config\.json(\.lock)?|locks|rule\d+\.json|rules\.json)$/.test(f));
}

const config = (home: string) => new ConfigStore(path.join(home, 'config.json')).data;

describe('configuration locks', () => {
  it('eight rules add at once: eight rules with unique numbers, each announced number is the stored rule', async () => {
    const home = tempHome();
    const runs = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) => cli(home, 'rules', 'add', '--file', ruleFile(home, i))));
    const announced = new Map<number, string>();
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      const m = /^Added rule #(\d+) \(seq (\d+)\): (Rule \d)\n$/.exec(r.stdout);
      expect(m, r.stdout).not.toBe(null);
      announced.set(Number(m![1]), m![3]!);
    }
    expect(announced.size).toBe(8);
    const stored = JSON.parse(msgmon(['--home', home, 'rules', 'list', '--json']).stdout) as Array<{ id: number; seq: number; description: string }>;
    expect(stored).toHaveLength(8);
    expect(new Set(stored.map((r) => r.seq)).size).toBe(8);
    expect(new Map(stored.map((r) => [r.id, r.description]))).toEqual(announced);
    expect(fs.statSync(path.join(home, 'config.json')).mode & 0o777).toBe(0o600);
    expect(leftovers(home)).toEqual([]);
  });

  it('rules import of the same rules twice, or at once, adds them once; the rule identity ignores id, seq and on/off', async () => {
    const home = tempHome();
    const runs = await Promise.all([1, 2, 3].map(() => cli(home, 'rules', 'import', '--defaults')));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const defaults = config(home).rules.length;
    // The starter set (8) and the threat detections (10).
    expect(defaults).toBe(18);
    expect(runs.filter((r) => r.stdout === `Imported ${defaults} rules: #1 … #${defaults}\n`)).toHaveLength(1);
    expect(runs.filter((r) => r.stdout === `Imported 0 rules; ${defaults} already there: #1 … #${defaults}\n`)).toHaveLength(2);
    expect(msgmon(['--home', home, 'rules', 'disable', '3']).code).toBe(0);
    expect(msgmon(['--home', home, 'rules', 'move', '4', '--seq', '5']).code).toBe(0);
    const again = msgmon(['--home', home, 'rules', 'import', '--defaults', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([]);
    expect(config(home).rules).toHaveLength(defaults);

    // An export imported back adds nothing; a changed rule in it is a new rule.
    const exported = JSON.parse(msgmon(['--home', home, 'rules', 'export']).stdout);
    exported.rules[0].description += ' (mine)';
    fs.writeFileSync(path.join(home, 'rules.json'), JSON.stringify(exported));
    const mine = msgmon(['--home', home, 'rules', 'import', path.join(home, 'rules.json')]);
    expect(mine.stdout).toBe(`Imported 1 rule: #${defaults + 1}; ${defaults - 1} already there: #${exported.rules[1].id} … #${exported.rules.at(-1).id}\n`);
    expect(config(home).rules).toHaveLength(defaults + 1);
  });

  it('parallel hosts add and sources add keep every entry; one name added twice at once: one wins, the other is told', async () => {
    const home = tempHome();
    const names = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
    const hosts = await Promise.all([...names, 'dup', 'dup'].map((n) => cli(home, 'hosts', 'add', n, '--host', '127.0.0.1')));
    expect(hosts.filter((r) => r.code === 0)).toHaveLength(7);
    const refused = hosts.filter((r) => r.code !== 0);
    expect(refused.map((r) => [r.code, r.stderr])).toEqual([[1, 'msgmon: host dup exists already (msgmon hosts remove dup first)\n']]);
    const sources = await Promise.all(
      names.map((n) => cli(home, 'sources', 'add', `${n}-ftp`, '--system', n, '--format', 'vsftpd', '--path', '/var/log/vsftpd.log')),
    );
    for (const r of sources) expect(r.code, r.stderr).toBe(0);
    const removed = await Promise.all([
      cli(home, 'hosts', 'remove', 'dup'),
      cli(home, 'sources', 'remove', 'h1-ftp'),
      cli(home, 'sources', 'remove', 'h1-ftp'),
    ]);
    expect(removed.map((r) => r.code).sort()).toEqual([0, 0, 1]);
    expect(removed.map((r) => r.stderr).join('')).toBe('msgmon: no source named h1-ftp (msgmon sources list)\n');
    const c = config(home);
    expect(c.hosts.map((h) => h.name).sort()).toEqual(names);
    expect(c.sources.map((s) => s.name).sort()).toEqual(names.slice(1).map((n) => `${n}-ftp`));
    expect(fs.statSync(path.join(home, 'config.json')).mode & 0o777).toBe(0o600);
    expect(leftovers(home)).toEqual([]);
  });

  it('a reader never sees a half-written configuration while parallel commands save a large one', async () => {
    const home = tempHome();
    // 300 distinct rules make a file of some 100 KB: a torn write would show.
    const many = Array.from({ length: 300 }, (_, i) => ({
      description: `Rule ${i} ${'x'.repeat(100)}`,
      match: { msgId: 'FTP0020', user: `u${i}` },
      actions: { log: 'L' },
    }));
    fs.writeFileSync(path.join(home, 'rules.json'), JSON.stringify({ rules: many }));
    const imported = msgmon(['--home', home, 'rules', 'import', path.join(home, 'rules.json')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(fs.statSync(path.join(home, 'config.json')).size).toBeGreaterThan(60_000);
    let done = false;
    const writers = Promise.all(Array.from({ length: 6 }, (_, i) => cli(home, 'rules', i % 2 ? 'disable' : 'enable', String(i + 1)))).finally(
      () => (done = true),
    );
    let reads = 0;
    while (!done) {
      for (let k = 0; k < 20; k++, reads++) expect(config(home).rules).toHaveLength(300); // throws on a torn file
      await new Promise((r) => setImmediate(r));
    }
    for (const r of await writers) expect(r.code, r.stderr).toBe(0);
    expect(reads).toBeGreaterThan(20);
    expect(
      config(home)
        .rules.filter((r) => r.enabled === false)
        .map((r) => r.id),
    ).toEqual([2, 4, 6]);
  });

  it('a change waits for the configuration lock, names its holder when it waits too long, and a holder killed with kill -9 blocks nothing', async () => {
    const home = tempHome();
    const lock = path.join(home, 'config.json.lock');
    // Another process holding the lock: the built lock module, kept alive until killed.
    const lockJs = path.resolve(path.dirname(CLI), 'store/file-lock.js');
    const holder = spawn(
      process.execPath,
      ['-e', `import(${JSON.stringify(lockJs)}).then((m) => { m.tryLock(${JSON.stringify(lock)}); setInterval(() => {}, 1000); })`],
      { stdio: 'ignore' },
    );
    await waitFor(() => holderOf(lock)?.pid === holder.pid, 20_000, 'the helper to hold the configuration lock');
    const started = Date.now();
    const refused = await cli(home, 'rules', 'add', '--file', ruleFile(home, 1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^msgmon: configuration ${path.join(home, 'config.json')} is being changed by pid ${holder.pid} \\(.*\\) for over 10 s; nothing was changed: try again when it is done\n$`,
      ),
    );
    expect(fs.existsSync(path.join(home, 'config.json'))).toBe(false);
    holder.kill('SIGKILL');
    await exited(holder);
    const added = await cli(home, 'rules', 'add', '--file', ruleFile(home, 1));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe('Added rule #1 (seq 10): Rule 1\n');
  }, 60_000);
});
