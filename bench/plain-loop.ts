// The language's limit: read a vsftpd log with a stream, split lines, match each against the parser's
// regexes (first match wins, captures extracted), store nothing. `msgmon ingest` is compared against this,
// so it runs as its own process too (Node start-up counted on both sides):
//   node dist/bench/plain-loop.js FILE   → {"lines":N,"unmatched":U,"kinds":{...},"check":C}
import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { VSFTPD_KINDS, type LineKind } from './line-kinds.js';

/** Counts from one pass; `check` sums capture lengths so the engine cannot skip the matching work. */
export interface LoopResult {
  lines: number;
  unmatched: number;
  kinds: Record<string, number>;
  check: number;
}

/** Stream `path` once and classify every line with `kinds`. */
export async function plainLoop(path: string, kinds: LineKind[] = VSFTPD_KINDS): Promise<LoopResult> {
  const counts = new Array<number>(kinds.length).fill(0);
  let lines = 0;
  let unmatched = 0;
  let check = 0;
  let rest = '';
  const one = (line: string): void => {
    lines++;
    for (let k = 0; k < kinds.length; k++) {
      const m = kinds[k]!.re.exec(line);
      if (m) {
        counts[k]!++;
        check += m[1]!.length + (m[2]?.length ?? 0);
        return;
      }
    }
    unmatched++;
  };
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      one(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) one(rest);
  const byName: Record<string, number> = {};
  kinds.forEach((k, i) => (byName[k.name] = counts[i]!));
  return { lines, unmatched, kinds: byName, check };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node dist/bench/plain-loop.js FILE\n');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(await plainLoop(file)) + '\n');
}
