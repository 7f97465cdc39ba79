// Interleaves many simulated sessions into one time-ordered log, the way a server's log file really looks:
// each session is a generator that yields waits (ms), lines and new sessions; the scheduler always resumes
// the session whose clock is earliest, so timestamps never go backwards.

/** What a session script yields: a wait in ms, a line for the main log, a line for xferlog, or a new script. */
export type Yielded = number | string | { x: string } | { spawn: Script };
/** A simulated session (or a spawner of sessions). */
export type Script = Generator<Yielded, void, void>;

interface Slot {
  at: number;
  seq: number;
  script: Script;
}

/** Minimal binary heap on (at, seq): seq breaks ties so the order never depends on engine details. */
class Heap {
  private readonly a: Slot[] = [];
  get size(): number {
    return this.a.length;
  }
  push(s: Slot): void {
    const a = this.a;
    a.push(s);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Slot | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l]!, a[m]!)) m = l;
        if (r < a.length && less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
const less = (x: Slot, y: Slot): boolean => x.at < y.at || (x.at === y.at && x.seq < y.seq);

/** Receives each emitted line; returns false once it has all the lines it wants. */
export type Emit = (stream: 'main' | 'xfer', text: string, at: number) => boolean;

/** Run scripts from `start` (epoch ms) until `emit` says stop or every script has ended; `clock.now` is the
 * resumed script's time, for scripts that need to know it. */
export function runScripts(roots: Script[], start: number, emit: Emit, clock = { now: start }): void {
  const heap = new Heap();
  let seq = 0;
  for (const script of roots) heap.push({ at: start, seq: seq++, script });
  while (heap.size > 0) {
    const slot = heap.pop()!;
    clock.now = slot.at;
    for (;;) {
      const r = slot.script.next();
      if (r.done) break;
      const v = r.value;
      if (typeof v === 'number') {
        if (v <= 0) continue;
        // Whole milliseconds keep clocks exact integers, so the same seed never drifts through float sums.
        slot.at += Math.ceil(v);
        slot.seq = seq++;
        heap.push(slot);
        break;
      }
      if (typeof v === 'string') {
        if (!emit('main', v, slot.at)) return;
      } else if ('x' in v) {
        if (!emit('xfer', v.x, slot.at)) return;
      } else {
        heap.push({ at: slot.at, seq: seq++, script: v.spawn });
      }
    }
  }
}
