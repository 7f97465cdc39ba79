// Background retention for a collector or console process: prunes in small batches with pauses between them, so
// the process's own work (collecting, painting the console) never waits long, once at start and then every hour.
import type Database from 'better-sqlite3';
import { pruneBatch } from '../store/retention.js';

const DAY_MS = 86_400_000;

/** How a process prunes: how many messages per transaction and how long it yields between them. */
export interface RetentionOptions {
  db: Database.Database;
  /** settings.retentionDays, read at every pass (null: keep everything). */
  days: () => number | null;
  note: (text: string) => void;
  /** Messages per transaction (default 500). */
  batch?: number;
  /** Pause between batches in ms (default 20). */
  pauseMs?: number;
  /** Time between passes in ms (default one hour). */
  everyMs?: number;
  now?: () => number;
}

/** The totals of one pass. */
export interface RetentionPass {
  days: number | null;
  deleted: number;
  /** The last message pruned so far (0: none ever). */
  checkpoint: number;
  stopped?: string;
}

/** Prunes messages older than retentionDays, in the background or (pass) in the foreground. */
export class Retention {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionPass> | null = null;
  private stopping = false;
  private lastStop: string | undefined;

  constructor(private readonly o: RetentionOptions) {}

  /** Runs a pass now and then every `everyMs`; errors are noted, never thrown (collecting goes on). */
  start(): void {
    const tick = (): void => {
      this.running = this.pass().catch((e: unknown) => {
        this.o.note(`retention: ${(e as Error).message}`);
        return { days: null, deleted: 0, checkpoint: 0 };
      });
      void this.running.then(() => {
        if (!this.stopping) this.timer = setTimeout(tick, this.o.everyMs ?? 3_600_000);
      });
    };
    tick();
  }

  /** Prunes everything older than the cutoff, batch by batch, yielding between batches. */
  async pass(): Promise<RetentionPass> {
    const days = this.o.days();
    if (days === null) return { days, deleted: 0, checkpoint: 0 };
    const cutoff = (this.o.now ?? Date.now)() - days * DAY_MS;
    let deleted = 0;
    for (;;) {
      const b = pruneBatch(this.o.db, cutoff, this.o.batch ?? 500, (this.o.now ?? Date.now)());
      deleted += b.deleted;
      if (b.stopped && b.stopped !== this.lastStop) this.o.note(b.stopped); // once, not every hour
      this.lastStop = b.stopped;
      if (b.done || this.stopping) {
        if (deleted) this.o.note(`retention: pruned ${deleted} messages older than ${days} days (checkpoint: row ${b.checkpoint.id})`);
        return { days, deleted, checkpoint: b.checkpoint.id, ...(b.stopped ? { stopped: b.stopped } : {}) };
      }
      await new Promise((resolve) => setTimeout(resolve, this.o.pauseMs ?? 20));
    }
  }

  /** Stops after the current batch; resolves when no pass runs any more. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
