// Calls an asynchronous worker thread synchronously: the caller posts a request, blocks on Atomics.wait until the
// worker flags its answer, and takes it with receiveMessageOnPort. The store API is synchronous (screens and the
// pipeline call it that way) while node-postgres is asynchronous; this bridge joins the two.
//
// Why not synckit: it starts its worker from a file path, and a .ts worker needs a TypeScript runner
// (tsx, ts-node) that msgmon does not have; the tests run msgmon from its .ts sources, where no compiled worker exists.
// The worker here is a self-contained function passed as source text (eval), so it runs from sources and from dist alike.
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/**
 * The flag cells shared with the worker: [0] an answer is waiting, [1] the worker has exited, [2] a counter the
 * worker moves on its own (PostgreSQL notifications), read without a call.
 */
const ANSWER = 0;
const EXITED = 1;
const EVENTS = 2;

/** An error as the worker sends it (an Error does not survive postMessage with its own properties). */
export interface WireError {
  message: string;
  code?: string;
  [key: string]: unknown;
}

/** An answer as the worker posts it. */
interface Answer {
  id: number;
  result?: unknown;
  error?: WireError;
}

/** The worker side: what a worker body receives (see pg-worker.ts for the one msgmon has). */
export interface BridgeData {
  port: MessagePort;
  flag: Int32Array;
}

/** An Error with the worker's error's properties (code, errno, …) so callers can tell causes apart. */
export function wireToError(w: WireError): Error & Record<string, unknown> {
  return Object.assign(new Error(w.message), w);
}

/** One worker thread called synchronously, one request at a time. */
export class SyncWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(12));
  private nextId = 0;
  private closed = false;

  /** Starts `body` (a function that uses nothing from outside itself) in a thread; `data` reaches it as workerData. */
  constructor(body: () => void, data: Record<string, unknown>) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(`(${body.toString()})()`, {
      eval: true,
      workerData: { ...data, port: port2, flag: this.flag } satisfies BridgeData,
      transferList: [port2],
    });
    // The thread must not keep a finished command alive; close() ends it properly.
    this.worker.unref();
    this.port.unref();
  }

  /** Runs `op` in the worker and returns its result, or throws its error; gives up after `timeoutMs`. */
  call(op: string, args: unknown[], timeoutMs: number): unknown {
    if (this.closed) throw new Error(`${op}: the connection is closed`);
    const id = ++this.nextId;
    Atomics.store(this.flag, ANSWER, 0);
    this.port.postMessage({ id, op, args });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = receiveMessageOnPort(this.port);
      if (got) {
        const a = got.message as Answer;
        if (a.id !== id) continue; // the late answer of a call that timed out
        if (a.error) throw wireToError(a.error);
        return a.result;
      }
      if (Atomics.load(this.flag, EXITED)) throw new Error(`${op}: the database thread has ended`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${op}: no answer from the database thread within ${Math.round(timeoutMs / 1000)} s`);
      Atomics.wait(this.flag, ANSWER, 0, left);
      Atomics.store(this.flag, ANSWER, 0);
    }
  }

  /** The worker's event counter (cell 2): what it has seen between calls, read without waking it. */
  events(): number {
    return Atomics.load(this.flag, EVENTS);
  }

  /** Ends the thread (after the caller's last call). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }
}
