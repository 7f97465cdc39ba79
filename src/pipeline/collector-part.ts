// What `collect` runs per system (and per 8 sources of a host): a HostCollector over SSH, or the
// LocalCollector for the files of this machine.
export interface CollectorPart {
  /** The system whose sources it reads (the host's name, or `local`). */
  readonly system: string;
  /** Reads every source to its current end, then stops; throws when a source or the host failed. */
  once(): Promise<void>;
  /** Follows every source until stop(). */
  start(): void;
  /** Closes and re-opens every source from its cursor (Work with Systems 9). */
  restart(): void;
  /** Stops reading after the commit in progress; the status rows say stopped. */
  stop(): Promise<void>;
}
