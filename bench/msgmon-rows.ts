// msgmon's side of the table. `msgmon ingest` is run as the CLI a user would run, in a fresh home per run;
// when the CLI is missing or fails the cell says "error: …" with its first stderr line, and rows whose
// msgmon feature does not exist yet say "pending: …" so the gaps stay visible.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMeasured, type Baseline } from './baselines.js';
import { firstErrorLine, runTimed, spread } from './measure.js';
import { storeRows, type StoreCtx, type StoreRun } from './store-rows.js';
import type { Cell, Row } from './table.js';
import { benchRules } from './rules-500.js';
import { parseRuleFile } from '../src/rules/rule-file.js';
import { DETECTION_RULES_FILE } from '../src/rules/rule-list.js';
import { sshRows, sshRuns, type SshRuns } from './ssh-rows.js';
import { profileRows } from './profile-rows.js';
import { notifyRows, notifyRuns, type NotifyRuns } from './notify-rows.js';
import type { ProfileResult } from './ingest-profile.js';

/** How many enabled rules the "with rules" row runs. */
const RULES = 500;

/** What the msgmon rows need: the file, the run count and the baselines already measured on that file. */
export interface MsgmonCtx {
  file: string;
  lines: number;
  runs: number;
  workDir: string;
  /** Repository root (dist/src/cli.js is looked up under it). */
  root: string;
  baselines: { cat: Baseline; wc: Baseline; grep: Baseline; loop: Baseline; fail2ban: Baseline; sec: Baseline };
  /** The store rows' own settings (sizes, cache, seed). */
  store: StoreCtx;
}

/** Lines appended one by one for the SSH latency row. */
export const sshAppends = (quick: boolean): number => (quick ? 50 : 200);

/** Raw result of the ingest runs, kept in results.json. */
export interface IngestRuns {
  linesPerSec?: number[];
  rssMb?: number[];
  output?: unknown;
  status?: string;
}

const lps = (b: Baseline): Cell => (isMeasured(b) ? { median: b.linesPerSec, min: b.min, max: b.max, unit: 'l/s' } : { status: b.status });
const rssOf = (b: Baseline): Cell => (isMeasured(b) && b.rssRuns?.length ? { ...spread(b.rssRuns), unit: 'MB' } : null);

/** Run `msgmon ingest --json` `runs` times on the file; any failure ends the attempt with a status. */
export async function runIngest(
  ctx: Pick<MsgmonCtx, 'file' | 'lines' | 'runs' | 'workDir' | 'root'>,
  rulesFile?: string,
  expectRules: number = RULES,
): Promise<IngestRuns> {
  const cli = join(ctx.root, 'dist', 'src', 'cli.js');
  if (!existsSync(cli)) return { status: 'error: dist/src/cli.js not built' };
  const rates: number[] = [];
  const rss: number[] = [];
  let output: unknown;
  for (let i = 0; i < ctx.runs; i++) {
    const home = mkdtempSync(join(ctx.workDir, 'home-'));
    try {
      if (rulesFile) {
        // Installing the rules is set-up, not part of the timed ingest.
        const imp = await runTimed(process.execPath, [cli, '--home', home, 'rules', 'import', rulesFile, '--json']);
        if (imp.code !== 0) return { status: `error: rules import: ${firstErrorLine(imp.stderr, `exit ${imp.code}`)}` };
      }
      const t = await runTimed(process.execPath, [cli, 'ingest', '--home', home, '--system', 'bench', '--format', 'vsftpd', ctx.file, '--json']);
      if (t.code !== 0) return { status: `error: ${firstErrorLine(t.stderr, `exit ${t.code}`)}` };
      const o = lastJson(t.stdout);
      if (!o) return { status: `error: no JSON on stdout (${firstErrorLine(t.stdout, 'empty')})` };
      if (o.lines !== ctx.lines) return { status: `error: ingest reported lines=${String(o.lines)}, file has ${ctx.lines}` };
      if (rulesFile && o.rules !== expectRules) return { status: `error: ingest ran with rules=${String(o.rules)}, expected ${expectRules}` };
      output ??= o;
      rates.push(ctx.lines / (t.wallMs / 1000));
      if (t.maxRssKb !== undefined) rss.push(t.maxRssKb / 1024);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  return { linesPerSec: rates, rssMb: rss, output };
}

/** The last line of stdout that is a JSON object (the CLI may print progress before it). */
function lastJson(stdout: string): Record<string, unknown> | undefined {
  const whole = stdout.trim();
  for (const candidate of [whole, ...whole.split('\n').reverse()]) {
    try {
      const v: unknown = JSON.parse(candidate);
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** The local ingest runs as a cell (the SSH throughput row's baseline too). */
export const ingestCell = (ingest: IngestRuns): Cell =>
  ingest.linesPerSec?.length ? { ...spread(ingest.linesPerSec), unit: 'l/s' } : { status: ingest.status ?? 'error: no runs' };

/** All msgmon rows, in the issue's order, with the ingest runs' raw data for results.json. */
export async function msgmonRows(
  ctx: MsgmonCtx,
): Promise<{ rows: Row[]; ingest: IngestRuns; stores: StoreRun[]; ssh: SshRuns; profile?: ProfileResult; notify: NotifyRuns }> {
  const ingest = await runIngest(ctx);
  const rulesFile = join(ctx.workDir, `rules-${RULES}.json`);
  writeFileSync(rulesFile, JSON.stringify({ rules: benchRules(RULES) }, null, 2));
  const withRules = await runIngest(ctx, rulesFile);
  // The built-in threat detections (data/rules/detections.json), every one enabled.
  const detections = parseRuleFile(readFileSync(DETECTION_RULES_FILE, 'utf8'), DETECTION_RULES_FILE);
  const withDetections = await runIngest(ctx, DETECTION_RULES_FILE, detections.length);
  ctx.store.log('ingest with notifications (local webhook, digest on)');
  const notify = await notifyRuns({ root: ctx.root, workDir: ctx.workDir, runs: ctx.runs, quick: ctx.store.quick });
  ctx.store.log('ingest profile (stage by stage)');
  const profile = await profileRows({ file: ctx.file, root: ctx.root, rules: RULES });
  const b = ctx.baselines;
  const ing = ingestCell(ingest);
  const rss: Cell = ingest.rssMb?.length ? { ...spread(ingest.rssMb), unit: 'MB' } : ingest.status ? { status: ingest.status } : null;
  ctx.store.log('SSH collector (private sshd on 127.0.0.1)');
  const ssh = await sshRuns({
    file: ctx.file,
    lines: ctx.lines,
    runs: ctx.runs,
    workDir: ctx.workDir,
    root: ctx.root,
    appends: sshAppends(ctx.store.quick),
    quick: ctx.store.quick,
    log: ctx.store.log,
  });
  const rows: Row[] = [
    { work: 'ingest vs cat FILE > /dev/null', msgmon: ing, baseline: lps(b.cat) },
    { work: 'ingest vs wc -l', msgmon: ing, baseline: lps(b.wc) },
    { work: "ingest vs grep -c 'OK UPLOAD'", msgmon: ing, baseline: lps(b.grep) },
    { work: 'ingest vs plain Node loop', msgmon: ing, baseline: lps(b.loop), target: { on: 'ratio', op: '>=', value: 0.7, label: '>= 0.70x' } },
    { work: 'ingest vs fail2ban-regex', msgmon: ing, baseline: lps(b.fail2ban), target: { on: 'ratio', op: '>=', value: 4, label: '>= 4x' } },
    { work: 'ingest vs SEC', msgmon: ing, baseline: lps(b.sec), target: { on: 'ratio', op: '>=', value: 10, label: '>= 10x' } },
    {
      work: 'ingest lines/s (1M-line vsftpd log)',
      msgmon: ing,
      baseline: null,
      target: { on: 'msgmon', op: '>=', value: 300000, label: '>= 300k l/s', minLines: 1000000 },
    },
    { work: 'ingest peak RSS vs plain loop', msgmon: rss, baseline: rssOf(b.loop), target: { on: 'msgmon', op: '<=', value: 150, label: '<= 150 MB' } },
    {
      work: 'ingest 500 rules vs 0 rules',
      msgmon: withRules.linesPerSec?.length ? { ...spread(withRules.linesPerSec), unit: 'l/s' } : { status: withRules.status ?? 'error: no runs' },
      baseline: ing,
      target: { on: 'ratio', op: '>=', value: 0.7, label: '>= 0.70x' },
    },
    {
      work: 'ingest all default detections vs 0 rules',
      msgmon: withDetections.linesPerSec?.length
        ? { ...spread(withDetections.linesPerSec), unit: 'l/s' }
        : { status: withDetections.status ?? 'error: no runs' },
      baseline: ing,
      target: { on: 'ratio', op: '>=', value: 0.8, label: '>= 0.80x' },
    },
    ...notifyRows(notify, ctx.store.quick),
    ...profile.rows,
    ...sshRows(ssh, ing),
  ];
  const store = await storeRows(ctx.store);
  rows.push(...store.rows);
  return { rows, ingest, stores: store.stores, ssh, profile: profile.profile, notify };
}
