// `msgmon rules list|show|add|remove|enable|disable|move|export|import`: the automated responses in the
// configuration. The changes are the rule service's (services/rule-service.ts), the same as on screen: every rule
// is validated whole (schema, then its own inline tests) before anything is saved.
import fs from 'node:fs';
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import type { Rule, RuleDraft } from '../core/rule-types.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { actionSummary, actionWord, DEFAULT_RULES_FILE, DETECTION_RULES_FILE, msgIdSummary, ordered } from '../rules/rule-list.js';
import type { CliContext } from './context.js';
import { print, printData, printJson, printTable } from './output.js';
import { registerRuleReplay } from './rules-replay.js';
import { configRules, findRule, ruleId } from './rule-config.js';
import { ruleServiceOf } from './services-of.js';

const n = (v: number) => v.toLocaleString('en-US');
const when = (t: number | null | undefined) => (t == null ? '' : new Date(t).toISOString().slice(0, 19).replace('T', ' '));

/** The rules of a rule file, checked by the schema (their inline tests run when they are added). */
function draftsFrom(file: string): RuleDraft[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return parseRuleFile(text, file);
}

/** A rule the service changed, or the error naming the id that is not there. */
function found(r: Rule | null, id: number): Rule {
  return r ?? findRule([], id);
}

/** `#3 #4 #5`, or `#3 … #40` for more than 12. */
function idList(rules: Rule[]): string {
  return rules.length <= 12 ? rules.map((r) => `#${r.id}`).join(' ') : `#${rules[0]!.id} … #${rules[rules.length - 1]!.id}`;
}

function warnDiscard(rules: Rule[]): void {
  for (const r of rules.filter((x) => x.actions.log === 'N')) {
    process.stderr.write(
      `warning: rule #${r.id} "${r.description}" discards what it matches (log option N): those messages are not kept in the Activity Log\n`,
    );
  }
}

function listRows(c: CliContext) {
  const hits = c.store.ruleHits();
  return ordered(configRules(c)).map((r) => ({ rule: r, hits: hits.get(r.id)?.hits ?? 0, lastHit: hits.get(r.id)?.lastHit ?? null }));
}

/** Registers the rules command group. */
export function registerRules(program: Command, ctx: () => CliContext): void {
  const rules = program.command('rules').description('automated responses: filters and actions applied to every new message, in sequence order');

  rules
    .command('list')
    .description('the rules in sequence order with their hit counts')
    .option('--json', 'print JSON')
    .addHelpText('after', "\nExamples:\n  msgmon rules list\n  msgmon rules list --json | jq '.[] | select(.hits == 0) | .id'")
    .action((o: { json?: boolean }) => {
      const rows = listRows(ctx());
      if (o.json)
        return printJson(
          rows.map((x) => ({ ...x.rule, hits: x.hits, lastHit: x.lastHit === null ? null : new Date(x.lastHit).toISOString(), action: actionWord(x.rule) })),
        );
      if (!rows.length)
        return void print('No rules. Add one with msgmon rules add --file RULE.json, or the starter set with msgmon rules import --defaults.\n');
      printTable(
        ['ID', 'Seq', 'On', 'Description', 'Msg ID', 'Log', 'Action', 'Hits', 'Last hit (UTC)'],
        rows.map(({ rule: r, hits, lastHit }) => [
          `#${r.id}`,
          r.seq,
          r.enabled ? 'yes' : 'no',
          r.description,
          msgIdSummary(r),
          r.actions.log ?? 'Y',
          actionSummary(r),
          n(hits),
          when(lastHit),
        ]),
      );
    });

  rules
    .command('show')
    .description('one rule in full, with its hits')
    .argument('<id>', 'rule id (from rules list)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon rules show 20\n  msgmon rules show 20 --json > rule20.json')
    .action((arg: string, o: { json?: boolean }) => {
      const row = listRows(ctx()).find((x) => x.rule.id === ruleId(arg)) ?? { rule: findRule([], ruleId(arg)), hits: 0, lastHit: null };
      if (o.json) return printJson(row.rule);
      const r = row.rule;
      print(
        `Rule #${r.id}, seq ${r.seq}, ${r.enabled ? 'enabled' : 'disabled'}: ${r.description}\n` +
          `Does: ${actionSummary(r)} (log option ${r.actions.log ?? 'Y'}); hits ${n(row.hits)}${row.lastHit ? `, last on a message of ${when(row.lastHit)} UTC` : ''}\n` +
          JSON.stringify(r, null, 2) +
          '\n',
      );
    });

  rules
    .command('add')
    .description('add the rule(s) of a JSON file (checked, inline tests run, then saved)')
    .requiredOption('--file <file>', 'rule file: one rule, an array, or { "rules": [...] }')
    .option('--json', 'print the added rules as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon rules add --file highlight-uploads.json
  echo '{"description":"Deletes","match":{"msgId":"FTP0022"},"actions":{"highlight":{"color":"yellow"}}}' > r.json && msgmon rules add --file r.json`,
    )
    .action((o: { file: string; json?: boolean }) => {
      const { added } = ruleServiceOf(ctx()).addAll(draftsFrom(o.file), { source: o.file });
      warnDiscard(added);
      if (o.json) return printJson(added);
      for (const r of added) print(`Added rule #${r.id} (seq ${r.seq}): ${r.description}\n`);
    });

  rules
    .command('remove')
    .description('delete a rule (and its hit counter)')
    .argument('<id>', 'rule id')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  msgmon rules remove 20')
    .action((arg: string, o: { json?: boolean }) => {
      const r = found(ruleServiceOf(ctx()).remove(ruleId(arg)), ruleId(arg));
      if (o.json) return printJson({ removed: r.id });
      print(`Removed rule #${r.id}: ${r.description}\n`);
    });

  for (const [name, on] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    rules
      .command(name)
      .description(`${name} a rule (a running collector picks the change up at its next batch)`)
      .argument('<id>', 'rule id')
      .option('--json', 'print JSON')
      .addHelpText('after', `\nExample:\n  msgmon rules ${name} 20`)
      .action((arg: string, o: { json?: boolean }) => {
        const r = found(ruleServiceOf(ctx()).setEnabled(ruleId(arg), on), ruleId(arg));
        if (o.json) return printJson({ id: r.id, enabled: on });
        print(`Rule #${r.id} ${on ? 'enabled' : 'disabled'}: ${r.description}\n`);
      });
  }

  rules
    .command('move')
    .description('give a rule another sequence number (rules run lowest first)')
    .argument('<id>', 'rule id')
    .requiredOption('--seq <n>', 'new sequence number')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  msgmon rules move 20 --seq 5      run rule #20 before the rule at seq 10')
    .action((arg: string, o: { seq: string; json?: boolean }) => {
      const seq = Number(o.seq);
      if (!Number.isInteger(seq) || seq < 0) throw new UsageError(`--seq '${o.seq}' must be a whole number of 0 or more`);
      const r = found(ruleServiceOf(ctx()).move(ruleId(arg), seq), ruleId(arg));
      if (o.json) return printJson({ id: r.id, seq });
      print(`Rule #${r.id} now at seq ${seq}: ${r.description}\n`);
    });

  rules
    .command('export')
    .description('print every rule as a rule file ({ "rules": [...] }) for rules import')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--json', 'print JSON (always JSON; accepted for symmetry)')
    .addHelpText('after', '\nExamples:\n  msgmon rules export > rules.json\n  msgmon rules export --out /backup/msgmon-rules.json')
    .action((o: { out?: string }) => {
      const text = JSON.stringify({ rules: ordered(configRules(ctx())) }, null, 2) + '\n';
      if (o.out) fs.writeFileSync(o.out, text, { mode: 0o600 });
      else printData(text);
    });

  rules
    .command('import')
    .description('add the rules of a file (export, suggest --json, or any rule file); all or nothing')
    .argument('[file]', 'rule file')
    .option('--defaults', `import the starter set (${DEFAULT_RULES_FILE}) and the threat detections (${DETECTION_RULES_FILE})`)
    .option('--replace', "replace every rule with the file's, keeping their ids (restore an export)")
    .option('--json', 'print the imported rules as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon rules import --defaults
  msgmon rules suggest --json > scripts.json && msgmon rules import scripts.json
  msgmon rules import --replace /backup/msgmon-rules.json`,
    )
    .action((file: string | undefined, o: { defaults?: boolean; replace?: boolean; json?: boolean }) => {
      if (!file && !o.defaults) throw new UsageError('rules import needs a FILE or --defaults');
      if (file && o.defaults) throw new UsageError('give either a FILE or --defaults, not both');
      const source = file ?? DEFAULT_RULES_FILE;
      // The defaults are the starter set and the built-in threat detections (enabled: tune or disable them).
      const drafts = file ? draftsFrom(file) : [...draftsFrom(DEFAULT_RULES_FILE), ...draftsFrom(DETECTION_RULES_FILE)];
      const { added, present } = ruleServiceOf(ctx()).addAll(drafts, { source, replace: o.replace, skipPresent: true });
      warnDiscard(added);
      if (o.json) return printJson(added);
      const there = present.length ? `; ${present.length} already there: ${idList(present)}` : '';
      print(
        `Imported ${added.length} rule${added.length === 1 ? '' : 's'}${o.replace ? ' (replacing all rules)' : ''}${added.length ? `: ${idList(added)}` : ''}${there}\n`,
      );
    });

  registerRuleReplay(rules, ctx);
}
