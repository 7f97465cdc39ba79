// The services Work with Messages reads: the store, the clock and the host name. Kept apart from services-of.ts so
// that the console paints its first screen before the rule engine, notification and configuration modules load.
import os from 'node:os';
import type { Services } from '../core/services.js';
import type { CliContext } from './context.js';
import { unavailableOnPostgres } from './unavailable.js';

/** What the console's first screen needs, the subset of servicesOf that is cheap to load. */
export type FirstScreenServices = Pick<Services, 'messages' | 'investigations' | 'hostName' | 'now' | 'readOnly'>;

/** The first screen's services of a context. */
export function firstScreenServices(c: CliContext): FirstScreenServices {
  return {
    messages: c.messages,
    investigations: c.pg ? unavailableOnPostgres('Investigate') : c.store,
    hostName: os.hostname().split('.')[0]!.toUpperCase(),
    now: () => Date.now(),
    readOnly: c.readOnly,
  };
}
