// The SFTP test server: a private rsyslogd, a VERBOSE sshd with `internal-sftp -l VERBOSE -f AUTH` logging to it,
// and a local folder with the files the clients upload (a small CSV and a big file to kill a client during).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRsyslog, type Rsyslog } from './rsyslog.js';
import { startSshd, type SshdServer } from './sshd.js';

/** Size of `big.bin`: at 4000 kbit/s its upload takes ~8 s, long enough to stop and kill the client during it. */
export const BIG = 4 * 1024 * 1024;

/** The running servers and the local folder (a.csv, big.bin). */
export interface SftpFixture {
  syslog: Rsyslog;
  srv: SshdServer;
  local: string;
  /** Stops both daemons, removes the local folder and the named files from the server user's home. */
  stop(remoteFiles: string[]): Promise<void>;
}

/** Starts rsyslogd (logging as `hostname`) and sshd; VERBOSE adds the connection, key and session lines. */
export async function startSftpFixture(hostname: string): Promise<SftpFixture> {
  const syslog = await startRsyslog({ hostname });
  const srv = await startSshd({ syslogSocket: syslog.socket, logLevel: 'VERBOSE' });
  const local = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-sftp-test-'));
  fs.writeFileSync(path.join(local, 'a.csv'), 'id;amount\n1;100\n');
  fs.writeFileSync(path.join(local, 'big.bin'), Buffer.alloc(BIG, 0x42));
  return {
    syslog,
    srv,
    local,
    async stop(remoteFiles) {
      await srv.stop();
      await syslog.stop();
      fs.rmSync(local, { recursive: true, force: true });
      for (const f of remoteFiles) fs.rmSync(`/home/${srv.user}/${f}`, { force: true });
    },
  };
}
