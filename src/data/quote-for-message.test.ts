import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, quoteForMessage } from './quote-for-message';

describe('user data in messages', () => {
  it('quotes plain text as it is, non-ASCII included', () => {
    expect(quoteForMessage('income')).toBe('"income"');
    expect(quoteForMessage('Zürich 東京')).toBe('"Zürich 東京"');
  });

  it('shows terminal escapes, controls and direction overrides as escapes', () => {
    expect(quoteForMessage('\u001b[2J\u001b[31mred')).toBe('"\\e[2J\\e[31mred"');
    expect(quoteForMessage('a\tb\nc\rd\u0000e\u007f\u009bf')).toBe('"a\\tb\\nc\\rd\\u0000e\\u007f\\u009bf"');
    expect(quoteForMessage('txt.\u202egnp')).toBe('"txt.\\u202egnp"');
    expect(quoteForMessage('x').includes('\u001b')).toBe(false);
  });

  it('cuts long text and says how long it was', () => {
    expect(quoteForMessage('a'.repeat(100))).toBe(`"${'a'.repeat(80)}…" (100 characters)`);
    expect(quoteForMessage('abcdef', 3)).toBe('"abc…" (6 characters)');
  });

  it('escapes a whole message, keeping its line breaks only when asked', () => {
    expect(escapeControlCharacters('one\n\u001b[31mtwo')).toBe('one\\n\\e[31mtwo');
    expect(escapeControlCharacters('one\n\u001b[31mtwo', true)).toBe('one\n\\e[31mtwo');
  });
});
