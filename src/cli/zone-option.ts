// `--zone ZONE` of `ingest` and `sources add`: the zone RFC 3164 syslog times (no zone, no year) are read in.
import { UsageError } from '../core/errors.js';
import { parseZone, type Zone } from '../core/zone.js';

/** The option's flags and help line, shared so both commands say the same. */
export const ZONE_FLAGS = '--zone <zone>';
export const ZONE_HELP =
  'zone of times written without one (RFC 3164 syslog "Nov 25 11:24:25"): an IANA name like Europe/Berlin, ' +
  'or +HH:MM; default UTC. Lines with an offset (RFC 3339, RFC 5424) keep their own';

/** The zone named by `--zone`, undefined when not given; a usage error (exit 2) saying what to write otherwise. */
export function zoneOption(value: string | undefined): Zone | undefined {
  if (value === undefined) return undefined;
  const zone = parseZone(value);
  if (!zone) throw new UsageError(`--zone '${value}' is not a time zone: give an IANA name (Europe/Berlin, America/New_York), UTC, or an offset like +01:00`);
  return zone;
}
