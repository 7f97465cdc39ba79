// `msgmon rules test` (replay the Activity Log through rules, change nothing) and `rules suggest` (find
// automatic FTP scripts and print ready-to-import log-only rules with the evidence).
import fs from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { parseTimeSpec } from '../core/time.js';
import { sanitizeForTerminal } from '../core/sanitize.js';
import type { Rule } from '../core/rule-types.js';
import { replayRules, suggestRules, type ReplayScope } from '../pipeline/rule-replay.js';
import { assignIds } from '../rules/rule-list.js';
import { periodText } from '../rules/suggest.js';
import type { CliContext } from './context.js';
import { print, printJson } from './output.js';
import { progressBar } from './progress.js';
import { configRules, findRule, ruleId } from './rule-config.js';
import { parseRuleFile } from '../rules/rule-file.js';

const n = (v: number) => v.toLocaleString('en-US');
const iso = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

function time(spec: string | undefined, opt: string): number | undefined {
  if (spec === undefined) return undefined;
  const t = parseTimeSpec(spec);
  if (t === null) throw new UsageError(`${opt} '${spec}' is not a time: use an ISO time (2026-11-25T10:00) or 15m, 24h, 7d`);
  return t;
}

function whole(s: string, opt: string, min: number): number {
  const v = Number(s);
  if (!Number.isInteger(v) || v < min) throw new UsageError(`${opt} '${s}' must be a whole number of ${min} or more`);
  return v;
}

interface ScopeOpts {
  since?: string;
  until?: string;
  system?: string;
  json?: boolean;
}

function scope(o: ScopeOpts, label: string): { scope: ReplayScope; done(): void } {
  const bar = progressBar(label, !o.json && process.stderr.isTTY === true);
  return { scope: { since: time(o.since, '--since'), until: time(o.until, '--until'), system: o.system, onProgress: bar.update }, done: bar.done };
}

/** The Activity Log window both replays read: --since, --until, --system. */
function withScope(cmd: Command): Command {
  return cmd
    .option('--since <time>', 'ISO time or 15m/24h/7d ago')
    .option('--until <time>', 'ISO time or 15m/24h/7d ago')
    .option('--system <name>', 'only messages of this system');
}

/** Registers `rules test` and `rules suggest` under the rules command. */
export function registerRuleReplay(rules: Command, ctx: () => CliContext): void {
  withScope(rules.command('test'))
    .description('replay the Activity Log through a rule (or a rule file) and show what it would do; changes nothing')
    .argument('[id]', 'rule id (from rules list); disabled rules are tested as if enabled')
    .option('--file <file>', 'test the rule(s) of a file instead (not saved)')
    .option('--examples <n>', 'how many example messages to show', '5')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon rules test 20 --since 7d
  msgmon rules test --file new-rule.json --since 24h
  msgmon rules test 20 --json | jq .matched`,
    )
    .action((id: string | undefined, o: ScopeOpts & { file?: string; examples: string }) => {
      const c = ctx();
      if (!id === !o.file) throw new UsageError('rules test needs a rule id or --file FILE (one of them)');
      let tested: Rule[];
      if (o.file) {
        if (!fs.existsSync(o.file)) throw new UsageError(`cannot read ${o.file}: no such file`);
        tested = assignIds([], parseRuleFile(fs.readFileSync(o.file, 'utf8'), o.file));
      } else tested = [findRule(configRules(c), ruleId(id!))];
      const s = scope(o, 'rules test');
      const r = replayRules(c.store, c.catalog, tested, s.scope, whole(o.examples, '--examples', 0));
      s.done();
      if (o.json) return printJson({ rules: tested.map((t) => ({ id: t.id, description: t.description })), ...r, changed: 0 });
      const e = r.effects;
      const what = tested.length === 1 ? `Rule ${o.file ? '' : `#${tested[0]!.id} `}"${tested[0]!.description}"` : `${tested.length} rules of ${o.file}`;
      const out = [
        `${what} over ${n(r.scanned)} messages of the Activity Log: would act on ${n(r.matched)}`,
        `  Activity Log only (L) ${n(e.logOnly)}   discarded (N) ${n(e.discarded)}   severity changed ${n(e.severity)}   text rewritten ${n(e.rewritten)}`,
        `  highlighted ${n(e.highlighted)}   inquiries ${n(e.inquiries)}   tagged ${n(e.tagged)}   notify ${n(e.notified)}   MON0030 raised ${n(r.raised)}`,
      ];
      if (r.examples.length) out.push('', 'Examples:');
      for (const x of r.examples) {
        out.push(`  ${x.id === null ? '(new)' : `#${x.id}`} ${iso(x.time)} ${x.system} ${x.msgId}  ${sanitizeForTerminal(x.before)}`);
        if (x.after !== x.before) out.push(`      text → ${sanitizeForTerminal(x.after)}`);
        out.push(`      ${x.effects.join('; ') || 'rule acted (log option Y, no change)'}`);
      }
      out.push('', 'Nothing was changed.');
      print(out.join('\n') + '\n');
    });

  withScope(rules.command('suggest'))
    .description('find automatic FTP scripts (same system/user/client and command sequence, regular period, machine speed) and propose log-only rules')
    .option('--min-sessions <n>', 'sessions with the same sequence needed', '5')
    .option('--json', 'print { "rules": [...], "evidence": [...] }: a rule file rules import takes as it is')
    .addHelpText(
      'after',
      `
Examples:
  msgmon rules suggest --since 7d
  msgmon rules suggest --json > scripts.json && msgmon rules import scripts.json`,
    )
    .action((o: ScopeOpts & { minSessions: string }) => {
      const c = ctx();
      const s = scope(o, 'rules suggest');
      const r = suggestRules(c.store, s.scope, { minSessions: whole(o.minSessions, '--min-sessions', 2) });
      s.done();
      if (o.json) {
        return printJson({
          scanned: r.scanned,
          sessions: r.sessions,
          rules: r.suggestions.flatMap((x) => [x.rule, x.watch]),
          evidence: r.suggestions.map((x) => ({
            ...x.evidence,
            first: new Date(x.evidence.first).toISOString(),
            last: new Date(x.evidence.last).toISOString(),
          })),
        });
      }
      const out = [
        `Found ${r.suggestions.length} automatic FTP script${r.suggestions.length === 1 ? '' : 's'} in ${n(r.scanned)} messages (${n(r.sessions)} sessions).`,
      ];
      r.suggestions.forEach(({ rule, watch, evidence: ev }, i) => {
        out.push(
          '',
          `${i + 1}. ${ev.user} from ${ev.client} on ${ev.system}: ${n(ev.sessions)} of its ${n(ev.allSessions)} sessions repeat one sequence every ${periodText(ev.periodMs)} ` +
            `(${(ev.regular * 100).toFixed(1)} % on time), messages ${n(ev.medianGapMs)} ms apart (median)`,
          `   first ${iso(ev.first)}, last ${iso(ev.last)} UTC; the sequence (digits shown as #):`,
          ...ev.sequence.map((step) => `     ${sanitizeForTerminal(step)}`),
          `   sample session: msgmon log --session ${ev.sampleSession}`,
          `   rule: ${JSON.stringify(rule)}`,
          `   watch (SEC0011 when it stops): ${JSON.stringify(watch)}`,
        );
      });
      if (r.suggestions.length) out.push('', 'Import them: msgmon rules suggest --json > scripts.json && msgmon rules import scripts.json');
      print(out.join('\n') + '\n');
    });
}
