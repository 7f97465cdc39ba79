// Configuration files as numbered lines: the checks quote the exact line a user has to change.

/** One meaningful line of a configuration file: its directive (keyword) and the rest, with where it stands. */
export interface ConfigLine {
  file: string;
  /** 1-based line number. */
  line: number;
  key: string;
  value: string;
  /** The line as written (trimmed). */
  text: string;
}

/** Lines of `KEY VALUE` files (sshd_config, proftpd.conf): comments and blank lines dropped, keys as written. */
export function keywordLines(file: string, text: string): ConfigLine[] {
  const out: ConfigLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const t = raw.trim();
    if (!t || t.startsWith('#')) return;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(t) ?? [t, t, ''];
    out.push({ file, line: i + 1, key: m[1]!, value: m[2]!.trim(), text: t });
  });
  return out;
}

/** Lines of `key=value` files (vsftpd.conf: no spaces around `=`, later lines win). */
export function assignmentLines(file: string, text: string): ConfigLine[] {
  const out: ConfigLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const t = raw.replace(/\r$/, '');
    if (!t.trim() || t.trimStart().startsWith('#')) return;
    const eq = t.indexOf('=');
    if (eq < 0) return;
    out.push({ file, line: i + 1, key: t.slice(0, eq).trim(), value: t.slice(eq + 1).trim(), text: t.trim() });
  });
  return out;
}

/** The 1-based number of the first commented-out line that sets `key` (`#key=…`, `#Key value`), or null. */
export function commentedLine(text: string, key: RegExp): { line: number; text: string } | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t.startsWith('#') && key.test(t.replace(/^#+\s*/, ''))) return { line: i + 1, text: t };
  }
  return null;
}

/** A path as a config names it, made absolute against the folder the program resolves it in. */
export function absoluteIn(dir: string, p: string): string {
  return p.startsWith('/') ? p : `${dir.replace(/\/$/, '')}/${p}`;
}
