// Page Down / Page Up over a scrolled text or list, shared by the display screens.
import { error, type Outcome } from './screen.js';

/** The new first row after a page move, or the message line telling why there is none. */
export function scroll(top: number, page: number, length: number, dir: 'page-down' | 'page-up', what: 'text' | 'list'): number | Outcome {
  if (dir === 'page-down') return top + page >= length ? error(`Already at the bottom of the ${what}.`) : top + page;
  return top === 0 ? error(`Already at the top of the ${what}.`) : Math.max(0, top - page);
}
