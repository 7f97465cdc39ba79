// In-memory SystemsService for UI tests: the real overview logic (src/cli/systems-overview.ts) over configuration
// and collector_status rows kept in arrays, as on a jump host watching four systems.
import type { ConnectionTestResult, RestartResult, SystemsOverview, SystemsService } from '../../src/core/services.js';
import type { SourceStatus } from '../../src/store/collector-status.js';
import type { HostConfig, SourceConfig } from '../../src/store/config-store.js';
import { cannotRestart, systemsOverview } from '../../src/services/systems-overview.js';
import type { MemoryMessages } from './memory-services.js';

const NOW = Date.parse('2026-11-25T11:18:21Z');
const PID = 4242;

/** web1 connected (two sources), db2 refused for a changed key, ftp3 retrying through bastion (a jump host without sources). */
export function sampleHosts(): HostConfig[] {
  return [
    { name: 'web1', host: '10.0.0.5', user: 'monitor' },
    { name: 'db2', host: 'db2.example.com', user: 'monitor', identity: '/home/op/.ssh/msgmon_ed25519' },
    { name: 'bastion', host: 'bastion.example.com', user: 'op' },
    { name: 'ftp3', host: '192.168.1.9', port: 2222, user: 'monitor', jump: 'bastion' },
  ];
}

/** The sources of the sample hosts. */
export function sampleSources(): SourceConfig[] {
  const src = (name: string, system: string, formats: string[], path: string): SourceConfig =>
    ({ name, system, kind: 'file', formats, path, fromEnd: false }) as SourceConfig;
  return [
    src('web1-ftp', 'web1', ['vsftpd'], '/var/log/vsftpd.log'),
    src('web1-auth', 'web1', ['sshd', 'sftp'], '/var/log/auth.log'),
    src('db2-xfer', 'db2', ['xferlog'], '/var/log/xferlog'),
    src('ftp3-ftp', 'ftp3', ['vsftpd'], '/srv/ftp/log/vsftpd.log'),
    src('ftp3-auth', 'ftp3', ['sshd', 'sftp'], '/var/log/auth.log'),
    src('ftp3-xfer', 'ftp3', ['xferlog'], '/var/log/xferlog'),
  ];
}

/** What the sample collector (pid 4242) last wrote. */
export function sampleStatus(): SourceStatus[] {
  const row = (source: string, system: string, s: Partial<SourceStatus>): SourceStatus => ({
    source,
    system,
    state: 'connected',
    detail: null,
    retryAt: null,
    lagBytes: 0,
    lastMessage: null,
    pid: PID,
    updated: NOW - 400,
    ...s,
  });
  const refused = 'host key of db2 (db2.example.com) changed: SHA256:9bq1T5Yf3mJ0C3s4yqkVQ7Zl2aXnWc4oP8dE6rGh1uM is not the recorded key';
  const lost = 'connect ECONNREFUSED 192.168.1.9:2222';
  return [
    row('web1-ftp', 'web1', { lastMessage: Date.parse('2026-11-25T11:18:21Z') }),
    row('web1-auth', 'web1', { lagBytes: 12_288, lastMessage: Date.parse('2026-11-25T11:17:02Z') }),
    row('db2-xfer', 'db2', { state: 'refused', detail: refused, retryAt: NOW + 60_000, lagBytes: null, lastMessage: Date.parse('2026-11-25T09:40:10Z') }),
    ...['ftp3-ftp', 'ftp3-auth', 'ftp3-xfer'].map((s, i) =>
      row(s, 'ftp3', {
        state: 'retrying',
        detail: lost,
        retryAt: NOW + 12_000,
        lagBytes: [3_565_158, 0, 1_500][i]!,
        lastMessage: Date.parse('2026-11-25T10:58:30Z'),
      }),
    ),
  ];
}

/** Configuration and collector state in arrays; every test and restart asked is recorded. */
export class MemorySystems implements SystemsService {
  hosts = sampleHosts();
  sources = sampleSources();
  status = sampleStatus();
  collectorPid: number | null = PID;
  /** What test(name) answers; a system not listed fails to connect. */
  readonly answers = new Map<string, ConnectionTestResult>([
    [
      'web1',
      {
        ok: true,
        test: {
          name: 'web1',
          host: '10.0.0.5',
          port: 22,
          user: 'monitor',
          keyType: 'ssh-ed25519',
          fingerprint: 'SHA256:Uu2a0yZ3KmhH0jAvxSkqJ3qAbF3mIYcZ9fEhO4oFcx4',
          auth: 'publickey /home/op/.ssh/id_ed25519',
          os: 'Linux 6.1.0-28-amd64',
          connectMs: 41,
          commandMs: 0.8,
          jumps: [],
          transport: 'ssh2',
        },
      },
    ],
  ]);
  readonly tested: string[] = [];
  readonly restarted: string[] = [];

  constructor(private readonly messages: MemoryMessages) {}

  overview(): SystemsOverview {
    return systemsOverview({
      hosts: this.hosts,
      sources: this.sources,
      status: this.status,
      collectorPid: this.collectorPid,
      seenSystems: this.messages.seen('system'),
      target: (h) => ({ address: `${h.host}:${h.port ?? 22}`, user: h.user ?? 'op' }),
      cursor: (s) => (this.status.some((r) => r.source === s.name) ? { inode: '1311', offset: 48_213 } : null),
      lastMessage: (system) => {
        const times = this.messages.messages.filter((m) => m.system === system).map((m) => m.time);
        return times.length ? Math.max(...times) : null;
      },
    });
  }

  test(name: string): Promise<ConnectionTestResult> {
    this.tested.push(name);
    return Promise.resolve(this.answers.get(name) ?? { ok: false, error: `connect ECONNREFUSED ${name}:22` });
  }

  restart(name: string): RestartResult {
    const why = cannotRestart(this.overview(), name);
    if (why !== null) return { ok: false, reason: why };
    this.restarted.push(name);
    return { ok: true, pid: this.collectorPid! };
  }
}
