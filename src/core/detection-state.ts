// What detections remember between messages (a wave in progress, the values seen for a key, a session's volume so
// far), kept by the store so a restart neither forgets nor alerts again. The rules layer says what changed; the
// store writes it in the transaction of the batch that changed it, next to the messages and the cursor.

/** One remembered value as stored: its map within the rule, its key, when it was last touched (message time). */
export interface DetectionStateRow {
  touched: number;
  state: string;
}

/** A change of one batch: a value written (`state`) or forgotten (`state` null). */
export interface DetectionStateWrite {
  ruleId: number;
  /** The rule's version (a hash of its JSON): a changed rule starts afresh, as it does in memory. */
  version: string;
  map: string;
  key: string;
  touched: number;
  state: string | null;
}

/** Values of a map last touched before `before` are forgotten (a window or a quiet period has passed). */
export interface DetectionStatePrune {
  ruleId: number;
  version: string;
  map: string;
  before: number;
}

/** What a batch changed. */
export interface DetectionStateChanges {
  writes: DetectionStateWrite[];
  prunes: DetectionStatePrune[];
}

/** Read access to the stored state (the store implements it; rule tests and replays run without one). */
export interface DetectionStateReader {
  get(ruleId: number, version: string, map: string, key: string): DetectionStateRow | null;
}
