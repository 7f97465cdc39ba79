// One input field typed in place (5250 style): its value, the cursor in it, and the editing keys.
import { error, type Outcome } from './screen.js';

/** A text field of at most `max` characters, edited at `pos`. */
export class TextField {
  pos: number;

  constructor(
    readonly label: string,
    public max: number,
    public value = '',
  ) {
    this.pos = [...value].length;
  }

  /** Sets the value (the cursor goes to its end). */
  set(value: string): void {
    this.value = value;
    this.toEnd();
  }

  /** The cursor after the last character (a field entered with Tab, or named by an error). */
  toEnd(): void {
    this.pos = [...this.value].length;
  }

  /** Inserts a character at the cursor; a full field says so. */
  type(ch: string): Outcome {
    const v = [...this.value];
    if (v.length >= this.max) return error(`${this.label}: at most ${this.max} characters.`);
    v.splice(this.pos, 0, ch);
    this.value = v.join('');
    this.pos++;
    return {};
  }

  /** Left, Right, Home, End, Backspace, Delete; false for any other key. */
  edit(key: string): Outcome | false {
    const v = [...this.value];
    switch (key) {
      case 'left':
        this.pos = Math.max(0, this.pos - 1);
        return {};
      case 'right':
        this.pos = Math.min(v.length, this.pos + 1);
        return {};
      case 'home':
        this.pos = 0;
        return {};
      case 'end':
        this.pos = v.length;
        return {};
      case 'backspace':
        if (this.pos > 0) v.splice(--this.pos, 1);
        break;
      case 'delete':
        v.splice(this.pos, 1);
        break;
      default:
        return false;
    }
    this.value = v.join('');
    return {};
  }
}
