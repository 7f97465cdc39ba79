// Scripted FTP sessions driven by REAL clients (basic-ftp and curl) against a server from startVsftpd.
import { Client } from 'basic-ftp';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { run, waitFor, type RunResult } from './system.js';

/** Where and as whom to connect. */
export interface FtpTarget {
  port: number;
  user: string;
  password: string;
  tls?: boolean;
  host?: string;
}

/** Connects and logs in with basic-ftp (explicit FTPS when target.tls); the caller ends the session. */
export async function connectFtp(t: FtpTarget, timeoutMs = 10_000): Promise<Client> {
  const client = new Client(timeoutMs);
  await client.access({
    host: t.host ?? '127.0.0.1',
    port: t.port,
    user: t.user,
    password: t.password,
    secure: !!t.tls,
    secureOptions: t.tls ? { rejectUnauthorized: false } : undefined,
  });
  return client;
}

/** Sends QUIT, waits for 221, then closes the sockets (a clean end, logged by the server). */
export async function quit(client: Client): Promise<void> {
  try {
    await client.send('QUIT');
  } finally {
    client.ftp.socket.destroy();
    client.close();
  }
}

/** Uploads text content as remoteName (STOR) in the current directory. */
export function putText(client: Client, remoteName: string, text: string) {
  return client.uploadFrom(Readable.from([Buffer.from(text)]), remoteName);
}

/** Downloads remoteName (RETR) and resolves with its content as text. */
export async function getText(client: Client, remoteName: string): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(c, _e, cb) {
      chunks.push(Buffer.from(c));
      cb();
    },
  });
  await client.downloadTo(sink, remoteName);
  return Buffer.concat(chunks).toString('utf8');
}

/** What fullSession did, for assertions. */
export interface FullSessionResult {
  listing: string[];
  downloaded: string;
  dir: string;
  file: string;
  renamed: string;
}

/**
 * The full script: login, PWD, LIST, MKD, CWD, STOR, LIST, RETR, RNFR/RNTO, SITE CHMOD, DELE, CDUP, RMD,
 * a failing SITE command, QUIT.
 */
export async function fullSession(t: FtpTarget, tag = 'demo'): Promise<FullSessionResult> {
  const client = await connectFtp(t);
  try {
    const dir = `${tag}-dir`,
      file = `${tag}.txt`,
      renamed = `${tag}-renamed.txt`;
    await client.pwd();
    await client.list();
    await client.send(`MKD ${dir}`);
    await client.cd(dir);
    await putText(client, file, `hello from ${tag}\n`);
    const listing = (await client.list()).map((f) => f.name);
    const downloaded = await getText(client, file);
    await client.rename(file, renamed);
    await client.send(`SITE CHMOD 600 ${renamed}`);
    await client.remove(renamed);
    await client.cdup();
    await client.removeEmptyDir(dir);
    await client.sendIgnoringError('SITE FROBNICATE');
    await quit(client);
    return { listing, downloaded, dir, file, renamed };
  } finally {
    client.close();
  }
}

/** Options of productSession: a command the server must refuse with 550 (in `out`), and an extra step before RMD. */
export interface ProductSessionSteps {
  refused: (c: Client) => Promise<unknown>;
  beforeRmd?: (c: Client) => Promise<unknown>;
}

/**
 * The scripted session of the FTP server tests: PWD (as curl, lftp and FileZilla do after logon), LIST, MKD out,
 * CWD out, STOR a.csv, RETR a.csv, RNFR/RNTO to b.csv, SITE CHMOD 600, DELE b.csv, a refused command, CDUP, RMD out, QUIT.
 */
export async function productSession(t: FtpTarget, steps: ProductSessionSteps): Promise<void> {
  const c = await connectFtp(t);
  try {
    await c.pwd();
    await c.list();
    await c.send('MKD out');
    await c.cd('out');
    await putText(c, 'a.csv', 'id;amount\n1;100\n');
    const back = await getText(c, 'a.csv');
    if (back !== 'id;amount\n1;100\n') throw new Error(`RETR a.csv gave ${JSON.stringify(back)}`);
    await c.rename('a.csv', 'b.csv');
    await c.send('SITE CHMOD 600 b.csv');
    await c.remove('b.csv');
    const refusal = await steps.refused(c).then(
      () => null,
      (err: Error) => err,
    );
    if (!refusal || !/550/.test(refusal.message)) throw new Error(`the server did not refuse with 550: ${refusal?.message ?? 'it succeeded'}`);
    await c.cdup();
    await steps.beforeRmd?.(c);
    await c.removeEmptyDir('out');
    await quit(c);
  } finally {
    c.close();
  }
}

/** A session that logs in, lists, and then drops the TCP connection (RST, no QUIT). */
export async function droppedSession(t: FtpTarget): Promise<void> {
  const client = await connectFtp(t);
  await client.list();
  client.ftp.socket.resetAndDestroy();
  client.close();
}

/** Failed transfers: RETR of a missing file, STOR into a missing dir, and a RETR aborted mid-transfer by dropping the data socket. */
export async function failedTransfers(t: FtpTarget, bigBytes = 8 * 1024 * 1024): Promise<void> {
  const client = await connectFtp(t);
  try {
    await client.uploadFrom(Readable.from([Buffer.alloc(bigBytes, 0x41)]), 'big.bin');
    await client
      .downloadTo(
        new Writable({
          write(_c, _e, cb) {
            cb();
          },
        }),
        'no-such-file.txt',
      )
      .catch(() => undefined);
    await putText(client, 'no-such-dir/x.txt', 'x').catch(() => undefined);
    let seen = 0;
    const sink = new Writable({
      highWaterMark: 1024,
      write(c: Buffer, _e, cb) {
        seen += c.length;
        if (seen > 65536) client.ftp.dataSocket?.resetAndDestroy();
        cb();
      },
    });
    await client.downloadTo(sink, 'big.bin').catch(() => undefined);
  } finally {
    client.close();
  }
}

function curlArgs(t: FtpTarget, user: string, password: string): string[] {
  const tls = t.tls ? ['--ssl-reqd', '-k'] : [];
  return ['-sS', '--max-time', '20', ...tls, '--user', `${user}:${password}`];
}

/** curl login that must fail (wrong password or unknown user); resolves with curl's result (exit 67 expected). */
export function curlFailedLogin(t: FtpTarget, user = t.user, badPassword = 'wrong-password'): Promise<RunResult> {
  return run('curl', [...curlArgs(t, user, badPassword), `ftp://${t.host ?? '127.0.0.1'}:${t.port}/`]);
}

/** A simple curl session: login, PWD, EPSV, LIST of path, QUIT; resolves with the listing text. */
export async function curlList(t: FtpTarget, path = '/'): Promise<string> {
  const r = await run('curl', [...curlArgs(t, t.user, t.password), `ftp://${t.host ?? '127.0.0.1'}:${t.port}${path}`]);
  if (r.code !== 0) throw new Error(`curl list exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** curl upload of a local file to a path relative to the login directory (STOR), then QUIT. */
export async function curlUpload(t: FtpTarget, localFile: string, remotePath: string): Promise<void> {
  const r = await run('curl', [...curlArgs(t, t.user, t.password), '-T', localFile, `ftp://${t.host ?? '127.0.0.1'}:${t.port}/${remotePath}`]);
  if (r.code !== 0) throw new Error(`curl upload exited ${r.code}: ${r.stderr}`);
}

/**
 * A client killed mid-upload: curl uploads localFile at 64 KiB/s and is SIGKILLed as soon as serverFile (where the
 * server stores it) has data, so the server sees both connections die without a QUIT.
 */
export async function curlKilledUpload(t: FtpTarget, localFile: string, remotePath: string, serverFile: string): Promise<void> {
  const curl = spawn(
    'curl',
    [...curlArgs(t, t.user, t.password), '--limit-rate', '64k', '-T', localFile, `ftp://${t.host ?? '127.0.0.1'}:${t.port}/${remotePath}`],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => curl.once('exit', () => r()));
  await waitFor(() => existsSync(serverFile) && statSync(serverFile).size > 0, 20_000, `the upload of ${remotePath} to start`);
  curl.kill('SIGKILL');
  await exited;
}
