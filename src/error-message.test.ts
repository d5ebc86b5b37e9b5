import { describe, expect, it } from 'vitest';
import { messageOf } from './error-message';

describe('messageOf', () => {
  it("gives an Error's message without its name, and anything else thrown as text", () => {
    expect(messageOf(new RangeError('batch must be positive'))).toBe('batch must be positive');
    expect(messageOf('quota exceeded')).toBe('quota exceeded');
    expect(messageOf(42)).toBe('42');
    expect(messageOf(undefined)).toBe('undefined');
  });
});
