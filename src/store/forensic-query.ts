// Forensic filters of the Activity Log: client by address or network (CIDR) and path by wildcard, each on an
// index of its field, narrowed to a range of the index first (a network's textual prefix, a glob's literal head).
import type Database from 'better-sqlite3';
import { compileNetworks } from '../core/cidr.js';

/** Indexes on the client and path fields (partial: only messages that have the field). */
export const FORENSIC_INDEX_MIGRATION = `
  CREATE INDEX messages_client ON messages(json_extract(fields, '$.client'), time) WHERE json_extract(fields, '$.client') IS NOT NULL;
  CREATE INDEX messages_path ON messages(json_extract(fields, '$.path'), time) WHERE json_extract(fields, '$.path') IS NOT NULL;`;

const CLIENT = "json_extract(m.fields, '$.client')";
const PATH = "json_extract(m.fields, '$.path')";
/** Above every character a text can hold: the end of a prefix range. */
const TOP = '\u{10FFFF}';

/** Registers the SQL function the client filter uses (in_network(value, cidr)). */
export function registerForensicFunctions(db: Database.Database): void {
  const cache = new Map<string, (v: string) => boolean>();
  db.function('in_network', { deterministic: true }, (value: unknown, cidr: unknown) => {
    if (typeof value !== 'string' || typeof cidr !== 'string') return 0;
    let test = cache.get(cidr);
    if (!test) cache.set(cidr, (test = compileNetworks([cidr])));
    return test(value) ? 1 : 0;
  });
}

/** The textual prefixes every address of an IPv4 network starts with (as logged, and IPv4-mapped). */
function ipv4Prefixes(spec: string): string[] | null {
  const [addr, bits] = spec.split('/');
  if (addr!.includes(':')) return null;
  const octets = Math.floor((bits === undefined ? 32 : Number(bits)) / 8);
  if (octets === 0) return null;
  const head = addr!.split('.').slice(0, octets).join('.');
  const prefix = octets === 4 ? head : `${head}.`;
  return [prefix, `::ffff:${prefix}`];
}

/** SQL conditions (alias m) for `--client ADDRESS|CIDR`. */
export function clientWhere(spec: string): { where: string; params: unknown[] } {
  const prefixes = ipv4Prefixes(spec.trim());
  if (prefixes && !spec.includes('/')) {
    // One address: its two spellings, by index equality.
    return { where: `${CLIENT} IN (?, ?)`, params: prefixes };
  }
  if (prefixes) {
    const ranges = prefixes.map(() => `(${CLIENT} >= ? AND ${CLIENT} < ?)`).join(' OR ');
    return { where: `(${ranges}) AND in_network(${CLIENT}, ?)`, params: [...prefixes.flatMap((p) => [p, p + TOP]), spec] };
  }
  return { where: `${CLIENT} IS NOT NULL AND in_network(${CLIENT}, ?)`, params: [spec] };
}

/** SQL conditions (alias m) for `--path GLOB` (`*` and `?` wildcards; everything else literal). */
export function pathWhere(glob: string): { where: string; params: unknown[] } {
  // SQLite's GLOB also knows [...] classes: a literal [ is written [[].
  const sqlGlob = glob.replace(/\[/g, '[[]');
  const cut = glob.search(/[*?]/);
  if (cut < 0) return { where: `${PATH} = ?`, params: [glob] };
  const head = glob.slice(0, cut);
  if (!head) return { where: `${PATH} GLOB ?`, params: [sqlGlob] };
  return { where: `${PATH} >= ? AND ${PATH} < ? AND ${PATH} GLOB ?`, params: [head, head + TOP, sqlGlob] };
}
