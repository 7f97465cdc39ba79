// A persistent control shell on a host (one channel): commands written to it, replies ending in a marker.
// Costs ~1 ms per command where a new exec channel costs ~44 ms (ssh2 leaves Nagle on), and keeps channels free.
import type { ExecChannel, ExecHost } from './remote-exec.js';

interface Pending {
  marker: string;
  resolve: (r: { out: string; code: number }) => void;
  reject: (err: Error) => void;
}

/** Runs shell commands one after another on one `sh` channel. */
export class RemoteShell {
  private buf = '';
  private queue: Pending[] = [];
  private seq = 0;
  private closed: Error | null = null;

  private constructor(private readonly ch: ExecChannel) {
    ch.on('data', (d: Buffer) => {
      this.buf += d.toString('utf8');
      this.drain();
    });
    ch.stderr.on('data', () => {
      /* commands redirect what matters; the rest is noise */
    });
    ch.on('close', () => this.fail(new Error('control shell closed')));
  }

  /** Opens `sh` on the host. */
  static open(host: ExecHost): Promise<RemoteShell> {
    return new Promise((resolve, reject) => {
      host.exec('exec sh', (err, ch) => (err ? reject(err) : resolve(new RemoteShell(ch))));
    });
  }

  /** Runs a command; resolves with its stdout+stderr and exit status. */
  run(command: string): Promise<{ out: string; code: number }> {
    if (this.closed) return Promise.reject(this.closed);
    const marker = `__msgmon_${process.pid}_${++this.seq}__`;
    return new Promise((resolve, reject) => {
      this.queue.push({ marker, resolve, reject });
      this.ch.write(`{ ${command}\n} 2>&1 </dev/null; r=$?; echo; echo "${marker} $r"\n`);
    });
  }

  private drain(): void {
    for (;;) {
      const p = this.queue[0];
      if (!p) return;
      const at = this.buf.indexOf(`\n${p.marker} `);
      if (at === -1) return;
      const end = this.buf.indexOf('\n', at + 1 + p.marker.length);
      if (end === -1) return;
      const code = Number(this.buf.slice(at + 1 + p.marker.length + 1, end));
      const out = this.buf.slice(0, at);
      this.buf = this.buf.slice(end + 1);
      this.queue.shift();
      p.resolve({ out, code });
    }
  }

  private fail(err: Error): void {
    this.closed = err;
    for (const p of this.queue.splice(0)) p.reject(err);
  }

  /** Ends the shell. */
  close(): void {
    if (!this.closed) this.ch.end('exit\n');
    this.fail(new Error('control shell closed'));
  }
}
