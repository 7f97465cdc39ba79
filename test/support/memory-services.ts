// In-memory Services for UI tests: realistic messages (as on the SCREENS.md reference), fixed clock and host.
import type { CatalogService, MessageAction, MessageHelp, MessagePage, MessageQuery, MessageService, Services } from '../../src/core/services.js';
import type { Rule, RuleHits } from '../../src/core/rule-types.js';
import type { Message, NewMessage } from '../../src/core/types.js';
import type { SessionService } from '../../src/core/sessions.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { ConfigRuleService } from '../../src/services/rule-service.js';
import type { RulesEdit } from '../../src/services/rule-service.js';
import { MemorySystems } from './memory-systems.js';
import { memoryNotify } from './memory-notify.js';
import { MemoryWatchLists } from './memory-watch-lists.js';
import type { WatchListName } from '../../src/core/watchlists.js';

/** The fixed "now" of every UI test: 25/11/26 11:18:21 UTC. */
export const NOW = Date.parse('2026-11-25T11:18:21Z');

const at = (hms: string) => Date.parse(`2026-11-25T${hms}Z`);
const session = (pid: number, t: number) => `web1:${pid}:${Math.floor(t / 1000).toString(36)}`;
const LOGIN = at('11:18:17');
const FTP = { user: 'thomask', client: '127.0.0.1', protocol: 'ftp', pid: 5176 };

function ftp(hms: string, msgId: string, severity: number, text: string, fields: Record<string, string | number>, raw: string): NewMessage {
  return {
    time: at(hms),
    system: 'web1',
    source: 'vsftpd',
    msgId,
    severity,
    text,
    fields: { ...FTP, ...fields },
    session: session(5176, LOGIN),
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw,
  };
}

/** Ten messages, oldest first: an FTP session of thomask, a host key alarm, a hostile line, a failed logon. */
export function sampleMessages(): NewMessage[] {
  const v = (s: string) => `Wed Nov 25 ${s} 2026 [pid 5176] [thomask] `;
  return [
    {
      time: at('11:02:44'),
      system: 'db2',
      source: 'msgmon',
      msgId: 'MON0003',
      severity: 90,
      text: 'Host key of db2 changed: connection refused',
      session: null,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      fields: { host: 'db2.example.com', fingerprint: 'SHA256:9bq1T5Yf3mJ0C3s4yqkVQ7Zl2aXnWc4oP8dE6rGh1uM' },
      raw: 'host key mismatch for db2.example.com:22',
    },
    ftp(
      '11:18:17',
      'FTP0002',
      10,
      'FTP: User thomask logged on from 127.0.0.1',
      {},
      'Wed Nov 25 11:18:17 2026 [pid 5175] [thomask] OK LOGIN: Client "::ffff:127.0.0.1"',
    ),
    ftp('11:18:17', 'FTP0011', 10, 'FTP: User thomask listing directory /', { path: '/' }, `${v('11:18:17')}FTP command: Client "::ffff:127.0.0.1", "LIST"`),
    ftp(
      '11:18:17',
      'FTP0024',
      10,
      'FTP: User thomask created directory /home/thomask/upload',
      { path: '/home/thomask/upload' },
      `${v('11:18:17')}OK MKDIR: Client "::ffff:127.0.0.1", "/home/thomask/upload"`,
    ),
    {
      ...ftp(
        '11:18:18',
        'FTP0020',
        10,
        'FTP: User thomask uploaded file /home/thomask/upload/a.txt (1234 bytes)',
        { path: '/home/thomask/upload/a.txt', bytes: 1234, rate: '6621.31Kbyte/sec' },
        `${v('11:18:18')}OK UPLOAD: Client "::ffff:127.0.0.1", "/home/thomask/upload/a.txt", 1234 bytes, 6621.31Kbyte/sec`,
      ),
      rules: ['#20 Highlight uploads to /home/*/upload (log option Y)'],
      highlight: { color: 'yellow' },
    },
    ftp(
      '11:18:18',
      'FTP0021',
      10,
      'FTP: User thomask downloaded file /home/thomask/upload/a.txt (1234 bytes)',
      { path: '/home/thomask/upload/a.txt', bytes: 1234 },
      `${v('11:18:18')}OK DOWNLOAD: Client "::ffff:127.0.0.1", "/home/thomask/upload/a.txt", 1234 bytes, 9876.54Kbyte/sec`,
    ),
    ftp(
      '11:18:18',
      'FTP0023',
      20,
      'FTP: User thomask renamed /home/thomask/upload/a.txt to /home/thomask/upload/b.txt',
      { path: '/home/thomask/upload/a.txt', target: '/home/thomask/upload/b.txt' },
      `${v('11:18:18')}OK RENAME: Client "::ffff:127.0.0.1", "/home/thomask/upload/a.txt /home/thomask/upload/b.txt"`,
    ),
    ftp(
      '11:18:18',
      'FTP0022',
      20,
      'FTP: User thomask deleted file /home/thomask/upload/b.txt',
      { path: '/home/thomask/upload/b.txt' },
      `${v('11:18:18')}OK DELETE: Client "::ffff:127.0.0.1", "/home/thomask/upload/b.txt"`,
    ),
    {
      time: at('11:18:19'),
      system: 'web1',
      source: 'vsftpd',
      msgId: 'MON0010',
      severity: 20,
      text: 'Unparsed line from vsftpd: \x1b]0;pwned\x07 evil \x1b[2J',
      session: null,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      fields: { reason: '\x1b]0;pwned\x07 evil \x1b[2J' },
      raw: 'junk \x1b]0;pwned\x07 evil \x1b[2J',
    },
    {
      ...ftp(
        '11:18:21',
        'FTP0003',
        40,
        'FTP: Logon failed for user nosuchuser from 10.0.0.5',
        { user: 'nosuchuser', client: '10.0.0.5' },
        'Wed Nov 25 11:18:21 2026 [pid 5180] [nosuchuser] FAIL LOGIN: Client "::ffff:10.0.0.5"',
      ),
      session: session(5180, at('11:18:19')),
    },
  ];
}

/** Older filler messages (directory listings), so lists have more than one page. */
export function fillerMessages(n: number): NewMessage[] {
  return Array.from({ length: n }, (_, i) =>
    ftp(
      new Date(at('10:00:00') + i * 1000).toISOString().slice(11, 19),
      'FTP0011',
      10,
      `FTP: User thomask listing directory /data/${i}`,
      { path: `/data/${i}` },
      `LIST /data/${i}`,
    ),
  );
}

const HELP: Record<string, Omit<MessageHelp, 'msgId'>> = {
  FTP0020: {
    severity: 10,
    template: '&PROTO: User &USER uploaded file &PATH (&BYTES bytes)',
    cause: 'A file was stored on the system by an FTP or SFTP client. The user, client address, path and size are in the message attributes.',
    recovery: 'None needed. If the user or path is unexpected, review the session and consider an automated response to highlight it.',
  },
  FTP0003: {
    severity: 40,
    template: '&PROTO: Logon failed for user &USER from &CLIENT',
    cause: 'A logon attempt was refused: wrong password, unknown user, or the user is not allowed to log on.',
    recovery:
      'A single failure is usually a typing error. Repeated failures from one client are a password guessing attack: block the client and review the user.',
  },
  MON0003: {
    severity: 90,
    template: 'Host key of &SYSTEM changed: connection refused',
    cause: 'The system presented a host key different from the one recorded.',
    recovery: 'Verify the new fingerprint with the system owner out of band, then run msgmon hosts trust NAME.',
  },
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
    return this.messages.filter(
      (m) =>
        (!q.console || (m.console === 'shown' && m.ack === null)) &&
        (q.system === undefined || m.system === q.system) &&
        (q.minSeverity === undefined || m.severity >= q.minSeverity) &&
        (q.user === undefined || m.fields.user === q.user) &&
        (q.msgId === undefined || new RegExp(`^${q.msgId.replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(m.msgId)) &&
        (q.text === undefined || q.text.split(/\s+/).every((w) => m.text.toLowerCase().includes(w.toLowerCase()))) &&
        (q.since === undefined || m.time >= q.since) &&
        (q.until === undefined || m.time <= q.until),
    );
  }

  page(q: MessageQuery, limit: number, at: { before?: number; after?: number } = {}): MessagePage {
    // As the store: log time order, ties by arrival (id); the keyset is the (time, id) of the cursor's message.
    const all = this.matching(q).sort((a, b) => a.time - b.time || a.id - b.id); // oldest first
    const pos = (id: number) => {
      const m = this.messages.find((x) => x.id === id);
      // `after: 0` reads from the oldest message, as the store does.
      return (x: Message) => (m ? x.time - m.time || x.id - m.id : 1);
    };
    if (at.after !== undefined) {
      const cmp = pos(at.after);
      const up = all
        .filter((m) => cmp(m) > 0)
        .slice(0, limit)
        .reverse();
      if (up.length === limit) return { messages: up, more: true };
      at = {};
    }
    const cmp = at.before === undefined ? null : pos(at.before);
    const down = all.filter((m) => cmp === null || cmp(m) < 0).reverse();
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
      // As the store: an inquiry stays on the console until it is acknowledged.
      if (action === 'remove' && m.console === 'shown' && !(m.inquiry && m.ack === null)) (m.console = 'removed'), changed.push(m.id);
      if (action === 'ack' && m.ack === null) (m.ack = NOW), changed.push(m.id);
    }
    return changed;
  }

  /** Every defer() call, as acts. */
  readonly defers: { ids: number[]; minutes: number; comment: string | null }[] = [];

  defer(ids: number[], minutes: number, by?: { comment?: string | null }): number {
    this.defers.push({ ids: [...ids], minutes, comment: by?.comment ?? null });
    return NOW + minutes * 60_000;
  }

  lastId(): number {
    return this.messages.length;
  }

  /** Oldest first after an id, as the store's scan (rule tests and console clearing read this). */
  scan(q: Omit<MessageQuery, 'text'>, afterId: number, limit: number): Message[] {
    return this.matching(q)
      .filter((m) => m.id > afterId)
      .slice(0, limit);
  }

  /** Distinct systems or users, sorted. */
  seen(column: 'system' | 'user'): string[] {
    const all = this.messages
      .map((m) => (column === 'system' ? m.system : m.fields.user))
      .filter((v) => v !== undefined)
      .map(String);
    return [...new Set(all)].sort();
  }

  /** Field names of all messages, sorted. */
  fieldNames(): string[] {
    return [...new Set(this.messages.flatMap((m) => Object.keys(m.fields)))].sort();
  }
}

/** Six rules as on the SCREENS.md reference, their ids equal to their sequence numbers. */
export function sampleRules(): Rule[] {
  return [
    { id: 10, seq: 10, description: 'Batch account edi_acme', enabled: true, match: { msgId: 'FTP*', user: 'edi_acme' }, actions: { log: 'L' } },
    {
      id: 20,
      seq: 20,
      description: 'Uploads to /home/*/upload',
      enabled: true,
      match: { msgId: 'FTP0020', fields: [{ field: 'path', glob: '/home/*/upload/*' }] },
      actions: { highlight: { color: 'yellow' } },
    },
    {
      id: 30,
      seq: 30,
      description: 'Remote commands by people',
      enabled: true,
      match: { msgId: 'FTP0030', fields: [{ field: 'user', exists: true }] },
      actions: { inquiry: true, severity: 60 },
    },
    {
      id: 40,
      seq: 40,
      description: 'Session end via CLRLIB QTEMP',
      enabled: true,
      match: { msgId: 'AUD0001', text: { contains: 'CLRLIB QTEMP' } },
      actions: { text: 'FTP session of &USER ended' },
    },
    {
      id: 50,
      seq: 50,
      description: 'Logon failures 5 in 10 min',
      enabled: true,
      match: { msgId: 'FTP0003', frequency: { count: 5, minutes: 10, by: ['client'] } },
      actions: { severity: 80, escalate: 'security' },
    },
    {
      id: 60,
      seq: 60,
      description: 'Nightly upload sap_export by 02:00',
      enabled: false,
      match: {},
      actions: { severity: 70 },
      watch: { type: 'deadline', expect: { msgId: 'FTP0020', user: 'sap_export' }, by: '02:00' },
    },
  ];
}

/** Hit counters of the sample rules. */
function sampleHits(): Map<number, RuleHits> {
  const last = Date.parse('2026-11-25T11:18:18Z');
  return new Map(
    [
      [10, 8112],
      [20, 14],
      [30, 2],
      [40, 41],
      [50, 3],
    ].map(([ruleId, hits]) => [ruleId!, { ruleId: ruleId!, hits: hits!, lastHit: last }]),
  );
}

/** The rules of memory services: the configuration as an array, hit counters as a map, every write recorded. */
export class MemoryRules {
  rules: Rule[];
  readonly hits = sampleHits();
  readonly writes: Rule[][] = [];

  constructor(rules: Rule[] = sampleRules()) {
    this.rules = rules;
  }

  read(): Rule[] {
    return structuredClone(this.rules);
  }

  write(rules: Rule[]): void {
    this.rules = structuredClone(rules);
    this.writes.push(this.rules);
  }

  update<T>(edit: (rules: Rule[]) => RulesEdit<T>): T {
    const e = edit(this.read());
    if (e.rules) this.write(e.rules);
    return e.result;
  }
}

let realCatalog: Catalog | undefined;

/**
 * Services for UI tests: host WEB1, clock fixed at NOW, the sample messages plus `filler` older ones, and the
 * real rule service (schema, inline tests, replay) over the sample rules kept in memory (`ruleConfig`).
 */
export function memoryServices(
  opts: { filler?: number; readOnly?: boolean; messages?: NewMessage[]; rules?: Rule[]; watchLists?: Partial<Record<WatchListName, string[]>> } = {},
): Services & {
  messages: MemoryMessages;
  ruleConfig: MemoryRules;
  systems: MemorySystems;
  watchLists: MemoryWatchLists;
  notify: ReturnType<typeof memoryNotify>;
} {
  const messages = new MemoryMessages(opts.messages ?? [...fillerMessages(opts.filler ?? 0), ...sampleMessages()]);
  const catalog: CatalogService = { help: (msgId) => (HELP[msgId] ? { msgId, ...HELP[msgId]! } : null) };
  const ruleConfig = new MemoryRules(opts.rules);
  const store = {
    scan: messages.scan.bind(messages),
    count: messages.count.bind(messages),
    act: messages.act.bind(messages),
    lastId: messages.lastId.bind(messages),
    seen: messages.seen.bind(messages),
    fieldNames: messages.fieldNames.bind(messages),
    ruleHits: () => ruleConfig.hits,
    clearRuleHits: (id: number) => void ruleConfig.hits.delete(id),
  };
  const rules = new ConfigRuleService(ruleConfig, store, (realCatalog ??= Catalog.load()), opts.readOnly ?? false);
  let notify: ReturnType<typeof memoryNotify> | undefined;
  // No session table in memory: screens that list sessions are tested on the real demo store (session-services.ts).
  const sessions: SessionService = {
    list: () => [],
    get: () => null,
    messages: (id, limit = Infinity) => messages.messages.filter((m) => m.session === id).slice(0, limit),
  };
  return {
    messages,
    sessions,
    catalog,
    rules,
    ruleConfig,
    systems: new MemorySystems(messages),
    watchLists: new MemoryWatchLists(opts.watchLists, opts.readOnly ?? false),
    // Made at first use: most tests never open the notification screens.
    get notify() {
      notify ??= memoryNotify(NOW, opts.readOnly ?? false);
      return notify;
    },
    // No session table in memory: the Investigate screen is tested on the real demo store (session-services.ts).
    investigations: {
      investigate: () => ({ messages: 0, sessions: [], events: [], totals: { sessions: 0, files: 0, bytesUp: 0, bytesDown: 0, failures: 0, alerts: 0 } }),
    },
    hostName: 'WEB1',
    now: () => NOW,
    readOnly: opts.readOnly ?? false,
  };
}
