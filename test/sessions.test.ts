// Sessions: the summary kept in the commit transaction, end markers, idle and process-gone ends, restart
// (open sessions taken back from the table), the sshd → internal-sftp link, and the `msgmon sessions` CLI.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MessageStore } from '../src/store/message-store.js';
import { MIGRATIONS } from '../src/store/schema.js';
import { Catalog } from '../src/catalog/catalog.js';
import { FormatRegistry } from '../src/formats/registry.js';
import { makeProcessor } from '../src/pipeline/make-processor.js';
import { SessionEnds } from '../src/pipeline/session-ends.js';
import type { NewMessage } from '../src/core/types.js';
import { msg } from './support/rules.js';
import { msgmon, tempHome } from './support/cli.js';
import { demoServices, demoStore } from './support/session-services.js';
import { Navigator } from '../src/ui/navigator.js';

const dirs: string[] = [];
function store(): MessageStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-sessions-unit-'));
  dirs.push(dir);
  return new MessageStore(path.join(dir, 'messages.db'));
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const catalog = Catalog.load();
const formats = FormatRegistry.load();
const T = Date.parse('2026-11-25T10:00:00Z');
const raw = (lines: string[]) => lines.map((text) => ({ text, binary: false, overlong: null }));
const inSession = (p: Partial<NewMessage> & { at?: number }) => msg({ session: 'web1:100:a', system: 'web1', source: 'vsftpd', ...p });

describe('the sessions table', () => {
  it('sums a session from its messages in the commit transaction, across batches', () => {
    const s = store();
    s.commit([
      inSession({ msgId: 'FTP0001', fields: { client: '10.0.0.5', protocol: 'ftp', pid: 100 } }),
      inSession({ msgId: 'FTP0002', fields: { user: 'thomask', client: '10.0.0.5', protocol: 'ftp', pid: 99 }, at: 1 }),
      inSession({ msgId: 'FTP0020', fields: { user: 'thomask', bytes: 1234, pid: 101 }, at: 2 }),
    ]);
    s.commit([
      inSession({ msgId: 'FTP0021', fields: { user: 'thomask', bytes: 10, pid: 101 }, at: 3 }),
      inSession({ msgId: 'FTP0021', fields: { user: 'thomask', bytes: 20, pid: 101 }, at: 4 }),
      inSession({ msgId: 'FTP0050', fields: { user: 'thomask', pid: 101 }, at: 5 }),
      inSession({ msgId: 'FTP0040', fields: { user: 'thomask', pid: 101 }, at: 6 }),
      inSession({ msgId: 'FTP0011', fields: { user: 'thomask', pid: 101 }, at: 7 }),
    ]);
    expect(s.sessions.get('web1:100:a')).toEqual({
      id: 'web1:100:a',
      system: 'web1',
      source: 'vsftpd',
      protocol: 'ftp',
      user: 'thomask',
      client: '10.0.0.5',
      start: T,
      last: T + 7000,
      end: T + 6000,
      endedBy: 'logout',
      commands: 5,
      filesUp: 1,
      filesDown: 2,
      bytesUp: 1234,
      bytesDown: 30,
      messages: 8,
      loggedOn: true,
      pids: [100, 99, 101],
    });
  });

  it('takes the end from session_end, else from FTP0040/FTP0041; the earliest end wins (sources read out of order)', () => {
    const s = store();
    s.commit([
      inSession({ msgId: 'CPF1164', fields: { session_end: 'job' }, at: 10 }),
      inSession({ msgId: 'AUD0001', fields: { session_end: 'logout' }, at: 5 }),
    ]);
    expect(s.sessions.get('web1:100:a')).toMatchObject({ end: T + 5000, endedBy: 'logout', commands: 0 });
    s.commit([msg({ session: 'web1:7:b', msgId: 'FTP0041', fields: { reason: 'Read EOF from client' } })]);
    expect(s.sessions.get('web1:7:b')).toMatchObject({ endedBy: 'dropped', end: T });
  });

  it('an SSH logon that opens SFTP is an SFTP session; messages without a session are in none', () => {
    const s = store();
    s.commit([
      msg({ session: 'w:1:a', msgId: 'FTP0002', fields: { protocol: 'ssh', user: 'u' } }),
      msg({ session: 'w:1:a', msgId: 'FTP0011', fields: { protocol: 'sftp' } }),
      msg({ session: null, msgId: 'MON0010' }),
    ]);
    expect(s.sessions.list({}, 10).map((x) => [x.id, x.protocol])).toEqual([['w:1:a', 'sftp']]);
  });

  it('lists newest first with --active, --user, --system, --since; messages of a session in log order', () => {
    const s = store();
    s.commit([
      msg({ session: 'a:1:x', system: 'a', msgId: 'FTP0002', fields: { user: 'u1' }, at: 0 }),
      msg({ session: 'b:2:x', system: 'b', msgId: 'FTP0002', fields: { user: 'u2' }, at: 60 }),
      msg({ session: 'b:2:x', system: 'b', msgId: 'FTP0040', fields: { user: 'u2' }, at: 61 }),
      msg({ session: 'a:1:x', system: 'a', msgId: 'FTP0011', fields: { user: 'u1' }, at: -5 }), // logged late, happened early
    ]);
    const ids = (q: Parameters<typeof s.sessions.list>[0]) => s.sessions.list(q, 10).map((x) => x.id);
    expect(ids({})).toEqual(['b:2:x', 'a:1:x']);
    expect(ids({ active: true })).toEqual(['a:1:x']);
    expect(ids({ user: 'u2' })).toEqual(['b:2:x']);
    expect(ids({ system: 'a' })).toEqual(['a:1:x']);
    expect(ids({ since: T + 30_000 })).toEqual(['b:2:x']);
    expect(s.sessions.messages('a:1:x').map((m) => m.msgId)).toEqual(['FTP0011', 'FTP0002']);
  });

  it('migration 5 sums the sessions of messages stored before it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-sessions-mig-'));
    dirs.push(dir);
    const file = path.join(dir, 'messages.db');
    const db = new Database(file);
    db.exec(MIGRATIONS.slice(0, 4).join(';\n'));
    db.pragma('user_version = 4');
    const ins = db.prepare(
      "INSERT INTO messages(time, system, source, msg_id, severity, text, fields, user, session, console, raw) VALUES (?, 'w', 'vsftpd', ?, 10, 't', ?, 'u', 'w:1:a', 0, 'r')",
    );
    ins.run(T, 'FTP0002', JSON.stringify({ protocol: 'ftp', client: '10.0.0.5' }));
    ins.run(T + 1000, 'FTP0020', JSON.stringify({ bytes: 5 }));
    ins.run(T + 2000, 'FTP0040', '{}');
    db.close();
    expect(new MessageStore(file).sessions.get('w:1:a')).toMatchObject({
      protocol: 'ftp',
      client: '10.0.0.5',
      user: 'u',
      start: T,
      end: T + 2000,
      endedBy: 'logout',
      commands: 1,
      filesUp: 1,
      bytesUp: 5,
      messages: 3,
      loggedOn: true,
    });
  });
});

describe('session ends and restarts through the pipeline', () => {
  const VSFTPD = (pid: number, hms: string, rest: string) => `Wed Nov 25 ${hms} 2026 [pid ${pid}] ${rest}`;
  const login = [
    VSFTPD(200, '10:00:00', 'CONNECT: Client "10.0.0.5"'),
    VSFTPD(199, '10:00:01', '[thomask] OK LOGIN: Client "10.0.0.5"'),
    VSFTPD(201, '10:00:02', '[thomask] FTP command: Client "10.0.0.5", "LIST"'),
  ];

  it('a processor made after a restart continues the open sessions of its source under their ids', () => {
    const s = store();
    const before = makeProcessor(formats, catalog, 'web1', ['vsftpd'], 'vsftpd');
    s.commit(before.process(raw(login)));
    const id = s.sessions.list({}, 1)[0]!.id;
    const after = makeProcessor(formats, catalog, 'web1', ['vsftpd'], 'vsftpd', { open: s.sessions.open('web1', 'vsftpd') });
    const rest = after.process(raw([VSFTPD(201, '10:00:09', '[thomask] FTP command: Client "10.0.0.5", "QUIT"')]));
    expect(rest.map((m) => [m.msgId, m.session, m.fields.session_end])).toEqual([['FTP0040', id, 'logout']]);
    s.commit(rest);
    expect(s.sessions.get(id)).toMatchObject({ endedBy: 'logout', messages: 4 });
  });

  it('idle: FTP0041 at last + timeout for silent sessions; later lines of their processes start a new session', () => {
    const s = store();
    const p = makeProcessor(formats, catalog, 'web1', ['vsftpd'], 'vsftpd', { idleMs: 30 * 60_000 });
    s.commit(p.process(raw(login)));
    expect(p.idleEnds(T + 29 * 60_000)).toEqual([]);
    const idle = p.idleEnds(T + 31 * 60_000);
    expect(idle.map((m) => [m.msgId, m.time, m.text, m.fields.session_end])).toEqual([
      ['FTP0041', T + 2000 + 30 * 60_000, 'FTP: Session of user thomask from 10.0.0.5 ended without logout: no activity for 30 min', 'idle'],
    ]);
    s.commit(idle);
    expect(s.sessions.list({ active: true }, 10)).toEqual([]);
    const late = p.process(raw([VSFTPD(201, '10:40:00', '[thomask] FTP command: Client "10.0.0.5", "LIST"')]));
    expect(late[0]!.session).not.toBe(idle[0]!.session);
  });

  it('process gone: ended at the second check in a row that finds none of its pids, never while one runs', async () => {
    const s = store();
    const p = makeProcessor(formats, catalog, 'web1', ['vsftpd'], 'vsftpd');
    s.commit(p.process(raw(login)));
    const ends = new SessionEnds(s, p);
    const asked: number[][] = [];
    const running = (alive: number[]) => async (pids: number[]) => (asked.push(pids), new Set(pids.filter((x) => alive.includes(x))));
    expect(await ends.gone(running([199]))).toEqual([]);
    expect(await ends.gone(running([]))).toEqual([]); // first strike
    const gone = await ends.gone(running([]), 2, T + 60_000);
    expect(gone.map((m) => [m.msgId, m.time, m.fields.session_end, m.fields.reason])).toEqual([['FTP0041', T + 60_000, 'process', 'server process ended']]);
    expect(asked[0]!.sort()).toEqual([199, 200, 201]);
  });

  it('sshd logon, user child and internal-sftp process make one session with the logon user and client', () => {
    const p = makeProcessor(formats, catalog, 'web2', ['sshd', 'sftp'], 'auth');
    const l = (prog: string, pid: number, rest: string) => `Nov 25 10:00:00 web2 ${prog}[${pid}]: ${rest}`;
    const out = p.process(
      raw([
        l('sshd', 500, 'Connection from 10.0.0.9 port 4000 on 10.0.0.1 port 22 rdomain ""'),
        l('sshd', 500, 'Accepted password for anna from 10.0.0.9 port 4000 ssh2'),
        l('sshd', 500, 'User child is on pid 502'),
        l('sshd', 502, "Starting session: subsystem 'sftp' for anna from 10.0.0.9 port 4000 id 0"),
        l('internal-sftp', 507, 'session opened for local user anna from [10.0.0.9]'),
        l('internal-sftp', 507, 'remove name "/home/anna/x"'),
        l('sshd', 502, 'Connection closed by 10.0.0.9 port 4000'),
        l('internal-sftp', 507, 'session closed for local user anna from [10.0.0.9]'),
      ]),
    );
    expect(out.map((m) => [m.msgId, m.session, m.fields.user, m.fields.client])).toEqual([
      ['FTP0002', 'web2:500:' + Math.floor(Date.parse('2026-11-25T10:00:00Z') / 1000).toString(36), 'anna', '10.0.0.9'],
      ['FTP0022', out[0]!.session, 'anna', '10.0.0.9'],
      ['FTP0041', out[0]!.session, 'anna', '10.0.0.9'],
    ]);
    expect(out[2]!.fields).toMatchObject({ session_end: 'dropped', reason: 'connection closed', protocol: 'sftp' });
  });
});

describe('msgmon sessions', () => {
  it("lists the demo logs' sessions and shows one in order; --help has examples; errors say what to do", async () => {
    const { store: s, dir } = await demoStore();
    s.close();
    const home = tempHome();
    fs.copyFileSync(path.join(dir, 'messages.db'), path.join(home, 'messages.db'));
    const list = msgmon(['--home', home, 'sessions', '--system', 'web1', '--user', 'edi_acme', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout);
    expect(rows).toHaveLength(8);
    expect(rows.every((r: any) => r.endedBy === 'logout' && r.filesUp === 1 && r.commands === 3)).toBe(true);
    // The demo's vsftpd log has sessions with no logout line: read a week later, they ended by vsftpd's idle timeout.
    expect(JSON.parse(msgmon(['--home', home, 'sessions', '--active', '--json']).stdout)).toEqual([]);
    const idle = JSON.parse(msgmon(['--home', home, 'sessions', '--json']).stdout).filter((r: any) => r.endedBy === 'idle');
    expect(idle.map((r: any) => [r.system, r.user, r.commands, r.end])).toEqual([
      ['web1', 'thomask', 2, '2026-11-25T12:11:28.000Z'],
      ['web1', 'jdoe', 2, '2026-11-25T12:10:49.000Z'],
      ['web1', 'jdoe', 0, '2026-11-25T12:10:07.000Z'],
      ['web1', 'nosuchuser', 0, '2026-11-25T12:09:37.000Z'],
    ]);
    const text = msgmon(['--home', home, 'sessions', 'show', rows.at(-1).id]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      `Session ${rows.at(-1).id}: FTP edi_acme from 127.0.0.1 on web1, 2026-11-25 12:04:00 UTC, ended 2026-11-25 12:04:01 UTC by logout\ncommands 3, files up 1 (812 bytes), files down 0 (0 bytes)\n`,
    );
    const shown = JSON.parse(msgmon(['--home', home, 'sessions', 'show', rows.at(-1).id, '--json']).stdout);
    expect(shown.messages.map((m: any) => m.msgId)).toEqual(['FTP0001', 'FTP0002', 'FTP0010', 'FTP0020', 'FTP0011', 'FTP0040']);
    expect(
      text.stdout
        .split('\n')
        .filter((l) => / FTP00\d\d /.test(l))
        .map((l) => / (FTP00\d\d) /.exec(l)![1]),
    ).toEqual(shown.messages.map((m: any) => m.msgId));
    const help = msgmon(['sessions', '--help']);
    expect(help.stdout).toContain('msgmon sessions --active');
    expect(help.stdout).toContain('msgmon sessions show');
    const bad = msgmon(['--home', home, 'sessions', '--since', 'yesterday']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('use an ISO time')]);
    const missing = msgmon(['--home', home, 'sessions', 'show', 'web9:1:x']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('msgmon sessions lists the session ids')]);
  });
});

describe('FTP Sessions screen', () => {
  it("4 + Enter confirms; Enter takes the sessions' messages off the console, the Activity Log keeps them; F12 keeps the 4s", async () => {
    const services = await demoServices();
    try {
      const nav = Navigator.console(services, { cols: 80, rows: 24 });
      const text = () => nav.render().toText();
      nav.key('f15');
      const [first, second] = services.sessions.list({}, 2);
      const onConsole = (id: string) => services.store.count({ console: true, session: id });
      expect(onConsole(first!.id)).toBe(4);
      nav.key('4');
      nav.key('enter');
      expect(nav.current.id).toBe('confirm-remove-session');
      nav.key('f12');
      expect(nav.current.id).toBe('ftp-sessions');
      expect(text().split('\n')[6]).toMatch(/^ {2}4 /); // the 4 is still typed
      nav.key('down');
      nav.key('4');
      nav.key('enter');
      expect(text()).toContain('Confirm Remove of Session Messages');
      nav.key('enter');
      expect(nav.current.id).toBe('ftp-sessions');
      expect(text().split('\n')[23]).toBe(' 10 messages of 2 sessions removed from the console.');
      expect(text().split('\n')[6]).toMatch(/^ {2}_ /);
      for (const s of [first!, second!]) {
        expect(onConsole(s.id)).toBe(0);
        expect(services.store.count({ session: s.id })).toBe(s.messages);
      }
      nav.key('f1');
      expect(text()).toContain('FTP Sessions - Help');
      nav.key('pagedown');
      expect(text()).toMatch(/ 4 +Remove messages: Take every message of the/);
    } finally {
      services.close();
    }
  });

  it('read-only refuses 4 and still shows a session; Message Details of a message without a session says so on F10', async () => {
    const services = await demoServices();
    try {
      const nav = Navigator.console({ ...services, readOnly: true }, { cols: 80, rows: 24 });
      nav.key('f15');
      nav.key('4');
      nav.key('enter');
      expect(nav.render().line(23)).toBe(' Option 4 not allowed: msgmon runs read-only');
      nav.key('space');
      nav.key('5');
      nav.key('enter');
      expect(nav.current.id).toBe('session-messages');
      const id = services.store.commit([msg({ session: null, msgId: 'MON0010', system: 'web9' })])[0]!;
      const details = new Navigator({ ...services, readOnly: true }, new (await import('../src/ui/screens/message-details.js')).MessageDetails(services, id));
      details.key('f10');
      expect(details.render().line(23)).toBe(' The message is not part of a session.');
    } finally {
      services.close();
    }
  });
});

describe('FTP Sessions subset and top/bottom', () => {
  it('F21 narrows by user, client pattern and active only; F17/F18 go to the first and last session', async () => {
    const services = await demoServices();
    try {
      const nav = Navigator.console(services, { cols: 80, rows: 24 });
      const text = () => nav.render().toText();
      nav.key('f15');
      const all = services.sessions.list({}, 1000);
      const user = all.find((s) => s.user && all.filter((x) => x.user === s.user).length < all.length)!.user!;
      nav.key('f21');
      expect(nav.current.id).toBe('subset-sessions');
      for (const ch of user) nav.key(ch);
      nav.key('enter');
      const mine = all.filter((s) => s.user === user);
      expect(nav.render().line(23)).toBe(` ${mine.length} session${mine.length === 1 ? '' : 's'} in the subset.`);
      expect(text()).toContain(`Subset: user ${user}`);
      nav.key('f5');
      expect(text()).toContain(`Subset: user ${user}`);
      // A client pattern nobody uses: nothing listed.
      nav.key('f21');
      nav.key('down');
      nav.key('down');
      for (const ch of '192.0.2.*') nav.key(ch);
      nav.key('enter');
      expect(nav.render().line(23)).toBe(' 0 sessions in the subset.');
      nav.key('f21');
      nav.key('down');
      nav.key('down');
      nav.key('C-u');
      nav.key('down');
      nav.key('C-u');
      nav.key('x');
      nav.key('enter');
      expect(nav.render().line(23)).toBe(' Active sessions only X not valid: type Y or N.');
      nav.key('f12');
      // Everything again, then F18 puts the cursor on the last (oldest) session and F17 back on the first.
      for (const k of ['f21', 'C-u', 'down', 'down', 'C-u', 'enter']) nav.key(k);
      expect(nav.render().line(23)).toBe(` ${all.length} session${all.length === 1 ? '' : 's'} in the subset.`);
      nav.key('f18');
      expect((nav.current as unknown as { list: { cursor: number } }).list.cursor).toBe(all.length - 1);
      nav.key('f17');
      expect((nav.current as unknown as { list: { cursor: number } }).list.cursor).toBe(0);
    } finally {
      services.close();
    }
  });

  it('the header fields take the subset typed in place: User and Active only, Enter lists exactly those, F5 keeps them', async () => {
    const services = await demoServices();
    try {
      const nav = Navigator.console(services, { cols: 80, rows: 24 });
      nav.key('f15');
      const all = services.sessions.list({}, 1000);
      const user = all.find((s) => s.user && all.filter((x) => x.user === s.user).length < all.length)!.user!;
      // Up from the first row: Active, Client, System, User.
      for (const k of ['up', 'up', 'up', 'up', ...user, 'enter']) nav.key(k);
      const mine = all.filter((s) => s.user === user);
      expect(nav.render().line(23)).toBe(` ${mine.length} session${mine.length === 1 ? '' : 's'} in the subset.`);
      const listed = () => (nav.current as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
      expect(listed()).toEqual(mine.map((s) => s.id));
      expect(nav.render().line(4)).toMatch(new RegExp(`^ User \\. : ${user}`));
      nav.key('f5');
      expect(listed()).toEqual(mine.map((s) => s.id));
      // Active only: Y in the last field (letters type there, y becomes Y); a bad value names the field.
      for (const k of ['down', 'down', 'down', 'C-u', 'x', 'enter']) nav.key(k);
      expect(nav.render().line(23)).toBe(' Active sessions only X not valid: type Y or N.');
      for (const k of ['C-u', 'y', 'enter']) nav.key(k);
      expect(listed()).toEqual(services.sessions.list({ user, active: true }, 1000).map((s) => s.id));
    } finally {
      services.close();
    }
  });
});
