// Watches a tmux pane through one control-mode client (`tmux -C`): each look is a line on that client's stdin, not a
// new tmux process. Starting `tmux capture-pane` every 2 ms kept one of this machine's two cores busy and slowed the
// program being timed (the console's first screen measured 1.1 s that way and 0.6 s from its own clock).
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';

/** A control-mode client that runs tmux commands and returns their output. */
export class TmuxControl {
  private readonly client: ChildProcessWithoutNullStreams;
  private buffer = '';
  private readonly waiting: ((out: string) => void)[] = [];
  private readonly hold: string;

  private constructor(hold: string) {
    this.hold = hold;
    // The client attaches to a session of its own, so the measured windows keep the size they were made with.
    this.client = spawn('tmux', ['-C', 'attach-session', '-t', hold]);
    this.client.stdout.setEncoding('utf8');
    this.client.stdout.on('data', (d: string) => this.take(d));
  }

  /** Starts a client on a new idle session. */
  static start(): TmuxControl {
    const hold = `msgmon-bench-ctl-${process.pid}`;
    execFileSync('tmux', ['new-session', '-d', '-s', hold, '-x', '80', '-y', '24', 'sleep 3600']);
    return new TmuxControl(hold);
  }

  /** Runs one tmux command (its arguments quoted for tmux's parser) and resolves with its output. */
  run(...args: string[]): Promise<string> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.client.stdin.write(`${args.map(quote).join(' ')}\n`);
    });
  }

  /** The text of a pane. */
  capture(target: string): Promise<string> {
    return this.run('capture-pane', '-p', '-t', target);
  }

  /** Detaches the client and ends its session. */
  stop(): void {
    this.client.stdin.end();
    this.client.kill();
    execFileSync('tmux', ['kill-session', '-t', this.hold], { stdio: 'ignore' });
  }

  // Replies are framed by `%begin TIME NUMBER FLAGS` and `%end …` (or `%error …`) lines; notifications between them
  // are skipped, and so is the attach's own reply (flags 0: only commands from this client have flags 1).
  private take(data: string): void {
    this.buffer += data;
    for (;;) {
      const begin = this.buffer.indexOf('%begin ');
      if (begin < 0) return;
      const bodyStart = this.buffer.indexOf('\n', begin) + 1;
      const end = this.buffer.slice(bodyStart).search(/^%(end|error) /m);
      if (bodyStart === 0 || end < 0) return;
      const body = this.buffer.slice(bodyStart, bodyStart + end);
      const close = this.buffer.indexOf('\n', bodyStart + end);
      if (close < 0) return;
      const fromClient = this.buffer
        .slice(begin, bodyStart - 1)
        .trim()
        .endsWith(' 1');
      this.buffer = this.buffer.slice(close + 1);
      if (fromClient) this.waiting.shift()?.(body);
    }
  }
}

/** An argument as tmux's command parser reads it. */
function quote(arg: string): string {
  return /^[\w@%:./=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
