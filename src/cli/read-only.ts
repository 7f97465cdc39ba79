// --read-only, decided in one place: the commands that change something (the home's configuration or store, msgmon's
// known_hosts, a demo home) are listed here, refused before they start, and named in --help from the same list.
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';

/** Every command that writes, by its path (`rules add`), with what it would change. */
export const WRITERS: Readonly<Record<string, string>> = {
  ingest: 'stores messages and the file cursor',
  collect: 'stores messages, cursors and collector status',
  demo: 'deletes and re-creates the demo home',
  ack: 'changes messages',
  reply: 'answers an inquiry',
  remove: 'changes messages',
  'log prune': 'deletes old messages (retention)',
  'rules add': 'changes the configuration',
  'rules remove': 'changes the configuration',
  'rules enable': 'changes the configuration',
  'rules disable': 'changes the configuration',
  'rules move': 'changes the configuration',
  'rules import': 'changes the configuration',
  'hosts add': 'changes the configuration',
  'hosts remove': 'changes the configuration',
  'hosts trust': "writes msgmon's known_hosts",
  'sources add': 'changes the configuration',
  'sources remove': 'changes the configuration',
  'store init': 'creates a new message store',
  defer: 'records a defer on messages',
  'channels add': 'changes the configuration',
  'channels remove': 'changes the configuration',
  'channels test': 'sends a notification',
  'escalations add': 'changes the configuration',
  'escalations remove': 'changes the configuration',
  'baseline rebuild': 'rebuilds the baselines in the store',
  'watch add': 'changes the configuration',
  'watch remove': 'changes the configuration',
};

/** A command's path below the program: `rules add`, `ingest`. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The writing commands for --help, grouped: `ingest, collect, …, rules add|remove|…`. */
export function writersSummary(): string {
  const groups = new Map<string, string[]>();
  for (const p of Object.keys(WRITERS)) {
    const [head, sub] = p.split(' ');
    groups.set(head!, [...(groups.get(head!) ?? []), ...(sub ? [sub] : [])]);
  }
  return [...groups].map(([head, subs]) => (subs.length ? `${head} ${subs.join('|')}` : head)).join(', ');
}

/** Refuses a writing command, before its action runs, when the run is read-only. */
export function enforceReadOnly(program: Command, readOnly: () => boolean): void {
  program.hook('preAction', (_root, action) => {
    const what = WRITERS[commandPath(action)];
    if (what && readOnly()) {
      throw new UserError(`${commandPath(action)} ${what}: not allowed with --read-only (run it without --read-only; nothing was changed)`);
    }
  });
}
