// ~/.ssh/config parsing that the ssh-config package leaves to msgmon: Include (globs, nesting, relative to
// ~/.ssh, missing files skipped) and the ProxyJump forms OpenSSH accepts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProxyJump, sshConfigFor } from '../src/collectors/ssh-client-config.js';

let home: string;
const realHome = process.env.HOME;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-sshcfg-'));
  process.env.HOME = home; // os.homedir() follows HOME
  const ssh = path.join(home, '.ssh');
  fs.mkdirSync(path.join(ssh, 'conf.d', 'deeper'), { recursive: true });
  fs.writeFileSync(path.join(ssh, 'config'), ['Include conf.d/*.conf ~/.ssh/missing.conf', 'Host *', '  User fallback', ''].join('\n'));
  fs.writeFileSync(
    path.join(ssh, 'conf.d', '20-web.conf'),
    'Host web1\n  HostName 10.0.0.5\n  Port 2222\n  ProxyJump bastion,ops@10.0.0.9:2200\nInclude conf.d/deeper/*\n',
  );
  fs.writeFileSync(path.join(ssh, 'conf.d', '10-bastion.conf'), 'Host bastion\n  HostName 10.0.0.1\n  User jump\n');
  fs.writeFileSync(path.join(ssh, 'conf.d', 'deeper', 'db'), 'Host db1\n  HostName 10.0.0.7\n  ProxyJump none\n');
  fs.writeFileSync(path.join(ssh, 'conf.d', 'ignored.txt'), 'Host web1\n  HostName 6.6.6.6\n');
});
afterAll(() => {
  process.env.HOME = realHome;
  fs.rmSync(home, { recursive: true, force: true });
});

describe('~/.ssh/config', () => {
  it('follows Include: globs in order, nested files, paths relative to ~/.ssh; a missing file is skipped', () => {
    expect(sshConfigFor('web1')).toMatchObject({ hostName: '10.0.0.5', port: 2222, user: 'fallback', proxyJump: 'bastion,ops@10.0.0.9:2200' });
    expect(sshConfigFor('bastion')).toMatchObject({ hostName: '10.0.0.1', user: 'jump' });
    expect(sshConfigFor('db1')).toMatchObject({ hostName: '10.0.0.7', proxyJump: undefined });
    expect(sshConfigFor('other')).toMatchObject({ hostName: undefined, user: 'fallback' });
  });

  it('reads ProxyJump hops as OpenSSH writes them', () => {
    expect(parseProxyJump('bastion,ops@10.0.0.9:2200')).toEqual([{ host: 'bastion' }, { user: 'ops', host: '10.0.0.9', port: 2200 }]);
    expect(parseProxyJump('ssh://ops@[::1]:22')).toEqual([{ user: 'ops', host: '::1', port: 22 }]);
    expect(parseProxyJump('none')).toBeNull();
    expect(() => parseProxyJump('ops@')).toThrow("ProxyJump hop 'ops@' is not [user@]host[:port]");
  });
});
