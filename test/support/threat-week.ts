// A generated week of FTP activity as messages (what vsftpd's log becomes), with planted incidents: the background
// a real site has (people by day, a few in the evening, batch accounts every 15 minutes, scanners trying common
// names) and the six incidents of issue 13 at known times. Seeded: the same seed gives the same week.
import { Rng } from '../../bench/prng.js';
import type { Catalog } from '../../src/catalog/catalog.js';
import type { Fields, NewMessage } from '../../src/core/types.js';

/** Monday 2026-11-23 00:00 UTC: the week starts here. */
export const WEEK_START = Date.parse('2026-11-23T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SCAN_NAMES = ['root', 'admin', 'test', 'ftp', 'user', 'guest', 'oracle', 'ftpuser', 'ubuntu', 'support', 'backup', 'pi'];

/** Where each planted incident happens (for the test's checks). */
export const INCIDENTS = {
  /** thomask, a day worker, from an address never seen: 150 files, 2 GB at 03:12 on day 3. */
  exfiltration: { user: 'thomask', client: '198.51.100.23', at: WEEK_START + 3 * DAY + 3 * HOUR + 12 * MIN, files: 150 },
  /** A supplier's upload script wipes its directory: 40 deletes in 2 minutes, day 4 10:00. */
  massDelete: { user: 'lieferant', at: WEEK_START + 4 * DAY + 10 * HOUR, files: 40 },
  /** olaf last logged on 90 days before the week; logs on day 5 09:30. */
  dormant: { user: 'olaf', at: WEEK_START + 5 * DAY + 9 * HOUR + 30 * MIN, last: WEEK_START - 90 * DAY },
  /** 60 failed logons for annab from one address in 5 minutes, day 5 02:00. */
  bruteForce: { user: 'annab', client: '203.0.113.50', at: WEEK_START + 5 * DAY + 2 * HOUR, tries: 60 },
  /** One address tries 25 existing users once each in 10 minutes, day 6 01:00. */
  spray: { client: '192.0.2.77', at: WEEK_START + 6 * DAY + HOUR, users: 25 },
  /** The batch account edi_in (every 15 min) stops from 12:00 to 13:30 on day 6. */
  silentBatch: { user: 'edi_in', from: WEEK_START + 6 * DAY + 12 * HOUR, to: WEEK_START + 6 * DAY + 13 * HOUR + 30 * MIN },
};

interface Person {
  name: string;
  clients: string[];
  /** Works evenings and nights too (never judged by the off-hours detection). */
  lateWorker: boolean;
}

/** Builds messages with the catalog's texts, one session at a time. */
class Writer {
  readonly out: NewMessage[] = [];
  private pid = 1000;

  constructor(private readonly catalog: Catalog) {}

  msg(time: number, msgId: string, fields: Fields, session: string | null): void {
    const f = { protocol: 'ftp', ...fields };
    this.out.push({
      time,
      system: 'web1',
      source: 'vsftpd',
      msgId,
      severity: this.catalog.severity(msgId),
      text: this.catalog.text(msgId, f),
      fields: f,
      session,
      console: 'shown',
      ack: null,
      rules: [],
      highlight: null,
      inquiry: false,
      tags: [],
      raw: '',
    });
  }

  /** A session: connect, failed attempts, logon, the actions (each a msgId and fields, seconds apart), end. */
  session(t: number, user: string, client: string, actions: Array<[string, Fields]>, opts: { fails?: number; gapMs?: number; fail?: boolean } = {}): number {
    const pid = ++this.pid;
    const id = `web1:${pid}:${t}`;
    const gap = opts.gapMs ?? 4000;
    this.msg(t, 'FTP0001', { client, pid }, id);
    for (let i = 0; i < (opts.fails ?? 0); i++) this.msg((t += 2000), 'FTP0003', { user, client, pid }, id);
    if (opts.fail) return t;
    this.msg((t += Math.min(gap, 1000)), 'FTP0002', { user, client, pid }, id);
    for (const [msgId, f] of actions) this.msg((t += gap), msgId, { user, client, pid, ...f }, id);
    this.msg((t += Math.min(gap, 1000)), 'FTP0040', { user, client, pid }, id);
    return t;
  }
}

function people(rng: Rng): Person[] {
  const first = ['thomas', 'anna', 'maria', 'peter', 'julia', 'michael', 'sarah', 'david', 'laura', 'daniel', 'lisa', 'markus', 'sandra', 'stefan', 'nina'];
  const list: Person[] = [{ name: 'thomask', clients: ['10.1.1.10'], lateWorker: false }];
  const names = new Set(['thomask']);
  while (list.length < 60) {
    const name = rng.pick(first) + String.fromCharCode(97 + rng.int(0, 25));
    if (names.has(name)) continue;
    names.add(name);
    const ip = () => `::ffff:10.${rng.int(1, 40)}.${rng.int(0, 255)}.${rng.int(2, 254)}`;
    list.push({ name, clients: rng.chance(0.1) ? [ip(), ip()] : [ip()], lateWorker: rng.chance(0.2) });
  }
  if (!names.has('annab')) list.push({ name: 'annab', clients: ['::ffff:10.2.3.4'], lateWorker: false });
  return list;
}

function personActions(rng: Rng, home: string): Array<[string, Fields]> {
  const acts: Array<[string, Fields]> = [];
  for (let i = rng.int(1, 10); i > 0; i--) {
    const file = `${home}/${rng.pick(['offer', 'report', 'orders', 'scan'])}_${rng.int(1000, 9999)}.${rng.pick(['pdf', 'csv', 'xlsx'])}`;
    const r = rng.next();
    if (r < 0.4) acts.push(['FTP0021', { path: file, bytes: Math.round(rng.logNormal(11, 1.5)) }]);
    else if (r < 0.75) acts.push(['FTP0020', { path: file, bytes: Math.round(rng.logNormal(11, 1.5)) }]);
    else if (r < 0.85) acts.push(['FTP0022', { path: file }]);
    else acts.push(['FTP0011', { path: home }]);
  }
  return acts;
}

/** The week's messages in time order, the planted incidents included. */
export function threatWeek(catalog: Catalog, seed = 13): NewMessage[] {
  const rng = new Rng(seed);
  const w = new Writer(catalog);
  const staff = people(rng);
  // olaf's last logon, long before the week.
  w.session(INCIDENTS.dormant.last, 'olaf', '::ffff:10.5.5.5', [['FTP0011', { path: '/home/olaf' }]]);
  for (let d = 0; d < 7; d++) {
    const day = WEEK_START + d * DAY;
    const weekend = d >= 5;
    for (const p of staff) {
      // thomask works a lot (by day): his habits are known before the incident.
      const n = weekend ? (rng.chance(0.1) ? 1 : 0) : p.name === 'thomask' ? 8 : rng.int(1, 4);
      for (let i = 0; i < n; i++) {
        const late = p.lateWorker && rng.chance(0.3);
        const t = day + (late ? rng.int(19, 23) : rng.int(8, 17)) * HOUR + rng.int(0, 59) * MIN + rng.int(0, 59) * 1000;
        const client = p.clients.length > 1 && rng.chance(0.2) ? p.clients[1]! : p.clients[0]!;
        w.session(t, p.name, client, personActions(rng, `/home/${p.name}`), { fails: rng.chance(0.05) ? 1 : 0 });
      }
    }
    // Batch accounts every 15 minutes, machine speed: edi_in delivers, edi_out collects (RETR + DELE).
    for (const [user, ip, pulls] of [
      ['edi_in', '::ffff:10.20.0.11', false],
      ['edi_out', '::ffff:10.20.0.12', true],
      ['sap_exp', '::ffff:10.20.0.13', false],
    ] as const) {
      for (let t = day + 7 * MIN; t < day + DAY; t += 15 * MIN) {
        if (user === INCIDENTS.silentBatch.user && t >= INCIDENTS.silentBatch.from && t < INCIDENTS.silentBatch.to) continue;
        const f = `/home/${user}/${pulls ? 'out' : 'in'}/${user}_${t}.csv`;
        const acts: Array<[string, Fields]> = pulls
          ? [
              ['FTP0021', { path: f, bytes: 2048 }],
              ['FTP0022', { path: f }],
            ]
          : [['FTP0020', { path: f, bytes: 2048 }]];
        w.session(t + rng.int(0, 20_000), user, ip, acts, { gapMs: 80 });
      }
    }
    // Scanners: a burst every few hours from one of a few addresses, common names, three tries a connection.
    for (let t = day + rng.int(0, 3 * HOUR); t < day + DAY; t += rng.int(2 * HOUR, 6 * HOUR)) {
      const ip = `::ffff:${rng.pick(['45.13.7.9', '89.248.1.2', '185.220.101.4', '193.32.162.8'])}`;
      for (let c = rng.int(5, 30), s = t; c > 0; c--, s += rng.int(3000, 12000)) w.session(s, rng.pick(SCAN_NAMES), ip, [], { fails: 3, fail: true });
    }
  }
  plant(w);
  return w.out.sort((a, b) => a.time - b.time);
}

function plant(w: Writer): void {
  const x = INCIDENTS.exfiltration;
  w.session(
    x.at,
    x.user,
    x.client,
    Array.from({ length: x.files }, (_, i): [string, Fields] => ['FTP0021', { path: `/srv/finance/q4/ledger_${i}.pdf`, bytes: 13_400_000 }]),
    { gapMs: 1000 },
  );
  const md = INCIDENTS.massDelete;
  w.session(
    md.at,
    md.user,
    '::ffff:10.30.0.5',
    Array.from({ length: md.files }, (_, i): [string, Fields] => ['FTP0022', { path: `/home/lieferant/in/order_${i}.xml` }]),
    { gapMs: 3000 },
  );
  w.session(INCIDENTS.dormant.at, 'olaf', '::ffff:10.5.5.5', [['FTP0021', { path: '/home/olaf/contacts.csv', bytes: 48_000 }]]);
  const bf = INCIDENTS.bruteForce;
  for (let i = 0; i < bf.tries / 3; i++) w.session(bf.at + i * 15_000, bf.user, bf.client, [], { fails: 3, fail: true });
  // The supplier account logs on on day 0 too (it exists).
  w.session(WEEK_START + 9 * HOUR, md.user, '::ffff:10.30.0.5', [['FTP0020', { path: '/home/lieferant/in/order_x.xml', bytes: 4000 }]]);
}

/** Users the spray tries: existing people of the week. */
export function sprayTargets(msgs: readonly NewMessage[], n: number): string[] {
  const seen = new Set<string>();
  for (const m of msgs)
    if (m.msgId === 'FTP0002' && m.time < INCIDENTS.spray.at && !m.fields.user!.toString().startsWith('edi')) seen.add(String(m.fields.user));
  return [...seen].slice(0, n);
}

/** The spray's messages (added by the test, which knows the users by then). */
export function sprayMessages(catalog: Catalog, users: string[]): NewMessage[] {
  const w = new Writer(catalog);
  const s = INCIDENTS.spray;
  users.forEach((u, i) => w.session(s.at + i * 24_000, u, s.client, [], { fails: 1, fail: true }));
  return w.out;
}
