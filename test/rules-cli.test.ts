// `msgmon rules …` end to end through the built CLI, and rules acting in ingest and in a running follower.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { msgmon, tempHome } from './support/cli.js';
import { Catalog } from '../src/catalog/catalog.js';
import { FormatRegistry } from '../src/formats/registry.js';
import { ConfigStore } from '../src/store/config-store.js';
import { MessageStore } from '../src/store/message-store.js';
import { LocalSourceReader } from '../src/collectors/local-source-reader.js';
import { makeProcessor } from '../src/pipeline/make-processor.js';
import { SourcePipeline, storeCommit } from '../src/pipeline/source-pipeline.js';
import { RuleStep } from '../src/pipeline/rule-step.js';

const FIXTURE = path.resolve(__dirname, 'fixtures/vsftpd-session.log');

function run(home: string, ...args: string[]) {
  return msgmon(['--home', home, ...args]);
}
function json(home: string, ...args: string[]): any {
  const r = run(home, ...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
function ruleFile(home: string, name: string, content: unknown): string {
  const f = path.join(home, name);
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

const UPLOADS = { description: 'Highlight uploads', match: { msgId: 'FTP0020' }, actions: { highlight: { color: 'red' } } };
const SILENCE = { description: 'Listings to the log only', match: { msgId: 'FTP0011' }, actions: { log: 'L' } };
const DROP = { description: 'Drop connects', match: { msgId: 'FTP0001' }, actions: { log: 'N' } };
const ASK = { description: 'Remote commands', match: { msgId: 'FTP0030' }, actions: { inquiry: true, tags: ['rcmd'] } };

describe('rules CLI', () => {
  it('add, list, show, disable, enable, move, export, import --replace, remove', () => {
    const home = tempHome();
    expect(run(home, 'rules', 'list').stdout).toMatch(/^No rules\. .*rules import --defaults/);
    const added = run(home, 'rules', 'add', '--file', ruleFile(home, 'r.json', [UPLOADS, SILENCE]));
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toBe('Added rule #1 (seq 10): Highlight uploads\nAdded rule #2 (seq 20): Listings to the log only\n');
    expect(json(home, 'rules', 'list').map((r: any) => [r.id, r.seq, r.enabled, r.hits, r.action])).toEqual([
      [1, 10, true, 0, 'hilite'],
      [2, 20, true, 0, 'remove'],
    ]);
    expect(run(home, 'rules', 'show', '#2').stdout).toMatch(/^Rule #2, seq 20, enabled: Listings to the log only\nDoes: log only \(log option L\); hits 0\n\{/);
    expect(run(home, 'rules', 'disable', '1').stdout).toBe('Rule #1 disabled: Highlight uploads\n');
    expect(run(home, 'rules', 'move', '2', '--seq', '5').code).toBe(0);
    expect(run(home, 'rules', 'enable', '1').code).toBe(0);
    const list = run(home, 'rules', 'list').stdout.split('\n');
    expect(list[0]).toMatch(/^ID +Seq +On +Description +Msg ID +Log +Action +Hits +Last hit \(UTC\)$/);
    expect(list[1]).toMatch(/^#2 +5 +yes +Listings to the log only +FTP0011 +L +log only +0$/);
    const exported = run(home, 'rules', 'export').stdout;
    const other = tempHome();
    expect(run(other, 'rules', 'import', '--replace', ruleFile(other, 'e.json', exported)).stdout).toBe('Imported 2 rules (replacing all rules): #2 #1\n');
    expect(json(other, 'rules', 'list')).toEqual(json(home, 'rules', 'list'));
    expect(run(home, 'rules', 'remove', '1').stdout).toBe('Removed rule #1: Highlight uploads\n');
    expect(json(home, 'rules', 'list').map((r: any) => r.id)).toEqual([2]);
  });

  it('says what to do next on bad ids and arguments (exit 1 / 2)', () => {
    const home = tempHome();
    const missing = run(home, 'rules', 'show', '7');
    expect([missing.code, missing.stderr]).toEqual([1, 'msgmon: no rule #7; msgmon rules list shows the rules and their ids\n']);
    expect(run(home, 'rules', 'enable', 'seven').code).toBe(2);
    expect(run(home, 'rules', 'test').stderr).toBe('msgmon: rules test needs a rule id or --file FILE (one of them)\n');
    expect(run(home, 'rules', 'import').code).toBe(2);
    expect(run(home, 'rules', 'move', '1', '--seq', '-3').code).toBe(2);
    expect(run(home, '--read-only', 'rules', 'add', '--file', 'x.json').stderr).toBe(
      'msgmon: rules add changes the configuration: not allowed with --read-only (run it without --read-only; nothing was changed)\n',
    );
  });

  it('an invalid rule file is a clear error naming the rule and field, and changes nothing', () => {
    const home = tempHome();
    run(home, 'rules', 'add', '--file', ruleFile(home, 'ok.json', UPLOADS));
    const config = path.join(home, 'config.json');
    const before = fs.readFileSync(config, 'utf8');
    const cases: Array<[unknown, RegExp]> = [
      [
        [SILENCE, { description: 'Bad regex', match: { fields: [{ field: 'path', regex: '(unclosed' }] } }],
        /^msgmon: .*bad\.json: rule 2 \("Bad regex"\): match\.fields\.0\.regex: invalid regex "\(unclosed": .*; nothing was changed\n$/,
      ],
      [{ description: 'Typo', match: { msgid: 'FTP0020' } }, /rule 1 \("Typo"\): match: Unrecognized key: "msgid"/],
      [{ description: 'Sev', actions: { severity: 120 } }, /rule 1 \("Sev"\): actions\.severity: Too big/],
      [{ match: {} }, /rule 1 \(\(no description\)\): description: /],
      [{ description: 'Inquiry L', actions: { inquiry: true, log: 'L' } }, /actions\.log: an inquiry stays on the console/],
      [
        { description: 'When', match: { when: [{ from: '25:00', tz: 'Mars/Olympus' }] } },
        /match\.when\.0\.from: must be a time HH:MM.*match\.when\.0\.tz: unknown time zone/,
      ],
      [
        { description: 'Own test fails', match: { msgId: 'FTP0020' }, tests: [{ message: { msgId: 'FTP0021' }, expect: { match: true } }] },
        /rule 1 \("Own test fails"\): tests: test 1: expected match true, got false; nothing was changed/,
      ],
      ['{ "description": ', /bad\.json is not valid JSON/],
    ];
    for (const [content, want] of cases) {
      for (const cmd of [['add', '--file'], ['import']]) {
        const r = run(home, 'rules', ...cmd, ruleFile(home, 'bad.json', content));
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toMatch(want);
        expect(r.stderr.split('\n')).toHaveLength(2);
      }
    }
    expect(fs.readFileSync(config, 'utf8')).toBe(before);
    const broken = JSON.parse(before);
    broken.rules[0].match.fields = [{ field: 'x' }];
    fs.writeFileSync(config, JSON.stringify(broken));
    const ingest = run(home, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE);
    expect(ingest.code).toBe(1);
    expect(ingest.stderr).toMatch(
      /config\.json: rules\.0: rule 1 \(#1 "Highlight uploads"\): match\.fields\.0: needs a test: .*fix the file or remove the rule/,
    );
  });

  it('ingest applies the rules: L keeps messages in the log only, N discards (counted), inquiries resist remove, hits are counted', () => {
    const home = tempHome();
    run(home, 'rules', 'add', '--file', ruleFile(home, 'r.json', [UPLOADS, SILENCE, DROP, ASK]));
    const warn = run(tempHome(), 'rules', 'add', '--file', ruleFile(home, 'n.json', DROP));
    expect(warn.stderr).toMatch(/^warning: rule #1 "Drop connects" discards what it matches \(log option N\)/);
    const counts = json(home, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE);
    // 34 messages from lines and 3 FTP0041 of sessions the log leaves open (ended by vsftpd's idle timeout).
    expect(counts).toMatchObject({ messages: 37, ended: 3, discarded: 6, raised: 0, rules: 4 });
    const log = json(home, 'log', '--limit', '1000');
    expect(log).toHaveLength(31);
    expect(log.filter((m: any) => m.msgId === 'FTP0001')).toEqual([]);
    const listings = log.filter((m: any) => m.msgId === 'FTP0011');
    expect(listings.map((m: any) => m.console)).toEqual(['logonly', 'logonly', 'logonly', 'logonly']);
    expect(listings[0].rules).toEqual(['#2 Listings to the log only (log option L)']);
    const upload = log.find((m: any) => m.msgId === 'FTP0020');
    expect(upload).toMatchObject({ highlight: { color: 'red' }, inquiry: false, tags: [], rules: ['#1 Highlight uploads (log option Y)'] });
    const console = json(home, 'messages', '--limit', '1000');
    expect(console).toHaveLength(27);
    expect(console.some((m: any) => m.msgId === 'FTP0011')).toBe(false);
    const hits = json(home, 'rules', 'list');
    expect(hits.map((r: any) => [r.id, r.hits])).toEqual([
      [1, 2],
      [2, 4],
      [3, 6],
      [4, 1],
    ]);
    expect(hits[1].lastHit).toBe('2026-11-25T11:53:39.000Z');

    const inquiry = log.find((m: any) => m.msgId === 'FTP0030');
    expect(inquiry).toMatchObject({ inquiry: true, tags: ['rcmd'], console: 'shown' });
    const removed = run(home, 'remove', String(inquiry.id), String(upload.id));
    expect(removed.stdout).toBe(
      `Removed from the console: ${upload.id}\nNot removed, inquiries stay until acknowledged: ${inquiry.id} (msgmon ack ${inquiry.id})\n`,
    );
    expect(json(home, 'messages', '--limit', '1000').map((m: any) => m.id)).toContain(inquiry.id);
    run(home, 'ack', String(inquiry.id));
    expect(json(home, 'messages', '--limit', '1000').map((m: any) => m.id)).not.toContain(inquiry.id);
  });

  it('rules test replays the Activity Log through a rule or a file and changes nothing', () => {
    const home = tempHome();
    run(home, 'ingest', '--system', 'web1', '--format', 'vsftpd', FIXTURE);
    run(home, 'rules', 'add', '--file', ruleFile(home, 'r.json', SILENCE));
    const config = fs.readFileSync(path.join(home, 'config.json'), 'utf8');
    const before = json(home, 'log', '--limit', '1000');
    const t = json(home, 'rules', 'test', '1');
    expect(t).toMatchObject({ scanned: 37, matched: 4, raised: 0, changed: 0, perRule: { 1: 4 }, effects: { logOnly: 4, discarded: 0 } });
    expect(t.examples[0]).toMatchObject({ msgId: 'FTP0011', effects: ['Activity Log only (log option L)'] });
    const text = run(
      home,
      'rules',
      'test',
      '--file',
      ruleFile(home, 'q.json', {
        description: 'Session end text',
        match: { msgId: 'FTP0040' },
        actions: { text: 'FTP session of &USER ended', severity: 5 },
      }),
      '--examples',
      '1',
    ).stdout;
    expect(text).toContain('Rule "Session end text" over 37 messages of the Activity Log: would act on 3');
    expect(text).toContain('severity changed 3   text rewritten 3');
    expect(text).toMatch(
      /Examples:\n {2}#16 2026-11-25 11:53:35 web1 FTP0040 {2}FTP: User msgmon_ftp1 ended the session\n {6}text → FTP session of msgmon_ftp1 ended\n {6}severity 0 → 5; text rewritten\n\nNothing was changed\.\n$/,
    );
    expect(json(home, 'rules', 'test', '1', '--since', '2026-11-25T11:53:39Z').matched).toBe(2);
    expect(json(home, 'log', '--limit', '1000')).toEqual(before);
    expect(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).toBe(config);
    expect(json(home, 'rules', 'list')[0].hits).toBe(0);
  });

  it('every rules subcommand has --help with examples', () => {
    for (const sub of ['list', 'show', 'add', 'remove', 'enable', 'disable', 'move', 'export', 'import', 'test', 'suggest']) {
      const r = msgmon(['rules', sub, '--help']);
      expect(r.code, sub).toBe(0);
      expect(r.stdout, sub).toMatch(/Examples?:\n {2}msgmon rules /);
    }
  });
});

describe('rules in a running follower', () => {
  it('a rule saved while it runs acts on the next batch, without a restart', async () => {
    const dir = tempHome();
    const log = path.join(dir, 'v.log');
    const lines = fs.readFileSync(FIXTURE, 'utf8').split('\n');
    fs.writeFileSync(log, lines.slice(0, 60).join('\n') + '\n');
    const configFile = path.join(dir, 'config.json');
    const store = new MessageStore(path.join(dir, 'messages.db'));
    const catalog = Catalog.load();
    const notes: string[] = [];
    const step = RuleStep.fromConfig(catalog, configFile, (n) => notes.push(n));
    const pipe = new SourcePipeline(storeCommit(store, step), makeProcessor(FormatRegistry.load(), catalog, 'web1', ['vsftpd'], 'vsftpd'), 'f');
    const follower = new LocalSourceReader(log, null, { follow: true, fromEnd: false }, (chunk) => pipe.chunk(chunk));
    try {
      await follower.start();
      const first = store.lastId();
      new ConfigStore(configFile).update((c) => void c.rules.push({ id: 1, seq: 10, description: 'Quiet', enabled: true, match: {}, actions: { log: 'L' } }));
      fs.appendFileSync(log, lines.slice(60).join('\n'));
      await follower.poll();
      const later = store.scan({}, first, 1000);
      expect(later.length).toBeGreaterThan(5);
      expect(later.every((m) => m.console === 'logonly' && m.rules[0] === '#1 Quiet (log option L)')).toBe(true);
      expect(store.scan({}, 0, first).every((m) => m.console === 'shown')).toBe(true);
      // A broken edit keeps the rules in force and says why.
      fs.writeFileSync(configFile, JSON.stringify({ version: 1, rules: [{ id: 1, description: 'x', match: { msgid: 'A' } }] }));
      fs.appendFileSync(log, '\n' + lines[0]);
      await follower.poll();
      expect(store.get(store.lastId())!.console).toBe('logonly');
      expect(notes.join('\n')).toMatch(/rules not reloaded, the previous rules stay in force: .*config\.json: rules\.0: rule 1 \(#1 "x"\)/);
    } finally {
      follower.close();
      store.close();
    }
  });
});
