// `msgmon store init`: the explicit way to start a new, empty message store where the home had one (msgmon refuses
// to do that silently when messages.db is missing or empty).
import fs from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { MessageStore } from '../store/message-store.js';
import { markStoreCreated } from '../store/store-file.js';
import type { CliContext } from './context.js';
import { print, printJson } from './output.js';
import { registerStoreMigrate } from './store-migrate.js';

/** Registers the store command group. */
export function registerStore(program: Command, ctx: () => CliContext): void {
  const store = program.command('store').description('the message store of the home (messages.db)');

  store
    .command('init')
    .description('start a new, empty message store where messages.db is missing or empty (0 bytes); sources are read again from their beginning')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
msgmon refuses to open a missing or empty messages.db as a new store when the home had one (or its
configuration reads sources): restore the file from your backup, or accept the loss with this command.
It never touches a store that holds data.
Examples:
  msgmon store init
  msgmon --home /srv/msgmon store init --json`,
    )
    .action((o: { json?: boolean }) => {
      const file = ctx().home.dbFile;
      const size = fs.existsSync(file) ? fs.statSync(file).size : null;
      if (size !== null && size > 0) {
        // Opening checks it is a msgmon store (a foreign file is refused with its reason).
        const s = new MessageStore(file);
        const n = s.count({});
        s.close();
        throw new UserError(`${file} is a msgmon store already (${n} messages): nothing was changed (to start over, move it away first)`);
      }
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true }); // an empty file holds nothing; a stray log would be replayed into the new store
      new MessageStore(file).close();
      markStoreCreated(file);
      if (o.json) return printJson({ created: file, replaced: size === 0 ? 'empty file' : null });
      print(
        `Created a new, empty message store ${file}${size === 0 ? ' (in place of the empty file)' : ''}. The next ingest or collect reads every source from its beginning.\n`,
      );
    });

  registerStoreMigrate(store, ctx);
}
