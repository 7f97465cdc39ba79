// Reads a server's setup for `msgmon doctor` over an existing connection, changing nothing: who we are, the
// time zone, the sshd serving us, then whatever configuration and log files the checks ask for (globs
// expanded by the server's shell), round after round until the checks want nothing new.
import { ServerFiles, type ServerFacts, type ServerFile } from '../doctor/server-files.js';
import { execText, shQuote, type ExecHost } from './remote-exec.js';

/** A configuration file larger than this is read only this far. */
const MAX_TEXT = 1 << 20;
/** Rounds of "read what was asked for" (Include of Include of …) before giving up. */
const MAX_ROUNDS = 6;

const FACTS = [
  `printf '@@U %s\\n' "$(id -un)"`,
  `printf '@@G %s\\n' "$(id -Gn)"`,
  `printf '@@O %s\\n' "$(date +%z)"`,
  `printf '@@Z %s\\n' "$(head -n1 /etc/timezone 2>/dev/null)"`,
  `printf '@@L %s\\n' "$(readlink /etc/localtime 2>/dev/null)"`,
  `printf '@@T %s\\n' "\${TZ:-}"`,
  `[ -S /run/systemd/journal/socket ] && echo '@@J'`,
  // The processes above this shell, nearest first: the sshd serving the connection shows its -f.
  `p=$PPID; n=0; while [ "\${p:-0}" -gt 1 ] && [ $n -lt 12 ]; do printf '@@P '; tr '\\0' ' ' < /proc/$p/cmdline 2>/dev/null; echo; p=$(sed 's/.*) //' /proc/$p/stat 2>/dev/null | cut -d' ' -f2); n=$((n+1)); done`,
  'true',
].join('; ');

/** Prints `@@F readable mode owner group path` (+ `@@C base64` when asked to read) or `@@N path` per match. */
const FILE_FN =
  `f() { if [ -e "$2" ]; then r=0; [ -r "$2" ] && r=1; printf '@@F %s %s %s\\n' "$r" "$(stat -L -c '%a %U %G' -- "$2")" "$2"; ` +
  `if [ "$1" = r ] && [ $r = 1 ] && [ -f "$2" ]; then printf '@@C '; head -c ${MAX_TEXT} -- "$2" | base64 | tr -d '\\n'; echo; fi; else printf '@@N %s\\n' "$2"; fi; }`;

/** A path for the shell: quoted, except that a glob's wildcards stay active. */
function shellPattern(p: string): string {
  return /[*?[]/.test(p) ? p.replace(/[^A-Za-z0-9_./*?[\]-]/g, (c) => `\\${c}`) : shQuote(p);
}

/** Who we are on the host, its time zone and the processes above our shell. */
export async function readServerFacts(exec: ExecHost): Promise<ServerFacts> {
  const out = await execText(exec, FACTS);
  const val = (tag: string) =>
    out
      .split('\n')
      .find((l) => l.startsWith(`@@${tag} `))
      ?.slice(tag.length + 3)
      .trim() ?? '';
  const link = val('L').replace(/^.*zoneinfo\//, '');
  return {
    user: val('U'),
    groups: val('G').split(/\s+/).filter(Boolean),
    offset: val('O') || '+0000',
    zone: val('T').replace(/^:/, '') || val('Z') || link || null,
    ancestors: out
      .split('\n')
      .filter((l) => l.startsWith('@@P '))
      .map((l) => l.slice(4).trim()),
    journald: out.split('\n').includes('@@J'),
  };
}

/** Fetches paths and globs: `read` with their text, `stat` only looked at; under `root` (a mounted system) when given. */
export async function fetchServerFiles(exec: ExecHost, files: ServerFiles, read: string[], stat: string[], root = ''): Promise<void> {
  const asked = [...read.map((p) => ['r', p] as const), ...stat.map((p) => ['s', p] as const)];
  if (!asked.length) return;
  const script = [FILE_FN, ...asked.map(([m, p]) => `echo '@@Q'; for x in ${shellPattern(root + p)}; do f ${m} "$x"; done`)].join('\n');
  const out = await execText(exec, script, 30_000);
  const groups = out.split('@@Q\n').slice(1);
  asked.forEach(([mode, pattern], i) => {
    const found: ServerFile[] = [];
    for (const line of (groups[i] ?? '').split('\n')) {
      const f = /^@@F ([01]) (\d+) (\S+) (\S+) (.*)$/.exec(line);
      if (f) found.push({ path: f[5]!.slice(root.length), exists: true, readable: f[1] === '1', mode: f[2]!, owner: f[3]!, group: f[4]! });
      else if (line.startsWith('@@N ')) found.push({ path: line.slice(4 + root.length), exists: false, readable: false });
      else if (line.startsWith('@@C ') && found.length) found[found.length - 1]!.text = Buffer.from(line.slice(4), 'base64').toString('utf8');
    }
    files.add(pattern, found, mode === 'r');
  });
}

/**
 * Reads what `judge` asks for until it asks for nothing new, and returns its last verdict. `root`: read the files
 * of a system mounted there (a container or disk image) instead of the running one's.
 */
export async function readServerSetup<T>(exec: ExecHost, judge: (files: ServerFiles) => T, root = ''): Promise<T> {
  const facts = await readServerFacts(exec);
  // Under a root, the processes above our shell are not that system's.
  const files = new ServerFiles(root ? { ...facts, ancestors: [] } : facts);
  let verdict = judge(files);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { read, stat } = files.wanted();
    if (!read.length && !stat.length) break;
    await fetchServerFiles(exec, files, read, stat, root);
    verdict = judge(files);
  }
  return verdict;
}
