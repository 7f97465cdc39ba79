// Opens the console screens on a context's store (the blessed adapter is loaded only when needed).
import type { Services } from '../core/services.js';
import type { CliContext } from './context.js';
import { firstScreenServices, type FirstScreenServices } from './first-services.js';
import { UserError } from '../core/errors.js';
import { terminalRefusal } from '../tui/terminal-check.js';

/** Runs the console until F3; returns its exit code. */
export async function openConsole(ctx: CliContext): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UserError('the console needs a terminal; use msgmon messages or msgmon log for text output');
  }
  const refused = terminalRefusal(process.env.TERM);
  if (refused) throw new UserError(refused);
  // Opening a missing or empty store reads the configuration (is it new, or lost?): loaded first then.
  if (ctx.storeNeedsConfig()) await ctx.loadAll();
  const { runConsole } = await import('../tui/run-console.js');
  // Retention prunes between paints; what it has to say waits until the screen is given back.
  const notes: string[] = [];
  let stopRetention: (() => void) | undefined;
  const { services, load } = consoleServices(ctx);
  const code = await runConsole(services, {
    afterFirstPaint: async () => {
      await load();
      // The screens read their bundled specs and key map without zod: checked against the schemas now, a bad edit
      // ends the console at start-up rather than mid-session.
      (await import('../ui/screen-spec-schema.js')).checkBundledSpecs();
      (await import('../ui/keymap-schema.js')).checkBundledKeymap();
      // Its first pass waits a second more: nothing on the first screen needs it, and keys come first.
      const { backgroundRetention } = await import('./log-prune.js');
      // Retention prunes SQLite rows; PostgreSQL's (by partition) is not there yet.
      const retention = ctx.pgUrl ? undefined : backgroundRetention(ctx, (s) => notes.push(s), true);
      const later = setTimeout(() => retention?.start(), 1000);
      stopRetention = () => {
        clearTimeout(later);
        retention?.stop();
      };
    },
  }).finally(() => stopRetention?.());
  for (const n of notes.filter((t) => !t.startsWith('retention: pruned'))) process.stderr.write(`msgmon: ${n}\n`);
  if (code !== 0) process.exitCode = code;
}

/** The services loaded after the first screen is painted (Work with Messages reads only the others). */
const LOADED_LATER: Record<Exclude<keyof Services, keyof FirstScreenServices>, true> = {
  catalog: true,
  rules: true,
  sessions: true,
  systems: true,
  status: true,
  notify: true,
  watchLists: true,
  exportLog: true,
};

/**
 * The console's services: the store and the clock at once, the rest (the rule engine, notification channels, systems,
 * the catalog and their configuration schemas, most of msgmon's start-up cost) once `load` has run. runConsole holds
 * keys until then, so no screen reaches for a service that is not there yet.
 */
function consoleServices(ctx: CliContext): { services: Services; load: () => Promise<void> } {
  let all: Services | undefined;
  const later = (name: keyof Services): PropertyDescriptor => ({
    enumerable: true,
    get: () => {
      if (!all) throw new Error(`internal: the console used ${name} before its services were loaded`);
      return all[name];
    },
  });
  const services = Object.defineProperties(
    firstScreenServices(ctx),
    Object.fromEntries(Object.keys(LOADED_LATER).map((k) => [k, later(k as keyof Services)])),
  ) as Services;
  return {
    services,
    load: async () => {
      await ctx.loadAll();
      all = (await import('./services-of.js')).servicesOf(ctx);
    },
  };
}
