// Errors that carry the process exit code the CLI contract promises (DESIGN §3).

/** Something the user can fix (missing file, bad config): exit 1. */
export class UserError extends Error {
  readonly exitCode: number = 1;
}

/** The command line itself is wrong (unknown format, bad option value): exit 2. */
export class UsageError extends Error {
  readonly exitCode: number = 2;
}

/** The exit code for any thrown value: ours carry one, anything else is an internal error (1). */
export function exitCodeOf(err: unknown): number {
  return err instanceof UserError || err instanceof UsageError ? err.exitCode : 1;
}

/**
 * A part of msgmon the chosen store does not offer yet (a screen on PostgreSQL): the console says so on the message
 * line and goes on, where another UserError ends it.
 */
export class UnavailableError extends UserError {}
