// The audit step: auditd writes one event as several records sharing `msg=audit(time:serial)` (SYSCALL, EXECVE,
// CWD, PATH…, PROCTITLE). This strategy keeps each event's SYSCALL, arguments and working directory until the PATH
// record that completes it, and makes one message there: AUD0001 for an executed program, AUD0010 / AUD0011 for a
// watched file read / changed, AUD0012 when the system refused the access. The message IDs and texts are shared with
// the IBM i audit journal (CD, ZR, ZC, AF entries): `job` is pid/user/program, `object` the file. Audit events belong to
// no FTP session; the login session is the `ses` field.
import type { Fields } from '../core/types.js';
import type { SessionLine, SessionStrategy, SessionVerdict } from './types.js';
import { detach } from './types.js';

interface AuditEvent {
  sys: Fields;
  args: string[] | null;
  cwd: string | null;
}

/** Events waiting for their PATH record; records of one event follow each other, so a few are plenty. */
const MAX_OPEN = 256;
const UNSET = 4294967295;

/** x86_64 syscall numbers of file operations, for RAW logs (the ENRICHED format names the syscall itself). */
const X86_64: Record<number, string> = {
  0: 'read',
  1: 'write',
  2: 'open',
  4: 'stat',
  6: 'lstat',
  21: 'access',
  59: 'execve',
  76: 'truncate',
  77: 'ftruncate',
  82: 'rename',
  83: 'mkdir',
  84: 'rmdir',
  85: 'creat',
  86: 'link',
  87: 'unlink',
  88: 'symlink',
  89: 'readlink',
  90: 'chmod',
  91: 'fchmod',
  92: 'chown',
  93: 'fchown',
  94: 'lchown',
  132: 'utime',
  188: 'setxattr',
  189: 'lsetxattr',
  190: 'fsetxattr',
  191: 'getxattr',
  192: 'lgetxattr',
  193: 'fgetxattr',
  197: 'removexattr',
  198: 'lremovexattr',
  199: 'fremovexattr',
  235: 'utimes',
  257: 'openat',
  258: 'mkdirat',
  260: 'fchownat',
  261: 'futimesat',
  263: 'unlinkat',
  264: 'renameat',
  265: 'linkat',
  266: 'symlinkat',
  267: 'readlinkat',
  268: 'fchmodat',
  269: 'faccessat',
  280: 'utimensat',
  316: 'renameat2',
  322: 'execveat',
  437: 'openat2',
  439: 'faccessat2',
  452: 'fchmodat2',
};

/** Syscalls that change a file whatever their arguments (opens depend on their flags). */
const CHANGES = new Set([
  'write',
  'truncate',
  'ftruncate',
  'rename',
  'renameat',
  'renameat2',
  'mkdir',
  'mkdirat',
  'rmdir',
  'creat',
  'link',
  'linkat',
  'unlink',
  'unlinkat',
  'symlink',
  'symlinkat',
  'chmod',
  'fchmod',
  'fchmodat',
  'fchmodat2',
  'chown',
  'fchown',
  'lchown',
  'fchownat',
  'setxattr',
  'lsetxattr',
  'fsetxattr',
  'removexattr',
  'lremovexattr',
  'fremovexattr',
  'utime',
  'utimes',
  'utimensat',
  'futimesat',
]);

/** O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND: an open with any of these changes the file. */
const WRITE_FLAGS = 0x1 | 0x2 | 0x40 | 0x200 | 0x400;

const ERRNO: Record<number, string> = { 1: 'EPERM', 2: 'ENOENT', 13: 'EACCES', 17: 'EEXIST', 20: 'ENOTDIR', 21: 'EISDIR', 30: 'EROFS', 61: 'ENODATA' };

/** An audit value: "quoted" text, (null), or hex for text with spaces, quotes or control characters. */
export function auditValue(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '(null)') return undefined;
  if (v.startsWith('"')) return v.slice(1, -1);
  return Buffer.from(v, 'hex').toString('utf8');
}

/** The arguments of EXECVE records (`a0="ls" a1=2F746D70…`, long ones split as `a1[0]=… a1[1]=…`), in order. */
export function execveArgs(text: string): string[] {
  const parts = new Map<number, string>();
  for (const m of text.matchAll(/\ba(\d+)(?:\[\d+\])?=("[^"]*"|[0-9A-F]+)/g)) {
    const i = Number(m[1]);
    parts.set(i, (parts.get(i) ?? '') + auditValue(m[2]));
  }
  return [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** A command line a shell would read back: arguments with spaces or quotes are single-quoted. */
export function commandLine(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** One message per audit event; see the file comment. */
export class AuditEvents implements SessionStrategy {
  private readonly open = new Map<number, AuditEvent>();

  assign(line: SessionLine): SessionVerdict {
    const f = line.fields;
    const serial = Number(f.serial);
    const ev = this.open.get(serial);
    switch (line.pattern) {
      case 'syscall':
        this.open.set(serial, { sys: { ...f }, args: null, cwd: null });
        if (this.open.size > MAX_OPEN) this.open.delete(this.open.keys().next().value!);
        return { session: null, msgId: null };
      case 'execve':
        if (ev) (ev.args ??= []).push(...execveArgs(String(f.args ?? '')));
        return { session: null, msgId: null };
      case 'cwd':
        if (ev) ev.cwd = detach(auditValue(f.cwd) ?? '');
        return { session: null, msgId: null };
      case 'path':
        return { session: null, msgId: ev ? this.complete(serial, ev, f) : null };
      default:
        return { session: null, msgId: line.msgId };
    }
  }

  restore(): void {}

  forget(): void {}

  save(): Array<[number, AuditEvent]> {
    return [...this.open];
  }

  load(state: unknown): void {
    for (const [serial, ev] of state as Array<[number, AuditEvent]>) this.open.set(serial, ev);
  }

  /** The message of an event at one of its PATH records, or null when this record is not the one that tells. */
  private complete(serial: number, ev: AuditEvent, f: Fields): string | null {
    const s = ev.sys;
    let msgId: string;
    if (ev.args) {
      if (f.item !== 0) return null;
      msgId = 'AUD0001';
      f.command = commandLine(ev.args);
    } else {
      if (auditValue(s.key) === undefined || f.nametype === 'PARENT') return null;
      f.access = this.changes(s, f) ? 'change' : 'read';
      // Only a permission error is a refusal; a getxattr that finds no attribute (ENODATA) still looked at the file.
      const refused = s.success !== 'yes' && [1, 13].includes(-Number(s.exit));
      msgId = refused ? 'AUD0012' : f.access === 'change' ? 'AUD0011' : 'AUD0010';
    }
    this.open.delete(serial);
    const name = auditValue(f.name) ?? '';
    delete f.name;
    delete f.item;
    const auid = Number(s.auid);
    const loginSet = auid !== UNSET;
    const names = { auid: s.auid_name, uid: s.uid_name };
    const user = String((loginSet ? names.auid : names.uid) ?? (loginSet ? auid : s.uid));
    const syscall = String(s.syscall ?? X86_64[Number(s.syscall_nr)] ?? s.syscall_nr);
    const path = name.startsWith('/') || !ev.cwd ? name : `${ev.cwd.replace(/\/$/, '')}/${name}`;
    const comm = auditValue(s.comm) ?? '';
    Object.assign(f, {
      user,
      job: `${s.pid}/${user}/${comm}`,
      object: path,
      object_type: 'file',
      path,
      uid: s.uid!,
      auid: s.auid!,
      pid: s.pid!,
      ppid: s.ppid!,
      ses: s.ses!,
      tty: s.tty!,
      syscall,
      success: s.success!,
      exit: s.exit!,
      exe: auditValue(s.exe) ?? '',
      comm,
    });
    if (s.success !== 'yes') f.reason = `${syscall}: ${ERRNO[-Number(s.exit)] ?? `exit ${s.exit}`}`;
    const key = auditValue(s.key);
    if (key !== undefined) f.key = key;
    if (ev.cwd) f.cwd = ev.cwd;
    return msgId;
  }

  /** True when the syscall changed the file: a write-class syscall, an open with write flags, a created or deleted name. */
  private changes(s: Fields, f: Fields): boolean {
    if (f.nametype === 'CREATE' || f.nametype === 'DELETE') return true;
    const name = String(s.syscall ?? X86_64[Number(s.syscall_nr)] ?? '');
    if (CHANGES.has(name)) return true;
    const flags = name === 'open' ? s.a1 : name === 'openat' ? s.a2 : undefined;
    return flags !== undefined && (parseInt(String(flags), 16) & WRITE_FLAGS) !== 0;
  }
}
