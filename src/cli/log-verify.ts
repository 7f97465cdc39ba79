// `msgmon log verify`: recomputes the Activity Log's hash chain (or checks an export) and names each broken row.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { verifyChain, type VerifyAnchor, type VerifyResult } from '../store/chain-verify.js';
import type { CliContext } from './context.js';
import { time } from './messages.js';
import { print, printJson } from './output.js';
import { progressBar } from './progress.js';

const n = (v: number) => v.toLocaleString('en-US');
const iso = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

/** Where the check started, for people. */
export function anchorText(a: VerifyAnchor, r: { chain: VerifyResult['chain'] }): string {
  const cp = r.chain.checkpoint;
  if (a.kind === 'genesis') return 'from the start of the log';
  if (a.kind === 'checkpoint') {
    return `from the retention checkpoint: row ${a.id} ${a.hash} (rows up to ${a.id} pruned, ${n(cp.pruned)} messages${cp.time ? `, last on ${iso(cp.time)} UTC` : ''})`;
  }
  return `from row ${a.id} ${a.hash} (the row before the first message of --since), trusted as stored`;
}

function printResult(r: VerifyResult): void {
  const span = r.first === null ? 'no messages to check' : `${n(r.checked)} messages checked (ids ${r.first}-${r.last ?? r.first})`;
  const out: string[] = [];
  if (r.ok) out.push(`Activity Log intact: ${span}, ${anchorText(r.from, r)}.`);
  else {
    out.push(`Activity Log chain BROKEN at row ${r.problems[0]!.id}: ${r.problems[0]!.detail}`);
    for (const p of r.problems.slice(1)) out.push(`  ${p.detail}`);
    if (r.problemCount > r.problems.length) out.push(`  … and ${n(r.problemCount - r.problems.length)} more`);
    out.push(`${n(r.problemCount)} problem${r.problemCount === 1 ? '' : 's'}; ${span}, ${anchorText(r.from, r)}.`);
  }
  out.push(`Chain head: row ${r.chain.head.id} ${r.chain.head.hash}`);
  print(out.join('\n') + '\n');
}

/** Registers `log verify` under the log command. */
export function registerLogVerify(log: Command, ctx: () => CliContext): void {
  log
    .command('verify')
    .description('recompute the hash chain of the Activity Log (or check an export): exit 0 intact, 1 when a row was altered, inserted or deleted')
    .option('--since <time>', 'start at the first message at or after this time (ISO time or 15m/24h/7d ago)')
    .option('--export <file>', 'check an export file of msgmon log export instead of the store (no home needed)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon log verify                       the whole chain, from the start (or the retention checkpoint)
  msgmon log verify --since 7d            only what was stored from 7 days ago on
  msgmon log verify --export audit.csv    an export, offline
  msgmon log verify --json | jq .problems
The first broken row is named by id, e.g. "row 17 was altered: its content does not match its hash".
Console state and acknowledgements are not part of the chain (operators change them).`,
    )
    .action(async (_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ since?: string; export?: string; json?: boolean }>();
      if (o.export !== undefined) {
        if (o.since !== undefined) throw new UsageError('--since does not apply to --export: an export is checked whole');
        const { verifyExportFile } = await import('./export-verify.js');
        return verifyExportFile(o.export, o.json ?? false);
      }
      const c = ctx();
      const bar = progressBar('Verifying', !o.json && process.stderr.isTTY === true);
      const opts = { since: time(o.since, '--since'), progress: (d: number, t: number) => bar.update(d, t) };
      const r = c.pg ? c.pg.verify(opts) : verifyChain(c.store.db, opts);
      bar.done();
      if (o.json) printJson(r);
      else printResult(r);
      if (!r.ok) process.exitCode = 1;
    });
}
