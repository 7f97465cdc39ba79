// The message catalog: first-level templates with &VARS, second-level cause/recovery, default severity.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataPath } from '../core/paths.js';
import type { Fields } from '../core/types.js';
import type { CatalogService, MessageHelp } from '../core/services.js';
import { compileTemplate, type Template } from './template.js';

const entrySchema = z.object({
  severity: z.number().int().min(0).max(99),
  template: z.string().min(1),
  cause: z.string().min(1),
  recovery: z.string().min(1),
});
const fileSchema = z.object({ $comment: z.string().optional(), messages: z.record(z.string(), entrySchema) });
const MSGID = /^[A-Z]{3}[0-9A-F]{4}$/;

interface Entry extends MessageHelp {
  render: Template;
}

/** A loaded catalog; renders texts and answers the screens' help questions. */
export class Catalog implements CatalogService {
  private readonly entries = new Map<string, Entry>();

  /** Loads every data/messages/*.json (or the given folder); a bad file fails naming file and entry. */
  static load(dir: string = dataPath('messages')): Catalog {
    const cat = new Catalog();
    for (const name of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const file = path.join(dir, name);
      let parsed: z.infer<typeof fileSchema>;
      try {
        parsed = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      } catch (err) {
        throw new Error(`message catalog ${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
      for (const [msgId, e] of Object.entries(parsed.messages)) {
        if (!MSGID.test(msgId)) throw new Error(`message catalog ${file}: ${msgId} is not 3 letters + 4 digits`);
        if (cat.entries.has(msgId)) throw new Error(`message catalog ${file}: ${msgId} is defined twice`);
        cat.entries.set(msgId, { msgId, ...e, render: compileTemplate(e.template) });
      }
    }
    return cat;
  }

  /** True when the catalog knows the message ID. */
  has(msgId: string): boolean {
    return this.entries.has(msgId);
  }

  /** All known message IDs, sorted (F4 prompts, `formats` checks). */
  ids(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Default severity of a message ID (50 for IDs the catalog does not know). */
  severity(msgId: string): number {
    return this.entries.get(msgId)?.severity ?? 50;
  }

  /** First-level text with the fields substituted. */
  text(msgId: string, fields: Fields): string {
    const e = this.entries.get(msgId);
    return e
      ? e.render(fields)
      : `${msgId}: ${Object.entries(fields)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`;
  }

  help(msgId: string): MessageHelp | null {
    const e = this.entries.get(msgId);
    return e ? { msgId, severity: e.severity, template: e.template, cause: e.cause, recovery: e.recovery } : null;
  }
}
