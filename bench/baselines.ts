// Baselines measured in the same run on the same file as msgmon: the machine's floor (cat, wc, grep), the
// language's floor (plain Node loop) and the peers (fail2ban-regex, SEC). A tool that is absent gives
// {status: 'not installed'}; a tool whose output shows it did not do the work gives {status: 'error: …'}.
import { closeSync, existsSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VSFTPD_KINDS } from './line-kinds.js';
import { onPath, runTimed, spread, type Timed } from './measure.js';
import { plainLoop, type LoopResult } from './plain-loop.js';

/** A measured baseline: lines/s per run (median first), peak RSS over the runs. */
export interface Measured {
  name: string;
  linesPerSec: number;
  runs: number[];
  min: number;
  max: number;
  maxRssMb?: number;
  /** Peak RSS of each run, MB. */
  rssRuns?: number[];
  note?: string;
}
/** A baseline that could not be measured, and why. */
export interface Unmeasured {
  name: string;
  status: string;
}
/** Either kind of baseline result. */
export type Baseline = Measured | Unmeasured;

/** What every baseline needs to know. */
export interface BaselineCtx {
  file: string;
  lines: number;
  runs: number;
  workDir: string;
  /** dist/bench, where plain-loop.js lives. */
  benchDist: string;
}

/** Debian's shipped vsftpd filter (failregex on FAIL LOGIN). */
export const F2B_FILTER = '/etc/fail2ban/filter.d/vsftpd.conf';
// The default detectors find vsftpd's date too, but an explicit pattern keeps working whatever the year.
const F2B_DATE = '{^LN-BEG}%a %b %d %H:%M:%S %Y';

/** True for a baseline that has numbers. */
export const isMeasured = (b: Baseline | undefined): b is Measured => !!b && 'linesPerSec' in b;

/** Run `runs` times; `check` returns a complaint when the output shows the tool did not do the work. */
async function repeat(
  name: string,
  ctx: BaselineCtx,
  cmd: string,
  args: string[],
  check: (t: Timed) => string | null,
  stdout: 'null' | 'pipe' = 'pipe',
): Promise<{ result: Baseline; first?: Timed }> {
  const rates: number[] = [];
  const rssRuns: number[] = [];
  let first: Timed | undefined;
  for (let i = 0; i < ctx.runs; i++) {
    const t = await runTimed(cmd, args, { stdout });
    first ??= t;
    const bad = check(t);
    if (bad) return { result: { name, status: `error: ${bad}` }, first };
    rates.push(ctx.lines / (t.wallMs / 1000));
    if (t.maxRssKb !== undefined) rssRuns.push(t.maxRssKb / 1024);
  }
  const s = spread(rates);
  const maxRssMb = rssRuns.length ? Math.max(...rssRuns) : undefined;
  return { result: { name, linesPerSec: s.median, runs: rates, min: s.min, max: s.max, maxRssMb, rssRuns }, first };
}

const exitOk = (t: Timed): string | null => (t.code === 0 ? null : `exit ${t.code}: ${t.stderr.trim().split('\n')[0] ?? ''}`);

/** `cat FILE > /dev/null`: reading the bytes, nothing else. */
export async function catBaseline(ctx: BaselineCtx): Promise<Baseline> {
  return (await repeat('cat FILE > /dev/null', ctx, 'cat', [ctx.file], exitOk, 'null')).result;
}

/** `wc -l FILE`: reading plus finding newlines. */
export async function wcBaseline(ctx: BaselineCtx): Promise<Baseline> {
  return (
    await repeat('wc -l FILE', ctx, 'wc', ['-l', ctx.file], (t) => exitOk(t) ?? (parseInt(t.stdout, 10) === ctx.lines ? null : `wc counted ${t.stdout.trim()}`))
  ).result;
}

/** `grep -c 'OK UPLOAD' FILE`: one fixed-string search per line. */
export async function grepBaseline(ctx: BaselineCtx): Promise<Baseline> {
  const r = await repeat("grep -c 'OK UPLOAD' FILE", ctx, 'grep', ['-c', 'OK UPLOAD', ctx.file], exitOk);
  if (isMeasured(r.result)) r.result.note = `${r.first?.stdout.trim()} matches`;
  return r.result;
}

/** The plain Node loop (own process, same start-up cost as `msgmon ingest`); also yields the per-kind counts
 * the peers are checked against. */
export async function nodeLoopBaseline(ctx: BaselineCtx): Promise<{ result: Baseline; counts?: LoopResult }> {
  let counts: LoopResult | undefined;
  const r = await repeat(
    `plain Node loop (${VSFTPD_KINDS.length} regexes, no store)`,
    ctx,
    process.execPath,
    [join(ctx.benchDist, 'plain-loop.js'), ctx.file],
    (t) => {
      if (t.code !== 0) return exitOk(t);
      const o = JSON.parse(t.stdout) as LoopResult;
      counts ??= o;
      if (o.lines !== ctx.lines) return `loop read ${o.lines} lines`;
      return null;
    },
  );
  if (isMeasured(r.result) && counts && counts.unmatched > 0) r.result.note = `${counts.unmatched} lines matched no regex`;
  return { result: r.result, counts };
}

/** fail2ban-regex with Debian's vsftpd filter; its "Lines: … matched" must equal the FAIL LOGIN count. */
export async function fail2banBaseline(ctx: BaselineCtx, failLogins: number | undefined): Promise<Baseline> {
  const name = 'fail2ban-regex (Debian vsftpd filter)';
  if (!onPath('fail2ban-regex') || !existsSync(F2B_FILTER)) return { name, status: 'not installed' };
  let matched = -1;
  const r = await repeat(name, ctx, 'fail2ban-regex', ['-d', F2B_DATE, ctx.file, F2B_FILTER], (t) => {
    if (t.code !== 0) return exitOk(t);
    const m = /Lines: (\d+) lines, (\d+) ignored, (\d+) matched, (\d+) missed/.exec(t.stdout);
    if (!m) return 'no "Lines:" summary in its output';
    if (Number(m[1]) !== ctx.lines) return `read ${m[1]} of ${ctx.lines} lines`;
    matched = Number(m[3]);
    if (failLogins !== undefined && matched !== failLogins) return `matched ${matched}, file has ${failLogins} FAIL LOGIN`;
    return null;
  });
  if (isMeasured(r.result)) r.result.note = `${matched} FAIL LOGIN matched`;
  return r.result;
}

// SEC as a peer: one Single rule per vsftpd line kind, the same regexes the plain loop uses (Perl reads them
// unchanged), first match wins (continue=DontCont is SEC's default), as in a parser.
/** SEC, one Single rule per line kind; a small sample first proves each rule matches what the loop does. */
export async function secBaseline(ctx: BaselineCtx): Promise<Baseline> {
  const name = `SEC (${VSFTPD_KINDS.length} Single rules)`;
  if (!onPath('sec')) return { name, status: 'not installed' };
  const bad = await secVerify(ctx.file, ctx.workDir);
  if (bad) return { name, status: `error: ${bad}` };
  const conf = join(ctx.workDir, 'sec.conf');
  writeFileSync(conf, secConfig('none'));
  return (await repeat(name, ctx, 'sec', [`--conf=${conf}`, `--input=${ctx.file}`, '--notail', '--nointevents'], exitOk)).result;
}

/** Rule file text; 'write' makes each rule print its kind so a run can be checked, 'none' is for timing. */
export function secConfig(action: 'none' | 'write'): string {
  return VSFTPD_KINDS.map((k) =>
    ['type=Single', 'ptype=RegExp', `pattern=${k.re.source}`, `desc=${k.name}`, `action=${action === 'none' ? 'none' : `write - ${k.name}`}`, ''].join('\n'),
  ).join('\n');
}

/** Check SEC classifies the first ~5000 lines exactly like the plain loop; null when it does. */
export async function secVerify(file: string, workDir: string): Promise<string | null> {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.subarray(0, n).toString('utf8');
  const all = text.split('\n');
  all.pop(); // a cut-off line or the empty string after the last newline
  const lines = all.slice(0, 5000);
  const sample = join(workDir, 'sec-sample.log');
  writeFileSync(
    sample,
    lines
      .filter((l) => l)
      .map((l) => l + '\n')
      .join(''),
  );
  const conf = join(workDir, 'sec-verify.conf');
  writeFileSync(conf, secConfig('write'));
  const t = await runTimed('sec', [`--conf=${conf}`, `--input=${sample}`, '--notail', '--nointevents']);
  if (t.code !== 0) return `sec exit ${t.code}: ${t.stderr.trim().split('\n')[0] ?? ''}`;
  const got: Record<string, number> = {};
  for (const k of t.stdout.split('\n')) if (k) got[k] = (got[k] ?? 0) + 1;
  const want = (await plainLoop(sample)).kinds;
  for (const k of VSFTPD_KINDS) {
    if ((got[k.name] ?? 0) !== want[k.name]) return `SEC matched ${got[k.name] ?? 0} ${k.name}, loop ${want[k.name]}`;
  }
  return null;
}
