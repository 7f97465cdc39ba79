// Real receivers for notification tests, in the test process on 127.0.0.1: an SMTP server (smtp-server) that
// requires STARTTLS with a self-signed certificate made by openssl, and an HTTP server that records requests.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { CLI, type CliRun } from './cli.js';

/** A mail as the SMTP server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  secure: boolean;
  user: string | null;
  at: number;
}

/** A running SMTP server. */
export interface MailServer {
  port: number;
  /** PEM of its self-signed certificate (give it to the channel as --ca). */
  caFile: string;
  mails: ReceivedMail[];
  /** Refuse every mail (a transient 451) while true. */
  refuse: boolean;
  close(): Promise<void>;
}

/** A self-signed certificate for 127.0.0.1 and localhost: key and cert PEM files in a temp folder. */
export function selfSigned(): { key: string; cert: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-cert-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { key, cert, dir };
}

/** Starts an SMTP server that accepts mail only after STARTTLS, with AUTH PLAIN/LOGIN checked against `users`. */
export async function startMailServer(users: Record<string, string> = {}): Promise<MailServer> {
  const tls = selfSigned();
  const mails: ReceivedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    key: fs.readFileSync(tls.key),
    cert: fs.readFileSync(tls.cert),
    secure: false,
    authOptional: Object.keys(users).length === 0,
    allowInsecureAuth: false,
    disabledCommands: [],
    logger: false,
    onAuth(auth, _session, cb) {
      if (users[auth.username ?? ''] === auth.password) cb(null, { user: auth.username });
      else cb(new Error('authentication failed'));
    },
    onMailFrom(_addr, session, cb) {
      if (!session.secure) return cb(Object.assign(new Error('STARTTLS first'), { responseCode: 530 }));
      if (state.refuse) return cb(Object.assign(new Error('try again later'), { responseCode: 451 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject,
          secure: session.secure,
          user: (session.user as string | undefined) ?? null,
          at: Date.now(),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    caFile: tls.cert,
    mails,
    get refuse() {
      return state.refuse;
    },
    set refuse(v: boolean) {
      state.refuse = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(tls.dir, { recursive: true, force: true });
      }),
  };
}

/** A request the HTTP server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A running HTTP server that answers `status` (200 unless changed) and records every request. */
export interface HookServer {
  url: string;
  requests: ReceivedRequest[];
  status: number;
  close(): Promise<void>;
}

export async function startHookServer(): Promise<HookServer> {
  const requests: ReceivedRequest[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.writeHead(state.status, { 'content-type': 'text/plain' });
      res.end(state.status === 200 ? 'ok' : 'broken');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get status() {
      return state.status;
    },
    set status(v: number) {
      state.status = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs msgmon without blocking the event loop (the receivers above live in this process). */
export function msgmonAsync(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** vsftpd log lines of one upload by `user` (what a rule on FTP0020 sees). */
export function uploadLines(user: string, file: string, pid = 4242, at = 'Wed Nov 25 12:04:00 2026'): string {
  return [
    `${at} [pid ${pid}] CONNECT: Client "10.0.0.5"`,
    `${at} [pid ${pid}] [${user}] OK LOGIN: Client "10.0.0.5"`,
    `${at} [pid ${pid}] [${user}] OK UPLOAD: Client "10.0.0.5", "${file}", 1234 bytes, 10.00Kbyte/sec`,
  ].join('\n');
}
