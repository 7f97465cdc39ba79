// `msgmon demo`: a fresh demo home, the bundled real logs replayed live through the real pipeline, the console on top.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { DemoReplay, demoSources } from '../pipeline/demo-replay.js';
import { DemoFeed } from '../pipeline/demo-feed.js';
import { RuleStep } from '../pipeline/rule-step.js';
import { CliContext } from './context.js';
import { print, printJson } from './output.js';
import { openConsole } from './console.js';

const MARKER = '.msgmon-demo';
/** The demo's session idle timeout: its replay takes seconds, so a dropped session ends by idle while you watch. */
const DEMO_IDLE_MS = 120_000;

/** Empties a demo home, refusing any folder that holds something other than an earlier demo. */
function freshDemoHome(dir: string): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length && !fs.existsSync(path.join(dir, MARKER))) {
    throw new UserError(`${dir} is not empty and not a demo home: choose an empty folder for --home`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'spool'), { recursive: true });
  fs.writeFileSync(path.join(dir, MARKER), 'created by msgmon demo; deleted and re-created by every demo run\n');
}

/** Registers the demo command. */
export function registerDemo(program: Command, ctx: () => CliContext): void {
  program
    .command('demo')
    .description('open the console on a demo home filled live from bundled real vsftpd and sshd logs')
    .option('--no-tui', 'run the same replay without the console and print what was stored')
    .option('--speed <n>', 'how many times faster than the real timing (0: all at once)', '20')
    .option('--json', 'with --no-tui: print the counts as JSON')
    .addHelpText(
      'after',
      `
The demo home is ${path.join(os.tmpdir(), 'msgmon-demo-<uid>')} unless --home is given; it is emptied at every run.
Examples:
  msgmon demo
  msgmon demo --no-tui --speed 0 --json
  msgmon --home /tmp/mydemo demo --speed 5`,
    )
    .action(async (o: { tui: boolean; speed: string; json?: boolean }) => {
      const speed = Number(o.speed);
      if (!Number.isFinite(speed) || speed < 0) throw new UsageError(`--speed '${o.speed}' must be a number of 0 or more`);
      const base = ctx().opts;
      const home = path.resolve(base.home ?? process.env.MSGMON_HOME ?? path.join(os.tmpdir(), `msgmon-demo-${os.userInfo().uid}`));
      freshDemoHome(home);
      const c = new CliContext({ ...base, home, readOnly: false });
      try {
        const sources = demoSources();
        const replay = new DemoReplay(path.join(home, 'spool'), sources, speed);
        const files = sources.map((source) => ({ source, file: replay.spoolFile(source) }));
        const notes: string[] = [];
        const note = (n: string) => notes.push(n);
        const rules = RuleStep.fromConfig(c.catalog, c.home.configFile, note);
        const feed = new DemoFeed(c.store, c.formats, c.catalog, files, DEMO_IDLE_MS, rules, note);
        if (o.tui) {
          feed.start(200);
          void replay.run();
          try {
            await openConsole(c);
          } finally {
            replay.stop();
            await feed.stop();
          }
          return;
        }
        await replay.run();
        await feed.poll();
        await feed.stop();
        const totals = feed.totals.map((t) => ({ system: t.source.system, file: t.source.file, ...t.counts }));
        const result = {
          home,
          lines: totals.reduce((a, t) => a + t.lines, 0),
          messages: c.store.count({}),
          console: c.store.count({ console: true }),
          sources: totals,
          notes,
        };
        if (o.json) return printJson(result);
        const out = [`Demo home ${home}: replayed ${result.lines} lines, stored ${result.messages} messages (${result.console} on the console)`];
        for (const t of totals) {
          out.push(`  ${t.system} ${t.file}: ${t.lines} lines → ${t.messages} messages, ${t.ignored} recognised without message, ${t.unparsed} unparsed`);
        }
        out.push(`Open the console on it: msgmon --home ${home}`);
        print(out.join('\n') + '\n');
      } finally {
        c.close();
      }
    });
}
