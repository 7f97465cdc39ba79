// A realistic large rule set for the "ingest 500 rules vs 0 rules" row:
//   node dist/bench/rules-500.js --out FILE [--count 500]
//   msgmon --home H rules import FILE && msgmon --home H ingest --system bench --format vsftpd LOG --json
// Like a site that monitors a hundred systems: most rules name another system or a message ID the FTP log
// never has, many look at this system's FTP messages and mostly do not match (user and path conditions),
// a few dozen use wildcards (the slow path of the index), and log-only rules silence the generated batch users.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const FTP_IDS = [
  'FTP0001',
  'FTP0002',
  'FTP0003',
  'FTP0010',
  'FTP0011',
  'FTP0020',
  'FTP0021',
  'FTP0022',
  'FTP0023',
  'FTP0024',
  'FTP0025',
  'FTP0026',
  'FTP0030',
  'FTP0040',
  'FTP0050',
];
const IBM_IDS = ['CPF1124', 'CPF1164', 'AUD0001', 'AUD0010', 'AUD0011', 'SYS0001', 'SYS0002', 'TCP1A01', 'CPF2204', 'CPI1117'];
/** The batch users of bench/gen-world.ts. */
const BATCH = [
  'edi_in',
  'edi_out',
  'sap_exp',
  'sap_imp',
  'payroll',
  'bankfile',
  'backup01',
  'backup02',
  'wms_sync',
  'crm_feed',
  'invoices',
  'labels',
  'edi_dhl',
  'pos_upld',
  'reports',
];
const COLORS = ['red', 'yellow', 'pink', 'turquoise', 'white', 'blue'] as const;

/** `count` rules (default 500), every one enabled; the same count always gives the same rules. */
export function benchRules(count = 500): Array<Record<string, unknown>> {
  const rules: Array<Record<string, unknown>> = [];
  const add = (r: Record<string, unknown>) => rules.length < count && rules.push({ seq: (rules.length + 1) * 10, ...r });
  // Scripts first, as rules suggest would place them.
  BATCH.forEach((u, i) =>
    add({
      description: `Automatic FTP script ${u}`,
      match: {
        msgId: ['FTP0001', 'FTP0002', 'FTP0010', 'FTP0011', 'FTP0020', 'FTP0021', 'FTP0022', 'FTP0023', 'FTP0040'],
        fields: [
          { field: 'client', equals: `10.20.0.${11 + i}` },
          { field: 'user', equals: u, orMissing: true },
        ],
      },
      actions: { log: 'L' },
    }),
  );
  for (let i = 0; rules.length < count; i++) {
    const kind = i % 10;
    const sys = `sys${String(i % 100).padStart(3, '0')}`;
    const id = FTP_IDS[i % FTP_IDS.length]!;
    const color = COLORS[i % COLORS.length];
    if (kind < 5) {
      add({ description: `Other system ${sys}: ${id} by app${i}`, match: { system: sys, msgId: id, user: `app${i}` }, actions: { highlight: { color } } });
    } else if (kind < 7) {
      add({
        description: `This system: ${id} under /srv/app${i}`,
        match: { msgId: id, fields: [{ field: 'path', glob: `/srv/app${i}/*` }] },
        actions: { severity: 40, highlight: { color }, then: 'continue' },
      });
    } else if (kind === 7) {
      add({
        description: `IBM i ${IBM_IDS[i % IBM_IDS.length]} #${i}`,
        match: { msgId: IBM_IDS[i % IBM_IDS.length], fields: [{ field: 'job', glob: `*JOB${i}*` }] },
        actions: { tags: ['ibmi'] },
      });
    } else if (kind === 8 && i % 20 === 8) {
      add({ description: `Any transfer by contractor c${i}`, match: { msgId: 'FTP002*', user: [`c${i}`, `c${i}x`] }, actions: { inquiry: true } });
    } else {
      add({
        description: `Large download of /data${i}`,
        match: {
          msgId: 'FTP0021',
          fields: [
            { field: 'bytes', gt: 500_000_000 },
            { field: 'path', regex: `^/data${i}/` },
          ],
        },
        actions: { severity: 60 }, // no notify: a rule naming a channel needs it configured (issue 12), and sending is not what this row measures
      });
    }
  }
  return rules;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const out = arg('--out');
  const count = Number(arg('--count') ?? 500);
  if (!out || !Number.isInteger(count) || count < 0) {
    process.stderr.write('usage: node dist/bench/rules-500.js --out FILE [--count N]\n');
    process.exit(2);
  }
  writeFileSync(out, JSON.stringify({ rules: benchRules(count) }, null, 1) + '\n');
}
