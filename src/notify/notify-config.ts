// The channels and escalation procedures of a configuration file, read again when the file changes (a channel
// added while `msgmon collect` runs is used from its next notification on).
import fs from 'node:fs';
import { ConfigStore } from '../store/config-store.js';
import { parseChannels, parseProcedures, type ChannelConfig, type ProcedureConfig } from './channel-schema.js';

/** Channels and procedures by name. */
export interface NotifySetup {
  channels: Map<string, ChannelConfig>;
  procedures: Map<string, ProcedureConfig>;
}

/** A fixed setup (tests, benches). */
export function fixedSetup(channels: ChannelConfig[], procedures: ProcedureConfig[] = []): () => NotifySetup {
  const s: NotifySetup = { channels: new Map(channels.map((c) => [c.name, c])), procedures: new Map(procedures.map((p) => [p.name, p])) };
  return () => s;
}

/** Follows a configuration file; a broken one keeps the last good setup (and says so once). */
export class ConfigNotifySetup {
  private signature = '';
  private setup: NotifySetup = { channels: new Map(), procedures: new Map() };

  constructor(
    readonly file: string,
    private readonly onNote: (note: string) => void = () => {},
  ) {}

  /** The setup now (the file is looked at, stat only, on each call). */
  current(): NotifySetup {
    let sig = 'none';
    try {
      const st = fs.statSync(this.file);
      sig = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {}
    if (sig === this.signature) return this.setup;
    this.signature = sig;
    try {
      const data = new ConfigStore(this.file).data;
      const channels = parseChannels(data.channels, this.file);
      const procedures = parseProcedures(data.escalations, this.file);
      this.setup = { channels: new Map(channels.map((c) => [c.name, c])), procedures: new Map(procedures.map((p) => [p.name, p])) };
    } catch (err) {
      this.onNote(`channels not reloaded, the previous ones stay in force: ${(err as Error).message}`);
    }
    return this.setup;
  }
}
