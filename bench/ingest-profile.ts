// Where ingest's time goes, one stage at a time over the same generated vsftpd log, in one process:
//   read + split lines · parse · sessions · rules · chain hash · SQLite rows · indexes · FTS
// Each stage is timed alone (CPU time of this process, so other load on the machine counts less), and the store
// stages commit the same messages three times into fresh stores: rows only, rows + indexes, rows + indexes + FTS,
// so each figure is what that part adds. Seconds per 1M lines, so the next bottleneck is visible.
//   node dist/bench/ingest-profile.js FILE [--rules N]   → one JSON object on stdout
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Catalog } from '../src/catalog/catalog.js';
import { LocalFileReader } from '../src/collectors/local-file.js';
import type { NewMessage } from '../src/core/types.js';
import { FormatRegistry } from '../src/formats/registry.js';
import { makeProcessor } from '../src/pipeline/make-processor.js';
import { RuleStep } from '../src/pipeline/rule-step.js';
import { parseConfigRules } from '../src/rules/rule-file.js';
import { chainLink, GENESIS } from '../src/store/chain.js';
import { sealEvidence } from '../src/store/message-row.js';
import { MessageStore } from '../src/store/message-store.js';
import { MESSAGE_INDEXES } from '../src/store/schema.js';
import { benchRules } from './rules-500.js';

/** Seconds of each stage for the whole file. */
export interface ProfileResult {
  lines: number;
  messages: number;
  rules: number;
  seconds: { read: number; parse: number; sessions: number; rules: number; hash: number; rows: number; indexes: number; fts: number };
}

/** The stages in the order a line goes through them, with the words the bench rows use. */
export const STAGES: Array<[keyof ProfileResult['seconds'], string]> = [
  ['read', 'read + split lines'],
  ['parse', 'parse (format regexes)'],
  ['sessions', 'sessions + message text'],
  ['rules', 'rules'],
  ['hash', 'chain hash (evidence + SHA-256)'],
  ['rows', 'SQLite insert (rows, cursor, sessions table)'],
  ['indexes', 'SQLite indexes'],
  ['fts', 'FTS (text index)'],
];

/** CPU seconds (user + system) `f` takes. */
function cpu(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1e6;
}

/** Every chunk of lines of the file, as the ingest reader gives them. */
function readAll(file: string): { chunks: Parameters<ReturnType<typeof makeProcessor>['process']>[0][]; lines: number } {
  const reader = new LocalFileReader(file, null);
  const chunks = [];
  let lines = 0;
  try {
    for (let c = reader.next(); c; c = reader.next()) {
      chunks.push(c.lines);
      lines += c.lines.length;
    }
  } finally {
    reader.close();
  }
  return { chunks, lines };
}

/** Commits `batches` into a fresh store shaped by `shape`; CPU seconds of the commits only. */
function storeInto(batches: NewMessage[][], shape: 'rows' | 'indexes' | 'fts'): number {
  const dir = mkdtempSync(join(tmpdir(), 'msgmon-profile-'));
  try {
    const store = new MessageStore(join(dir, 'messages.db'));
    if (shape === 'rows') for (const name of MESSAGE_INDEXES) store.db.exec(`DROP INDEX ${name}`);
    // Without the text index: a view that swallows the commit's insert into it (a trigger call per row, about nothing).
    if (shape !== 'fts')
      store.db.exec(`DROP TABLE messages_fts; CREATE VIEW messages_fts(rowid, text) AS SELECT NULL, NULL WHERE 0;
        CREATE TRIGGER messages_fts_off INSTEAD OF INSERT ON messages_fts BEGIN SELECT 1; END;`);
    let offset = 0;
    const s = cpu(() => {
      for (const b of batches) store.commit(b, { source: 'profile', inode: '1:1', offset: (offset += 1) }, [], { source: 'profile', state: '{}' });
    });
    store.close();
    return s;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Profiles the ingest of `file` (vsftpd) with `ruleCount` generated rules. */
export function profile(file: string, ruleCount: number): ProfileResult {
  const registry = FormatRegistry.load();
  const catalog = Catalog.load();
  let read!: ReturnType<typeof readAll>;
  const readS = cpu(() => (read = readAll(file)));
  const parser = registry.parser(['vsftpd']);
  const parseS = cpu(() => {
    for (const chunk of read.chunks) for (const l of chunk) parser.parse(l.text);
  });
  const proc = makeProcessor(registry, catalog, 'bench', ['vsftpd'], 'vsftpd');
  const batches: NewMessage[][] = [];
  const procS = cpu(() => {
    // Batches as ingest commits them: 5000 messages.
    let pending: NewMessage[] = [];
    for (const chunk of read.chunks) {
      for (const m of proc.process(chunk)) pending.push(m);
      if (pending.length >= 5000) batches.push(pending), (pending = []);
    }
    batches.push([...pending, ...proc.idleEnds(Date.now())]);
  });
  const rules = new RuleStep(
    catalog,
    parseConfigRules(
      benchRules(ruleCount).map((r, i) => ({ id: i + 1, enabled: true, ...r })),
      'bench rules',
    ),
  );
  const rulesS = cpu(() => {
    // What the rules make of a batch is not kept: the store stages store every message, as an ingest without rules does.
    for (const b of batches) rules.apply(b);
  });
  const hashS = cpu(() => {
    let prev = GENESIS;
    let id = 0;
    for (const b of batches) for (const m of b) prev = chainLink(prev, ++id, sealEvidence(m).json);
  });
  // The least of two runs per shape, alternating: the differences between shapes are small next to a busy machine's noise.
  const best = { rows: Infinity, indexes: Infinity, fts: Infinity };
  for (let run = 0; run < 2; run++) for (const shape of ['rows', 'indexes', 'fts'] as const) best[shape] = Math.min(best[shape], storeInto(batches, shape));
  const { rows: rowsS, indexes: indexesS, fts: ftsS } = best;
  return {
    lines: read.lines,
    messages: batches.reduce((n, b) => n + b.length, 0),
    rules: ruleCount,
    seconds: {
      read: readS,
      parse: parseS,
      sessions: Math.max(0, procS - parseS),
      rules: rulesS,
      hash: hashS,
      // The commits hash the chain themselves: what the rows add is the rest.
      rows: Math.max(0, rowsS - hashS),
      indexes: Math.max(0, indexesS - rowsS),
      fts: Math.max(0, ftsS - indexesS),
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: ingest-profile.js FILE [--rules N]');
  const i = process.argv.indexOf('--rules');
  const r = profile(file, i < 0 ? 0 : Number(process.argv[i + 1]));
  process.stdout.write(JSON.stringify(r) + '\n');
}
