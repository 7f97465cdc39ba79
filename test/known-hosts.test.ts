// known_hosts matching against what OpenSSH itself says: keys made by ssh-keygen, hashed by `ssh-keygen -H`,
// fingerprints compared with `ssh-keygen -lf`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fingerprint, hostsFieldMatches, KnownHosts, knownHostName, parseKnownHosts, verdict } from '../src/collectors/known-hosts.js';
import { mustRun } from './support/system.js';

let dir: string;
let a: { line: string; blob: Buffer; fp: string };
let b: { line: string; blob: Buffer; fp: string };

async function key(name: string) {
  const f = path.join(dir, name);
  await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]);
  const pub = fs.readFileSync(`${f}.pub`, 'utf8').trim().split(' ');
  return { line: `${pub[0]} ${pub[1]}`, blob: Buffer.from(pub[1]!, 'base64'), fp: (await mustRun('ssh-keygen', ['-lf', `${f}.pub`])).split(' ')[1]! };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-kh-'));
  a = await key('a');
  b = await key('b');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('known_hosts', () => {
  it('fingerprints equal ssh-keygen -lf', () => {
    expect(fingerprint(a.blob)).toBe(a.fp);
    expect(fingerprint(b.blob)).toBe(b.fp);
  });

  it('matches plain patterns, [host]:port, wildcards and negation', () => {
    expect(knownHostName('web1', 22)).toBe('web1');
    expect(knownHostName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
    expect(hostsFieldMatches('web1,web2', 'web2')).toBe(true);
    expect(hostsFieldMatches('[127.0.0.1]:2222', '[127.0.0.1]:2222')).toBe(true);
    expect(hostsFieldMatches('[127.0.0.1]:2222', '127.0.0.1')).toBe(false);
    expect(hostsFieldMatches('*.example.com,!bad.example.com', 'a.example.com')).toBe(true);
    expect(hostsFieldMatches('*.example.com,!bad.example.com', 'bad.example.com')).toBe(false);
    expect(hostsFieldMatches('web?', 'WEB1')).toBe(true);
  });

  it('matches names hashed by ssh-keygen -H, as ssh-keygen -F finds them', async () => {
    const file = path.join(dir, 'hashed');
    fs.writeFileSync(file, `[127.0.0.1]:2222 ${a.line}\nweb1,web2 ${b.line}\n`);
    await mustRun('ssh-keygen', ['-H', '-f', file]);
    const entries = parseKnownHosts(fs.readFileSync(file, 'utf8'), file);
    expect(entries.every((e) => e.hosts.startsWith('|1|'))).toBe(true);
    expect(verdict(entries, '[127.0.0.1]:2222', a.blob).status).toBe('trusted');
    expect(verdict(entries, 'web2', b.blob).status).toBe('trusted');
    expect(verdict(entries, 'web2', a.blob).status).toBe('changed');
    expect(verdict(entries, 'web3', a.blob).status).toBe('unknown');
    expect((await mustRun('ssh-keygen', ['-F', 'web2', '-f', file])).includes(b.line.split(' ')[1]!)).toBe(true);
  });

  it('@revoked refuses a key whatever else says; @cert-authority lines are not host keys', () => {
    const entries = parseKnownHosts(`web1 ${a.line}\n@revoked * ${a.line}\n@cert-authority *.example.com ${b.line}\n`);
    expect(verdict(entries, 'web1', a.blob).status).toBe('revoked');
    expect(verdict(entries, 'x.example.com', b.blob).status).toBe('unknown');
  });

  it("msgmon's own file wins for hosts it names; trust replaces the host's line and keeps the others", () => {
    const own = path.join(dir, 'own', 'known_hosts');
    const user = path.join(dir, 'user_known_hosts');
    fs.writeFileSync(user, `[10.0.0.1]:2200 ${a.line}\nother ${a.line}\n`);
    const kh = new KnownHosts(own, [user]);
    expect(kh.check('10.0.0.1', 2200, a.blob).status).toBe('trusted');
    expect(kh.check('10.0.0.1', 2200, b.blob).status).toBe('changed');
    kh.trust('10.0.0.1', 2200, b.blob);
    expect(fs.statSync(own).mode & 0o777).toBe(0o600);
    expect(kh.check('10.0.0.1', 2200, b.blob).status).toBe('trusted');
    expect(kh.check('10.0.0.1', 2200, a.blob).status).toBe('changed');
    kh.trust('other', 22, b.blob);
    kh.trust('10.0.0.1', 2200, a.blob);
    expect(fs.readFileSync(own, 'utf8').trim().split('\n')).toEqual([`other ${b.line}`, `[10.0.0.1]:2200 ${a.line}`]);
  });
});
