// Secrets of channels (SMTP password, HMAC key, SMS API authorization): read when a notification is sent, from an
// environment variable or from the home's secrets file, which must be private (0600): config.json never holds one.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { SecretRef } from './channel-schema.js';

/** The secrets file of a home: beside its configuration. */
export function secretsFile(configFile: string): string {
  return path.join(path.dirname(configFile), 'secrets.json');
}

/** Resolves secret references of one home. */
export class Secrets {
  constructor(
    readonly file: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The secret's value; a UserError says which variable or key is missing, or why the file is refused. */
  get(ref: SecretRef): string {
    if ('env' in ref) {
      const v = this.env[ref.env];
      if (v === undefined || v === '') throw new UserError(`environment variable ${ref.env} is not set (it holds a channel secret)`);
      return v;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(this.file);
    } catch {
      throw new UserError(`secret '${ref.secret}' needs the secrets file ${this.file}, which does not exist (a JSON object, mode 0600)`);
    }
    if ((st.mode & 0o077) !== 0) {
      throw new UserError(`secrets file ${this.file} is readable by others (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 ${this.file}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new UserError(`secrets file ${this.file} is not valid JSON: ${(err as Error).message}`);
    }
    const v = typeof data === 'object' && data !== null && Object.hasOwn(data, ref.secret) ? (data as Record<string, unknown>)[ref.secret] : undefined;
    if (typeof v !== 'string' || v === '') throw new UserError(`secrets file ${this.file} has no string '${ref.secret}'`);
    return v;
  }
}

/** How a secret reference reads in listings (never its value). */
export function describeSecret(ref: SecretRef | undefined): string {
  if (!ref) return '-';
  return 'env' in ref ? `$${ref.env}` : `secrets.json:${ref.secret}`;
}
