// `msgmon hosts add|list|test|trust|remove`: the systems reached over SSH and their host keys.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { LOCAL_SYSTEM, type HostConfig } from '../store/config-store.js';
import { fingerprint, keyTypeOf, knownHostName } from '../collectors/known-hosts.js';
import { resolveTarget } from '../collectors/ssh-target.js';
import { probeHostKey, resolveChain } from '../collectors/ssh-jump.js';
import type { CliContext } from './context.js';
import { knownHostsOf, testConnection } from '../services/host-connection.js';
import { print, printJson, printTable } from './output.js';

/** The configured host NAME, or a clear error. */
export function hostNamed(c: CliContext, name: string): HostConfig {
  const h = c.config.data.hosts.find((x) => x.name === name);
  if (!h) throw new UserError(`no host named ${name} (msgmon hosts list)`);
  return h;
}

function portOf(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`--port '${s}' must be a port number (1-65535)`);
  return n;
}

/** Registers the hosts command and its subcommands. */
export function registerHosts(program: Command, ctx: () => CliContext): void {
  const hosts = program
    .command('hosts')
    .description('systems msgmon reaches over SSH (agent or key file; passwords are never stored)')
    .addHelpText(
      'after',
      `
Examples:
  msgmon hosts add web1 --host web1.example.com --user monitor --identity ~/.ssh/msgmon_ed25519
  msgmon hosts trust web1        record the host key (check the fingerprint it prints)
  msgmon hosts test web1         connect: fingerprint, login method, remote OS, latency
  msgmon hosts list --json`,
    );

  hosts
    .command('add')
    .description('add a host (an alias from ~/.ssh/config works as --host)')
    .argument('<name>', 'the system name used by sources and on messages')
    .requiredOption('--host <host>', 'host name, address or ~/.ssh/config alias')
    .option('--port <n>', 'SSH port (default: ~/.ssh/config, else 22)')
    .option('--user <user>', 'login user (default: ~/.ssh/config, else your user name)')
    .option('--identity <file>', 'private key file (default: ssh-agent, then ~/.ssh/config IdentityFile, ~/.ssh/id_*)')
    .option('--jump <name>', 'reach the host through this configured host (like ssh -J)')
    .option('--transport <kind>', 'ssh2 (built in, default) or openssh (the system ssh client)')
    .option('--json', 'print the host as JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon hosts add web1 --host 10.0.0.5 --user monitor
  msgmon hosts add db2 --host db2 --port 2222 --identity ~/.ssh/msgmon_ed25519
  msgmon hosts add inner --host 192.168.1.9 --jump bastion
  msgmon hosts add gss1 --host gss1.corp --transport openssh`,
    )
    .action((name: string, o: { host: string; port?: string; user?: string; identity?: string; jump?: string; transport?: string; json?: boolean }) => {
      const c = ctx();
      if (o.transport !== undefined && o.transport !== 'ssh2' && o.transport !== 'openssh')
        throw new UsageError(`--transport '${o.transport}' must be ssh2 or openssh`);
      if (o.transport === 'openssh' && o.jump) throw new UsageError('--jump works with the ssh2 transport only');
      if (name === LOCAL_SYSTEM)
        throw new UsageError(
          `${LOCAL_SYSTEM} is the system of files on this machine (msgmon sources add NAME --system ${LOCAL_SYSTEM} --path FILE); give the host another name`,
        );
      let identity: string | undefined;
      if (o.identity) {
        identity = path.resolve(o.identity);
        if (!fs.existsSync(identity)) throw new UserError(`identity file ${identity} does not exist`);
      }
      const h: HostConfig = {
        name,
        host: o.host,
        port: portOf(o.port),
        user: o.user,
        identity,
        jump: o.jump,
        transport: o.transport as HostConfig['transport'],
      };
      for (const k of Object.keys(h) as Array<keyof HostConfig>) if (h[k] === undefined) delete h[k];
      // Checked against a fresh read under the configuration's lock: two parallel adds of one name cannot both win.
      c.config.update((d) => {
        if (d.hosts.some((x) => x.name === name)) throw new UserError(`host ${name} exists already (msgmon hosts remove ${name} first)`);
        if (o.jump && !d.hosts.some((x) => x.name === o.jump)) throw new UserError(`jump host ${o.jump} is not configured: add it first`);
        d.hosts.push(h);
      });
      if (o.json) return printJson(h);
      print(`Added host ${name}. Next: msgmon hosts trust ${name} (records its host key), then msgmon hosts test ${name}\n`);
    });

  hosts
    .command('list')
    .description('the configured hosts, as ~/.ssh/config resolves them')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon hosts list\n  msgmon hosts list --json')
    .action((o: { json?: boolean }) => {
      const c = ctx();
      const kh = knownHostsOf(c.home);
      const rows = c.config.data.hosts.map((h) => {
        const t = resolveTarget(h);
        return { ...h, resolved: { host: t.host, port: t.port, user: t.user }, hostKeyKnown: kh.keyTypes(t.host, t.port).length > 0 };
      });
      if (o.json) return printJson(rows);
      if (!rows.length) return void print('No hosts. Add one: msgmon hosts add NAME --host H\n');
      printTable(
        ['Name', 'Address', 'User', 'Identity', 'Jump', 'Transport', 'Host key'],
        rows.map((r) => [
          r.name,
          `${r.resolved.host}:${r.resolved.port}`,
          r.resolved.user,
          r.identity ?? '(agent, ~/.ssh)',
          r.jump ?? '',
          r.transport ?? 'ssh2',
          r.hostKeyKnown ? 'known' : 'not trusted yet',
        ]),
      );
    });

  hosts
    .command('test')
    .description('connect: host key fingerprint, login method, remote OS (uname -sr), latency')
    .argument('<name>')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  msgmon hosts test web1\n  msgmon hosts test web1 --json')
    .action(async (name: string, o: { json?: boolean }) => {
      const c = ctx();
      const r = await testConnection(c, c.config.data.hosts, hostNamed(c, name), knownHostsOf(c.home));
      if (o.json) return printJson(r);
      print(
        [
          `Host ${name} (${knownHostName(r.host, r.port)}) answered in ${r.connectMs} ms${r.jumps.length ? ` through ${r.jumps.join(', ')}` : ''}`,
          `  host key   ${r.keyType} ${r.fingerprint} (trusted)`,
          `  logged in  as ${r.user} by ${r.auth}`,
          `  remote OS  ${r.os}`,
          `  latency    ${r.commandMs} ms for one command`,
        ].join('\n') + '\n',
      );
    });

  hosts
    .command('trust')
    .description("connect and record the host key the host shows in msgmon's known_hosts (replacing an older one)")
    .argument('<name>')
    .option('--fingerprint <SHA256:…>', 'record the key only if it has this fingerprint (checked out of band)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  msgmon hosts trust web1
  msgmon hosts trust web1 --fingerprint SHA256:Uu2a0yZ3KmhH0jAvxSkqJ3qAbF3mIYcZ9fEhO4oFcx4
Compare the fingerprint with the one on the host:  ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`,
    )
    .action(async (name: string, o: { fingerprint?: string; json?: boolean }) => {
      const c = ctx();
      const h = hostNamed(c, name);
      const kh = knownHostsOf(c.home);
      const chain = resolveChain(c.config.data.hosts, h);
      const key = await probeHostKey(chain, { knownHosts: kh, readyTimeoutMs: 15_000 });
      const fp = fingerprint(key);
      const t = chain[chain.length - 1]!;
      if (o.fingerprint && o.fingerprint !== fp) throw new UserError(`${name} shows ${fp}, not ${o.fingerprint}: nothing recorded`);
      const before = kh.check(t.host, t.port, key);
      if (before.status === 'revoked') throw new UserError(`${name}'s key ${fp} is revoked (@revoked in ${before.entry.file}): nothing recorded`);
      kh.trust(t.host, t.port, key);
      const r = { name, host: knownHostName(t.host, t.port), keyType: keyTypeOf(key), fingerprint: fp, was: before.status, file: kh.ownFile };
      if (o.json) return printJson(r);
      const was =
        before.status === 'changed'
          ? ` (replaces ${before.expected.map((e) => fingerprint(e.key)).join(', ')})`
          : before.status === 'trusted'
            ? ' (was trusted already)'
            : '';
      print(`Trusted ${name} (${r.host}): ${r.keyType} ${fp}${was}\nRecorded in ${kh.ownFile}\n`);
    });

  hosts
    .command('remove')
    .description('remove a host (its sources must be removed first)')
    .argument('<name>')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  msgmon hosts remove web1')
    .action((name: string, o: { json?: boolean }) => {
      const c = ctx();
      hostNamed(c, name);
      c.config.update((d) => {
        if (!d.hosts.some((x) => x.name === name)) throw new UserError(`no host named ${name} (removed meanwhile; msgmon hosts list)`);
        const used = d.sources.filter((s) => s.system === name).map((s) => s.name);
        if (used.length) throw new UserError(`host ${name} is used by sources ${used.join(', ')}: remove them first (msgmon sources remove NAME)`);
        const jumps = d.hosts.filter((x) => x.jump === name).map((x) => x.name);
        if (jumps.length) throw new UserError(`hosts ${jumps.join(', ')} jump through ${name}: remove or change them first`);
        d.hosts = d.hosts.filter((x) => x.name !== name);
      });
      if (o.json) return printJson({ removed: name });
      print(`Removed host ${name}.\n`);
    });
}
