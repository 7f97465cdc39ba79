// Message Attributes: every field of one message; 1=Use in new rule opens the rule editor testing the fields picked.
import type { Services } from '../../core/services.js';
import type { Grid } from '../grid.js';
import { bindingForOption, DEFAULT_KEYMAP, refusal, type Keymap } from '../keymap.js';
import { MIN_COLS, MIN_ROWS } from '../render.js';
import { attributeEntries, attributesDoc, attributesViewport, renderAttributes, type AttributeEntry, type AttributesView } from '../render-attributes.js';
import { draftFromMessage } from '../rule-form-convert.js';
import { scroll } from '../scroll.js';
import { error, type Outcome, type Screen, type ViewContext } from '../screen.js';
import { RuleEditor } from './rule-editor.js';

/** Controller for Message Attributes: line-scrolled list, cursor on the entries' Opt fields. */
export class MessageAttributes implements Screen {
  readonly id = 'message-attributes' as const;
  message: AttributesView['message'] = null;
  entries: AttributeEntry[] = [];
  top = 0;
  cursor = 0;
  readonly options = new Map<number, string>();
  private cols = MIN_COLS;
  private rows = MIN_ROWS;

  constructor(
    private readonly services: Services,
    readonly messageId: number,
    private readonly keymap: Keymap = DEFAULT_KEYMAP,
  ) {
    this.resume();
  }

  resume(): void {
    this.message = this.services.messages.get(this.messageId);
    this.entries = this.message ? attributeEntries(this.message) : [];
  }

  resize(cols: number, rows: number): void {
    this.cols = Math.max(cols, MIN_COLS);
    this.rows = Math.max(rows, MIN_ROWS);
    this.top = 0;
    this.cursor = this.visible()[0] ?? 0;
  }

  type(ch: string): Outcome | false {
    if (!/^\d$/.test(ch) || this.entries.length === 0) return false;
    this.options.set(this.cursor, ch);
    return {};
  }

  command(id: string): Outcome | undefined {
    const vis = this.visible();
    const at = Math.max(0, vis.indexOf(this.cursor));
    const page = attributesViewport(this.rows, { keymap: this.keymap });
    const lines = attributesDoc(this, this.cols).length;
    switch (id) {
      case 'enter':
        return this.enter();
      case 'next-field':
        this.cursor = vis[(at + 1) % vis.length] ?? 0;
        return {};
      case 'prev-field':
        this.cursor = vis[(at + vis.length - 1) % vis.length] ?? 0;
        return {};
      case 'clear-field':
        this.options.delete(this.cursor);
        return {};
      case 'page-down':
      case 'page-up': {
        const to = scroll(this.top, page, lines, id, 'list');
        if (typeof to !== 'number') return to;
        this.top = to;
        this.cursor = this.visible()[0] ?? this.cursor;
        return {};
      }
      default:
        return undefined;
    }
  }

  render(ctx: ViewContext): Grid {
    return renderAttributes(this.view(), ctx);
  }

  private view(): AttributesView {
    const { messageId: id, message, entries, top, cursor, options } = this;
    return { id, message, entries, top, cursor, options };
  }

  /** Entry indexes whose Opt field is on screen now. */
  private visible(): number[] {
    const page = attributesViewport(this.rows, { keymap: this.keymap });
    return attributesDoc(this, this.cols)
      .slice(this.top, this.top + page)
      .flatMap((d) => (d.entry === undefined ? [] : [d.entry]));
  }

  /** 1=Use in new rule on one or more fields opens the rule editor testing them; every option is checked first. */
  private enter(): Outcome {
    const typed = [...this.options].sort((a, b) => a[0] - b[0]);
    if (typed.length === 0) return { pop: true };
    for (const [entry, opt] of typed) {
      const b = bindingForOption(this.keymap, this.id, opt);
      const why = b ? refusal(b, this.services.readOnly, this.entries[entry]?.name === 'raw' ? ['raw'] : []) : `Option ${opt} not valid for this screen.`;
      if (why) {
        this.cursor = entry;
        return error(why);
      }
    }
    if (!this.message) return error(`Message ${this.messageId} is no longer in the store.`);
    const picked = typed.map(([entry]) => this.entries[entry]!.name);
    this.options.clear();
    return { push: [RuleEditor.create(this.services, draftFromMessage(this.message, picked), this.keymap)] };
  }
}
