// Connection tests (8 on Work with Systems) run in the background: the screens stay live while a host connects
// (up to 15 s for one that does not answer), and the result comes on the message line when it is in.
import type { ConnectionTestResult, SystemsService } from '../../core/services.js';
import type { TestRecord } from '../render-system-details.js';
import type { StatusLine } from '../screen.js';

/** Work with Systems and Display System read their data again every this many ticks (of about 500 ms). */
const REFRESH_TICKS = 2;

/** Paces a live systems screen: a fresh read every second, a repaint at once when a connection test starts or ends. */
export class LiveTicks {
  private ticks = 0;
  private seen = -1;

  constructor(private readonly tests: ConnectionTests) {}

  /** True when the screen should repaint; calls `refresh` every REFRESH_TICKS ticks. */
  tick(refresh: () => void): boolean {
    const tested = this.tests.version !== this.seen;
    this.seen = this.tests.version;
    if (++this.ticks % REFRESH_TICKS !== 0) return tested;
    refresh();
    return true;
  }
}

/** The tests running and the last result per system, shared by Work with Systems and Display System. */
export class ConnectionTests {
  private readonly running = new Set<string>();
  private readonly last = new Map<string, TestRecord>();
  private unseen: StatusLine | null = null;
  /** Bumped whenever a test starts or ends, so a screen knows to repaint. */
  version = 0;

  constructor(
    private readonly systems: SystemsService,
    private readonly now: () => number,
  ) {}

  /** Starts a test unless one of the system runs already. */
  start(name: string): void {
    if (this.running.has(name)) return;
    this.running.add(name);
    this.version++;
    const done = (result: ConnectionTestResult) => {
      this.running.delete(name);
      this.last.set(name, { at: this.now(), result });
      this.unseen = resultLine(name, result);
      this.version++;
    };
    this.systems.test(name).then(done, (err: Error) => done({ ok: false, error: err.message }));
  }

  testing(name: string): boolean {
    return this.running.has(name);
  }

  result(name: string): TestRecord | null {
    return this.last.get(name) ?? null;
  }

  /** The message line of the newest result not shown yet (then null until the next one). */
  takeUnseen(): StatusLine | null {
    const u = this.unseen;
    this.unseen = null;
    return u;
  }
}

/** `Test of web1 OK: 41 ms, ssh-ed25519 key trusted, Linux 6.1.0` or why it failed, for the message line (5=Display has all). */
export function resultLine(name: string, r: ConnectionTestResult): StatusLine {
  if (!r.ok) return { text: `Test of ${name} failed: ${r.error}`, error: true };
  const t = r.test;
  return { text: `Test of ${name} OK: ${t.connectMs} ms, ${t.keyType} key trusted, ${t.os}`, error: false };
}
