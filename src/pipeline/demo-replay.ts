// The demo's replay: bundled real logs written again line by line, their gaps compressed and their
// timestamps moved to now, so the real pipeline (tail → formats → sessions → store) fills the console live.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataPath } from '../core/paths.js';
import { formatCtime, formatSyslogTime, parseCtime, parseSyslogTime } from '../core/time.js';

const demoSchema = z.object({
  sources: z
    .array(
      z.object({
        file: z.string(),
        system: z.string(),
        source: z.string(),
        formats: z.array(z.string()).min(1),
        layout: z.enum(['ctime', 'syslog']),
      }),
    )
    .min(1),
});

/** One bundled log and how to read it. */
export type DemoSource = z.infer<typeof demoSchema>['sources'][number];

/** The bundled demo sources (data/demo/demo.json). */
export function demoSources(): DemoSource[] {
  return demoSchema.parse(JSON.parse(fs.readFileSync(dataPath('demo', 'demo.json'), 'utf8'))).sources;
}

const LAYOUT = {
  ctime: { re: /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}/, parse: (s: string) => parseCtime(s), format: formatCtime },
  syslog: { re: /^\w{3} [ \d]\d \d\d:\d\d:\d\d/, parse: (s: string) => parseSyslogTime(s, Date.UTC(2100, 0)), format: formatSyslogTime },
};

interface Pending {
  out: string;
  time: number;
  rest: string;
  layout: keyof typeof LAYOUT;
}

/** Writes the demo logs into `spoolDir` over time. `speed` compresses gaps; 0 writes everything at once. */
export class DemoReplay {
  private readonly lines: Pending[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly spoolDir: string,
    sources: DemoSource[],
    private readonly speed: number,
    private readonly maxGapMs = 2500,
  ) {
    for (const s of sources) {
      const out = path.join(spoolDir, s.file);
      fs.writeFileSync(out, '');
      for (const line of fs.readFileSync(dataPath('demo', s.file), 'utf8').split('\n')) {
        if (!line) continue;
        const m = LAYOUT[s.layout].re.exec(line);
        const t = m ? LAYOUT[s.layout].parse(m[0]) : null;
        this.lines.push({ out, time: t ?? this.lines.at(-1)?.time ?? 0, rest: m ? line.slice(m[0].length) : line, layout: s.layout });
      }
    }
    // Stable sort keeps each file's own order for lines of the same second.
    this.lines.sort((a, b) => a.time - b.time);
  }

  /** Path in the spool of a source's file. */
  spoolFile(s: DemoSource): string {
    return path.join(this.spoolDir, s.file);
  }

  /** Total lines, and lines written so far. */
  get progress(): { done: number; total: number } {
    return { done: this.next, total: this.lines.length };
  }

  /** Starts writing; resolves when every line is written. */
  run(): Promise<void> {
    const start = Date.now();
    const due: number[] = [];
    let at = 0;
    this.lines.forEach((l, i) => {
      if (i > 0) at += this.speed <= 0 ? 0 : Math.min((l.time - this.lines[i - 1]!.time) / this.speed, this.maxGapMs);
      due.push(start + at);
    });
    return new Promise((resolve) => {
      const tick = () => {
        const now = Date.now();
        const batch = new Map<string, string[]>();
        while (this.next < this.lines.length && due[this.next]! <= now) {
          const l = this.lines[this.next]!;
          const stamp = LAYOUT[l.layout].format(due[this.next]!);
          (batch.get(l.out) ?? batch.set(l.out, []).get(l.out)!).push(stamp + l.rest + '\n');
          this.next++;
        }
        for (const [file, ls] of batch) fs.appendFileSync(file, ls.join(''));
        if (this.next >= this.lines.length) return resolve();
        this.timer = setTimeout(tick, Math.max(20, Math.min(200, due[this.next]! - Date.now())));
      };
      tick();
    });
  }

  /** Stops writing (the console was closed before the replay ended). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
