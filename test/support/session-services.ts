// Services over a real store filled by the real pipeline from the bundled demo logs (real vsftpd and
// sshd/internal-sftp captures): the sessions the screens show are the ones msgmon made of real lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Services } from '../../src/core/services.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { FormatRegistry } from '../../src/formats/registry.js';
import { MessageStore } from '../../src/store/message-store.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { memoryServices } from './memory-services.js';

/** A fixed clock just after the demo logs end (12:07:56 UTC), so the screens are stable. */
export const DEMO_NOW = Date.parse('2026-11-25T12:08:00Z');

/** A temporary store holding data/demo/vsftpd.log (system web1) and data/demo/auth.log (web2), ingested. */
export async function demoStore(): Promise<{ store: MessageStore; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-sessions-'));
  const store = new MessageStore(path.join(dir, 'messages.db'));
  const catalog = Catalog.load();
  const formats = FormatRegistry.load();
  const demo = path.resolve(__dirname, '../../data/demo');
  await ingest(store, formats, catalog, { system: 'web1', formats: ['vsftpd'], file: path.join(demo, 'vsftpd.log'), source: 'vsftpd' });
  await ingest(store, formats, catalog, { system: 'web2', formats: ['sshd', 'sftp'], file: path.join(demo, 'auth.log'), source: 'auth.log' });
  return { store, dir };
}

/** Services for screen tests: the demo store for messages and sessions, the real catalog, host WEB1, clock DEMO_NOW. */
export async function demoServices(): Promise<Services & { store: MessageStore; close(): void }> {
  const { store, dir } = await demoStore();
  const base = memoryServices();
  return {
    ...base,
    messages: store,
    sessions: store.sessions,
    investigations: store,
    catalog: Catalog.load(),
    now: () => DEMO_NOW,
    store,
    close: () => (store.close(), fs.rmSync(dir, { recursive: true, force: true })),
  };
}
