// Messages msgmon raises about itself (MON0001 connected, MON0002 connection lost, MON0003 host key changed).
import type { Catalog } from '../catalog/catalog.js';
import type { Fields, NewMessage } from '../core/types.js';

/** A MON message about `system`, from the collector, with the catalog's text and severity. */
export function monitorMessage(catalog: Catalog, msgId: string, system: string, fields: Fields, now = Date.now()): NewMessage {
  const all: Fields = { system, ...fields };
  const text = catalog.text(msgId, all);
  return {
    time: now,
    system,
    source: 'collector',
    msgId,
    severity: catalog.severity(msgId),
    text,
    fields: all,
    session: null,
    console: 'shown',
    ack: null,
    rules: [],
    highlight: null,
    inquiry: false,
    tags: [],
    raw: text,
  };
}
