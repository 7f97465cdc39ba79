// Resolving the paths FTP clients send against the session's current directory.
import path from 'node:path';

/**
 * Absolute form of `arg` when the current directory is known; `arg` unchanged when it is not.
 * LIST options (`-a`, `-la`) are not paths: an argument made only of options means the current directory.
 */
export function resolveFtpPath(cwd: string | null, arg: string): string {
  const clean = arg.replace(/^(-[a-zA-Z]+\s*)+/, '').trim();
  if (clean.startsWith('/')) return path.posix.normalize(clean);
  if (cwd === null) return clean === '' ? '.' : clean;
  return path.posix.normalize(path.posix.join(cwd, clean === '' ? '.' : clean));
}
