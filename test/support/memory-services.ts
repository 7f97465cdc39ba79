// In-memory Services for UI tests: realistic messages (as on the SCREENS.md reference), fixed clock and host.
import type {
  CatalogService, MessageAction, MessageHelp, MessagePage, MessageQuery, MessageService, Services,
} from '../../src/core/services.js';
import type { Message, NewMessage } from '../../src/core/types.js';

/** The fixed "now" of every UI test: 25/11/26 11:18:21 UTC. */
export const NOW = Date.parse('2026-11-25T11:18:21Z');

const at = (hms: string) => Date.parse(`2026-11-25T${hms}Z`);
const session = (pid: number, t: number) => `web1:${pid}:${Math.floor(t / 1000).toString(36)}`;
const LOGIN = at('11:18:17');
const FTP = { user: 'thomask', client: '127.0.0.1', protocol: 'ftp', pid: 5176 };

function ftp(hms: string, msgId: string, severity: number, text: string, fields: Record<string, string | number>, raw: string): NewMessage {
  return {
    time: at(hms), system: 'web1', source: 'vsftpd', msgId, severity, text, fields: { ...FTP, ...fields },
    session: session(5176, LOGIN), console: 'shown', ack: null, rules: [], raw,
  };
}

/** Ten messages, oldest first: an FTP session of thomask, a host key alarm, a hostile line, a failed logon. */
export function sampleMessages(): NewMessage[] {
  const v = (s: string) => `Wed Nov 25 ${s} 2026 [pid 5176] [thomask] `;
  return [
    { time: at('11:02:44'), system: 'db2', source: 'msgmon', msgId: 'MON0003', severity: 90,
      text: 'Host key of db2 changed: connection refused', session: null, console: 'shown', ack: null, rules: [],
      fields: { host: 'db2.example.com', fingerprint: 'SHA256:9bq1T5Yf3mJ0C3s4yqkVQ7Zl2aXnWc4oP8dE6rGh1uM' },
      raw: 'host key mismatch for db2.example.com:22' },
    ftp('11:18:17', 'FTP0002', 10, 'FTP: User thomask logged on from 127.0.0.1', {},
      'Wed Nov 25 11:18:17 2026 [pid 5175] [thomask] OK LOGIN: Client "::ffff:127.0.0.1"'),
    ftp('11:18:17', 'FTP0011', 10, 'FTP: User thomask listing directory /', { path: '/' },
      `${v('11:18:17')}FTP command: Client "::ffff:127.0.0.1", "LIST"`),
    ftp('11:18:17', 'FTP0024', 10, 'FTP: User thomask created directory /home/thomask/upload',
      { path: '/home/thomask/upload' }, `${v('11:18:17')}OK MKDIR: Client "::ffff:127.0.0.1", "/home/thomask/upload"`),
    { ...ftp('11:18:18', 'FTP0020', 10, 'FTP: User thomask uploaded file /home/thomask/upload/a.txt (1234 bytes)',
      { path: '/home/thomask/upload/a.txt', bytes: 1234, rate: '6621.31Kbyte/sec' },
      `${v('11:18:18')}OK UPLOAD: Client "::ffff:127.0.0.1", "/home/thomask/upload/a.txt", 1234 bytes, 6621.31Kbyte/sec`),
      rules: ['#20 Highlight uploads to /home/*/upload (log option Y)'] },
    ftp('11:18:18', 'FTP0021', 10, 'FTP: User thomask downloaded file /home/thomask/upload/a.txt (1234 bytes)',
      { path: '/home/thomask/upload/a.txt', bytes: 1234 },
      `${v('11:18:18')}OK DOWNLOAD: Client "::ffff:127.0.0.1", "/home/thomask/upload/a.txt", 1234 bytes, 9876.54Kbyte/sec`),
    ftp('11:18:18', 'FTP0023', 20, 'FTP: User thomask renamed /home/thomask/upload/a.txt to /home/thomask/upload/b.txt',
      { path: '/home/thomask/upload/a.txt', target: '/home/thomask/upload/b.txt' },
      `${v('11:18:18')}OK RENAME: Client "::ffff:127.0.0.1", "/home/thomask/upload/a.txt /home/thomask/upload/b.txt"`),
    ftp('11:18:18', 'FTP0022', 20, 'FTP: User thomask deleted file /home/thomask/upload/b.txt',
      { path: '/home/thomask/upload/b.txt' }, `${v('11:18:18')}OK DELETE: Client "::ffff:127.0.0.1", "/home/thomask/upload/b.txt"`),
    { time: at('11:18:19'), system: 'web1', source: 'vsftpd', msgId: 'MON0010', severity: 20,
      text: 'Unparsed line from vsftpd: \x1b]0;pwned\x07 evil \x1b[2J', session: null, console: 'shown', ack: null,
      rules: [], fields: { reason: '\x1b]0;pwned\x07 evil \x1b[2J' }, raw: 'junk \x1b]0;pwned\x07 evil \x1b[2J' },
    { ...ftp('11:18:21', 'FTP0003', 40, 'FTP: Logon failed for user nosuchuser from 10.0.0.5',
      { user: 'nosuchuser', client: '10.0.0.5' },
      'Wed Nov 25 11:18:21 2026 [pid 5180] [nosuchuser] FAIL LOGIN: Client "::ffff:10.0.0.5"'), session: session(5180, at('11:18:19')) },
  ];
}

/** Older filler messages (directory listings), so lists have more than one page. */
export function fillerMessages(n: number): NewMessage[] {
  return Array.from({ length: n }, (_, i) => ftp(new Date(at('10:00:00') + i * 1000).toISOString().slice(11, 19),
    'FTP0011', 10, `FTP: User thomask listing directory /data/${i}`, { path: `/data/${i}` }, `LIST /data/${i}`));
}

const HELP: Record<string, Omit<MessageHelp, 'msgId'>> = {
  FTP0020: { severity: 10, template: '&PROTO: User &USER uploaded file &PATH (&BYTES bytes)',
    cause: 'A file was stored on the system by an FTP or SFTP client. The user, client address, path and size are in the message attributes.',
    recovery: 'None needed. If the user or path is unexpected, review the session and consider an automated response to highlight it.' },
  FTP0003: { severity: 40, template: '&PROTO: Logon failed for user &USER from &CLIENT',
    cause: 'A logon attempt was refused: wrong password, unknown user, or the user is not allowed to log on.',
    recovery: 'A single failure is usually a typing error. Repeated failures from one client are a password guessing attack: block the client and review the user.' },
  MON0003: { severity: 90, template: 'Host key of &SYSTEM changed: connection refused',
    cause: 'The system presented a host key different from the one recorded.',
    recovery: 'Verify the new fingerprint with the system owner out of band, then run msgmon hosts trust NAME.' },
};

/** A MessageService over an array, with the same keyset paging semantics as the SQLite store. */
export class MemoryMessages implements MessageService {
  readonly messages: Message[] = [];
  /** Every act() call, so tests can check what the screen asked for. */
  readonly acts: { ids: number[]; action: MessageAction }[] = [];

  constructor(initial: NewMessage[] = []) {
    for (const m of initial) this.add(m);
  }

  /** Appends a message as the pipeline would; returns its id. */
  add(m: NewMessage): number {
    const id = this.messages.length + 1;
    this.messages.push({ ...m, id });
    return id;
  }

  private matching(q: MessageQuery): Message[] {
    return this.messages.filter((m) =>
      (!q.console || (m.console === 'shown' && m.ack === null))
      && (q.system === undefined || m.system === q.system)
      && (q.minSeverity === undefined || m.severity >= q.minSeverity));
  }

  page(q: MessageQuery, limit: number, at: { before?: number; after?: number } = {}): MessagePage {
    const all = this.matching(q); // ascending id
    if (at.after !== undefined) {
      const up = all.filter((m) => m.id > at.after!).slice(0, limit).reverse();
      if (up.length === limit) return { messages: up, more: true };
      at = {};
    }
    const down = all.filter((m) => at.before === undefined || m.id < at.before).reverse();
    return { messages: down.slice(0, limit), more: down.length > limit };
  }

  get(id: number): Message | null {
    return this.messages.find((m) => m.id === id) ?? null;
  }

  count(q: MessageQuery): number {
    return this.matching(q).length;
  }

  act(ids: number[], action: MessageAction): number[] {
    this.acts.push({ ids: [...ids], action });
    const changed: number[] = [];
    for (const m of this.messages) {
      if (!ids.includes(m.id)) continue;
      if (action === 'remove' && m.console === 'shown') (m.console = 'removed', changed.push(m.id));
      if (action === 'ack' && m.ack === null) (m.ack = NOW, changed.push(m.id));
    }
    return changed;
  }

  lastId(): number {
    return this.messages.length;
  }
}

/** Services for UI tests: host WEB1, clock fixed at NOW, the sample messages plus `filler` older ones. */
export function memoryServices(opts: { filler?: number; readOnly?: boolean; messages?: NewMessage[] } = {}): Services & { messages: MemoryMessages } {
  const messages = new MemoryMessages(opts.messages ?? [...fillerMessages(opts.filler ?? 0), ...sampleMessages()]);
  const catalog: CatalogService = { help: (msgId) => (HELP[msgId] ? { msgId, ...HELP[msgId]! } : null) };
  return { messages, catalog, hostName: 'WEB1', now: () => NOW, readOnly: opts.readOnly ?? false };
}
