// `msgmon formats list | test`: the formats msgmon knows, and how a file's lines match them.
import fs from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { testFormats } from '../pipeline/format-test.js';
import type { CliContext } from './context.js';
import { print, printJson, printTable } from './output.js';
import { sanitizeForTerminal } from '../core/sanitize.js';

/** Registers the formats command group. */
export function registerFormats(program: Command, ctx: () => CliContext): void {
  const formats = program.command('formats').description('log formats: list them, test a file against them');
  formats
    .command('list')
    .description('list the formats, their patterns and the programs they claim')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  msgmon formats list')
    .action((o: { json?: boolean }) => {
      const reg = ctx().formats;
      const rows = reg.names().map((n) => {
        const f = reg.get(n)!.spec;
        return { name: n, description: f.description, patterns: f.patterns.length, programs: f.programs ?? [], protocol: f.protocol ?? null };
      });
      if (o.json) return printJson(rows);
      printTable(
        ['Format', 'Patterns', 'Description'],
        rows.map((r) => [r.name, r.patterns, r.description]),
      );
    });
  formats
    .command('test')
    .description('show which lines of FILE match which pattern, and the lines none matches (like fail2ban-regex)')
    .argument('<file>', 'log file')
    .option('--format <names>', 'format(s), comma separated (default: the format that matches most lines)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon formats test /var/log/vsftpd.log\n  msgmon formats test /var/log/auth.log --format sshd,sftp --json')
    .action((file: string, o: { format?: string; json?: boolean }) => {
      const reg = ctx().formats;
      if (!fs.existsSync(file)) throw new UserError(`cannot read ${file}: no such file`);
      const names = o.format
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (names) reg.resolve(names);
      const r = testFormats(reg, file, names);
      if (o.json) printJson(r);
      else {
        const out = [
          `Lines: ${r.lines}, matched: ${r.matched}, not matched: ${r.unmatched} (formats: ${r.formats.join(', ')}; ${r.seconds.toFixed(3)} s)`,
          '',
          'Matched per pattern:',
        ];
        for (const [k, v] of Object.entries(r.byPattern).sort((a, b) => b[1] - a[1])) out.push(`  ${String(v).padStart(8)}  ${k}`);
        for (const [k, v] of Object.entries(r.unclaimed)) out.push(`  ${String(v).padStart(8)}  (other program ${k})`);
        if (r.unmatchedSamples.length) {
          out.push('', `Lines not matched (first ${r.unmatchedSamples.length} of ${r.unmatched}):`);
          for (const u of r.unmatchedSamples) out.push(`  ${String(u.line).padStart(6)}: ${sanitizeForTerminal(u.text)}`);
        }
        print(out.join('\n') + '\n');
      }
      if (r.matched === 0) process.exitCode = 1;
    });
}
