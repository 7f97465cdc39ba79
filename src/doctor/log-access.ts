// Whether the SSH user can read a log file (or the journal), and the one command that lets it.
import type { ServerFacts, ServerFile } from './server-files.js';
import type { Change, ServerCheck } from './report-types.js';

/** How a log file will be created when it does not exist yet (rsyslog's $FileOwner/$FileGroup/$FileCreateMode). */
export interface CreatedAs {
  owner: string;
  group: string;
  mode: string;
}

/** The verdict for one log: readable (no change), or a miss with its fix; `note` tells about a file not there yet. */
export interface LogAccess {
  readable: boolean;
  miss: string | null;
  change: Change | null;
  note: string | null;
}

/** Read permission of an octal mode for others, group or owner. */
function canRead(mode: string, who: 'owner' | 'group' | 'other'): boolean {
  const digits = mode.padStart(3, '0').slice(-3);
  return (Number(digits[who === 'owner' ? 0 : who === 'group' ? 1 : 2]) & 4) !== 0;
}

/** Judges a log file the user wants to read; `createdAs` predicts a missing file's permissions. */
export function logAccess(facts: ServerFacts, file: ServerFile | undefined, path: string, writer: string, createdAs?: CreatedAs): LogAccess {
  const fix = (group: string): Change => ({
    file: null,
    line: null,
    now: null,
    set: `usermod -aG ${group} ${facts.user}`,
    why: `${path} is readable by group ${group}; ${facts.user} must be a member, from its next login on`,
  });
  if (!file?.exists) {
    if (!createdAs || facts.user === 'root' || canRead(createdAs.mode, 'other') || facts.groups.includes(createdAs.group) || facts.user === createdAs.owner) {
      return { readable: true, miss: null, change: null, note: `${path} does not exist yet (${writer} creates it at its first line); a source waits for it` };
    }
    if (canRead(createdAs.mode, 'group')) {
      return {
        readable: false,
        miss: `${path} (to be created ${createdAs.owner}:${createdAs.group} ${createdAs.mode}) will not be readable by ${facts.user}`,
        change: fix(createdAs.group),
        note: null,
      };
    }
    return {
      readable: false,
      miss: `${path} (to be created ${createdAs.owner}:${createdAs.group} ${createdAs.mode}) will be readable by ${createdAs.owner} only`,
      change: null,
      note: null,
    };
  }
  if (file.readable) return { readable: true, miss: null, change: null, note: null };
  const perms = `${file.owner}:${file.group} ${file.mode}`;
  if (file.mode && file.group && canRead(file.mode, 'group')) {
    return { readable: false, miss: `${path} (${perms}) is not readable by ${facts.user}`, change: fix(file.group), note: null };
  }
  return {
    readable: false,
    miss: `${path} (${perms}) is not readable by ${facts.user}`,
    note: null,
    change: {
      file: null,
      line: null,
      now: null,
      set: `setfacl -m u:${facts.user}:r ${path}`,
      why: `lets ${facts.user} read ${path}; the file logrotate creates next needs it again (a postrotate setfacl, or a create mode with a group)`,
    },
  };
}

/** Groups whose members may read the whole system journal (journalctl). */
const JOURNAL_GROUPS = ['systemd-journal', 'adm', 'wheel'];

/** Judges journal access: journalctl shows other users' entries only to root and these groups. */
export function journalAccess(facts: ServerFacts): LogAccess {
  if (facts.user === 'root' || facts.groups.some((g) => JOURNAL_GROUPS.includes(g))) return { readable: true, miss: null, change: null, note: null };
  return {
    readable: false,
    miss: `the journal is not readable by ${facts.user} (it sees only its own entries)`,
    note: null,
    change: {
      file: null,
      line: null,
      now: null,
      set: `usermod -aG systemd-journal ${facts.user}`,
      why: 'journalctl shows every entry to members of systemd-journal',
    },
  };
}

/** A server whose configuration exists but cannot be read by the user: it cannot be judged, and that is a miss. */
export function unreadableConfig(facts: ServerFacts, server: string, file: ServerFile): ServerCheck {
  return {
    server,
    config: [file.path],
    sees: [],
    changes: [],
    misses: [`cannot judge ${server}: ${file.path} (${file.owner}:${file.group} ${file.mode}) is not readable by ${facts.user}`],
    sources: [],
    notes: [`give ${facts.user} read access (setfacl -m u:${facts.user}:r ${file.path}), or run msgmon doctor --local as root on the server`],
  };
}
