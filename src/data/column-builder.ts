import { decimalsOf, isFiniteNumericValue } from './numbers';
import type { RawColumn } from './raw-column';

/** Distinct texts a column keeps as a dictionary; past this, a column of numbers keeps the numbers. */
export const DICTIONARY_LIMIT = 65_536;
const FIRST_CAPACITY = 1024;
/** V8 keeps a substring of 13+ characters as a view into its parent string (a whole chunk). */
const SLICE_MIN_LENGTH = 13;

/**
 * Collects one column's cells into typed arrays as rows arrive (see raw-column.ts). A column whose
 * distinct values are all numbers switches from codes to the numbers themselves when the dictionary
 * would pass DICTIONARY_LIMIT; a later non-number turns it back into text (the earlier numbers are
 * then written as JavaScript writes them, "1.50" as "1.5") and it stays text.
 */
export class ColumnBuilder {
  length = 0;
  private codes = new Uint32Array(FIRST_CAPACITY);
  private numbers: Float64Array | undefined;
  private index = new Map<string, number>();
  private values: string[] = [];
  /** Every distinct text so far is a number a double holds; `decimals` is then their most decimals. */
  private allNumbers = true;
  private decimals = 0;
  private wasNumbers = false;

  add(value: string | null): void {
    this.reserve();
    this.store(this.length++, value);
  }

  /** A cell before every other (the first row turned out to be data, not a header). */
  prepend(value: string | null): void {
    this.reserve();
    if (this.numbers) this.numbers.copyWithin(1, 0, this.length);
    else this.codes.copyWithin(1, 0, this.length);
    this.length++;
    this.store(0, value);
  }

  text(row: number): string | null {
    if (this.numbers) return Number.isNaN(this.numbers[row]) ? null : String(this.numbers[row]);
    const code = this.codes[row];
    return code === 0 ? null : this.values[code - 1];
  }

  finish(): RawColumn {
    if (this.numbers) return { kind: 'number', length: this.length, values: this.numbers.slice(0, this.length), decimals: this.decimals };
    return { kind: 'text', length: this.length, codes: this.codes.slice(0, this.length), values: this.values };
  }

  private reserve(): void {
    const capacity = this.numbers?.length ?? this.codes.length;
    if (this.length < capacity) return;
    if (this.numbers) {
      const grown = new Float64Array(capacity * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    } else {
      const grown = new Uint32Array(capacity * 2);
      grown.set(this.codes);
      this.codes = grown;
    }
  }

  private store(row: number, value: string | null): void {
    if (this.numbers) {
      if (value === null) {
        this.numbers[row] = NaN;
        return;
      }
      if (isFiniteNumericValue(value)) {
        this.numbers[row] = Number(value);
        this.decimals = Math.max(this.decimals, decimalsOf(value));
        return;
      }
      this.toText();
    }
    if (value === null) {
      this.codes[row] = 0;
      return;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      const text = detach(value);
      code = this.values.push(text);
      this.index.set(text, code);
      if (this.allNumbers && isFiniteNumericValue(text)) this.decimals = Math.max(this.decimals, decimalsOf(text));
      else this.allNumbers = false;
    }
    this.codes[row] = code;
    if (code > DICTIONARY_LIMIT && this.allNumbers && !this.wasNumbers) this.toNumbers();
  }

  private toNumbers(): void {
    const numbers = new Float64Array(this.codes.length);
    const byCode = Float64Array.from(this.values, Number);
    for (let r = 0; r < this.length; r++) numbers[r] = this.codes[r] === 0 ? NaN : byCode[this.codes[r] - 1];
    this.numbers = numbers;
    this.codes = new Uint32Array(0);
    this.index = new Map();
    this.values = [];
    this.wasNumbers = true;
  }

  private toText(): void {
    const numbers = this.numbers!;
    this.numbers = undefined;
    this.codes = new Uint32Array(numbers.length);
    this.allNumbers = false;
    for (let r = 0; r < this.length; r++) this.store(r, Number.isNaN(numbers[r]) ? null : String(numbers[r]));
  }
}

/** A copy that does not pin the chunk it was cut from, so the file's text is never held twice. */
export function detach(text: string): string {
  return text.length < SLICE_MIN_LENGTH ? text : ` ${text}`.slice(1);
}
