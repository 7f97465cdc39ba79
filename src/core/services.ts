// Service interfaces the UI reads and acts through; the CLI wires real implementations (DESIGN §2).
import type { Message } from './types.js';

/** Which messages a list shows. All filters optional; `console` restricts to what still needs a person. */
export interface MessageQuery {
  console?: boolean;
  since?: number;
  until?: number;
  system?: string;
  user?: string;
  /** msgId with `*` wildcards, e.g. `FTP002*`. */
  msgId?: string;
  session?: string;
  /** Words that must all occur in the text (full-text index). */
  text?: string;
  minSeverity?: number;
}

/** One page of a newest-first list, read by keyset so paging costs the same at any depth. */
export interface MessagePage {
  messages: Message[];
  /** True when older messages exist beyond this page ("More..." rather than "Bottom"). */
  more: boolean;
}

/** Second-level text of a message ID, as an IBM message file holds it. */
export interface MessageHelp {
  msgId: string;
  severity: number;
  template: string;
  cause: string;
  recovery: string;
}

/** Actions an operator takes on console messages. */
export type MessageAction = 'remove' | 'ack';

/** What the screens need from the store; every method is synchronous (SQLite) except where noted. */
export interface MessageService {
  /** Newest first; `before` is the id to page down from (exclusive), `after` pages up. */
  page(query: MessageQuery, limit: number, cursor?: { before?: number; after?: number }): MessagePage;
  get(id: number): Message | null;
  count(query: MessageQuery): number;
  /** Applies an action; returns the ids it changed. */
  act(ids: number[], action: MessageAction): number[];
  /** Highest message id stored, for the live refresh to notice new ones cheaply. */
  lastId(): number;
}

/** The catalog as the screens see it. */
export interface CatalogService {
  help(msgId: string): MessageHelp | null;
}

/** Everything a screen may use, passed to controllers by the CLI. */
export interface Services {
  messages: MessageService;
  catalog: CatalogService;
  /** Name of the system msgmon runs on (row 1, right). */
  hostName: string;
  /** Clock, injectable so golden screens are stable. */
  now(): number;
  /** True in --read-only mode: dangerous bindings are refused with a message. */
  readOnly: boolean;
}
