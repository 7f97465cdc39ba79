// sshd_config as sshd reads it: Include expanded in place (relative to /etc/ssh), the first value of a keyword
// wins, Match blocks kept apart; and the config file of the sshd that serves the connection (its -f).
import { absoluteIn, keywordLines, type ConfigLine } from './config-lines.js';
import type { ServerFacts, ServerFiles } from './server-files.js';

/** sshd's default configuration file. */
export const SSHD_CONFIG = '/etc/ssh/sshd_config';

/** A Match block: its criteria line and the lines under it. */
export interface MatchBlock {
  match: ConfigLine;
  lines: ConfigLine[];
}

/** The parsed configuration: global lines in reading order, Match blocks, and the files read. */
export interface SshdConfig {
  files: string[];
  global: ConfigLine[];
  matches: MatchBlock[];
}

/** The config file of the sshd serving this connection (`sshd -f FILE` among the reading shell's ancestors), else the default. */
export function sshdConfigPath(facts: ServerFacts): string {
  for (const cmd of facts.ancestors) {
    // The listener retitles itself: `sshd: /usr/sbin/sshd -f /etc/ssh/alt_config [listener] 0 of 10-100 startups`.
    const words = cmd
      .trim()
      .replace(/^sshd: /, '')
      .split(/\s+/);
    if (!/(^|\/)sshd$/.test(words[0] ?? '')) continue;
    const i = words.indexOf('-f');
    if (i >= 0 && words[i + 1]) return words[i + 1]!;
  }
  return SSHD_CONFIG;
}

/** Reads the configuration starting at `path`; null when it does not exist or cannot be read. */
export function sshdConfig(files: ServerFiles, path: string): SshdConfig | null {
  if (files.text(path) === null) return null;
  const cfg: SshdConfig = { files: [], global: [], matches: [] };
  let block: MatchBlock | null = null;
  const walk = (p: string) => {
    cfg.files.push(p);
    for (const l of keywordLines(p, files.text(p) ?? '')) {
      const key = l.key.toLowerCase();
      if (key === 'include') {
        // A Match block started in an included file ends with that file (why Debian includes sshd_config.d first).
        const outer = block;
        for (const g of l.value.split(/\s+/)) files.matches(absoluteIn('/etc/ssh', g)).forEach(walk);
        block = outer;
      } else if (key === 'match') {
        block = /^all$/i.test(l.value) ? null : { match: l, lines: [] };
        if (block) cfg.matches.push(block);
      } else (block ? block.lines : cfg.global).push(l);
    }
  };
  walk(path);
  return cfg;
}

/** The first global line of a keyword (sshd: the first value wins), or undefined. */
export function firstLine(lines: ConfigLine[], key: string, valuePrefix?: RegExp): ConfigLine | undefined {
  return lines.find((l) => l.key.toLowerCase() === key.toLowerCase() && (!valuePrefix || valuePrefix.test(l.value)));
}

/** Log levels of sshd and sftp-server, quietest first. */
const LEVELS = ['QUIET', 'FATAL', 'ERROR', 'INFO', 'VERBOSE', 'DEBUG', 'DEBUG1', 'DEBUG2', 'DEBUG3'];

/** True when a log level includes INFO lines. */
export function levelLogsInfo(level: string): boolean {
  return LEVELS.indexOf(level.toUpperCase()) >= LEVELS.indexOf('INFO');
}

/** How an SFTP server command (`internal-sftp -l VERBOSE -f AUTH`, `/usr/lib/openssh/sftp-server`) logs. */
export interface SftpCommand {
  program: string;
  /** -l LEVEL, or null (the default, ERROR: no file operation is logged). */
  level: string | null;
  facility: string;
}

/** Parses an SFTP server command line; null when it is not internal-sftp or sftp-server. */
export function sftpCommand(command: string): SftpCommand | null {
  const words = command.trim().split(/\s+/);
  if (!/(^|\/)(internal-sftp|sftp-server)$/.test(words[0] ?? '')) return null;
  const opt = (flag: string) => {
    const i = words.indexOf(flag);
    return i >= 0 ? (words[i + 1] ?? null) : null;
  };
  return { program: words[0]!, level: opt('-l'), facility: (opt('-f') ?? 'AUTH').toUpperCase() };
}
