/** How numbers are read from CSV text, kept at a column's precision, and written back. */

/**
 * Plain or scientific decimal notation, as people write numbers in CSV files. Every character has
 * one way to match (no `\d+\.?\d*`, which splits a digit run n ways), so a check is linear in the
 * text's length even when it fails at the last character.
 */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Codes such as "00501" keep their leading zeros only as text. */
const LEADING_ZERO = /^[+-]?0\d/;
const PARTS = /^[+-]?\d*(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Significant digits a double holds exactly; the codec refuses wider columns. */
export const MAX_DIGITS = 15;
/** Most digits after the decimal point a column keeps: the most that Number.toFixed can write. */
export const MAX_DECIMALS = 100;

export function isNumberText(text: string): boolean {
  return NUMBER_TEXT.test(text);
}

/** True when the text reads as a number without losing anything (no leading-zero codes). */
export function isNumericValue(text: string): boolean {
  return NUMBER_TEXT.test(text) && !LEADING_ZERO.test(text);
}

/** A numeric value that a double holds (not "1e309", which overflows to Infinity). */
export function isFiniteNumericValue(text: string): boolean {
  return isNumericValue(text) && Number.isFinite(Number(text));
}

/**
 * Digits after the decimal point that the written number carries ("1.50" → 2, "1.5e-3" → 4), at
 * most MAX_DECIMALS ("0e-999" would otherwise ask for 999).
 */
export function decimalsOf(text: string): number {
  const parts = PARTS.exec(text);
  if (!parts) return 0;
  return Math.min(MAX_DECIMALS, Math.max(0, (parts[1]?.length ?? 0) - Number(parts[2] ?? 0)));
}

/** round(|v| · 10^d): the integer the codec writes as digits. */
export function scaledMagnitude(value: number, decimals: number): number {
  return Math.round(Math.abs(value) * 10 ** decimals);
}

/** The value at `decimals` precision, the same double the codec decodes (never -0). */
export function roundToDecimals(value: number, decimals: number): number {
  const scaled = scaledMagnitude(value, decimals);
  const magnitude = scaled / 10 ** decimals;
  return value < 0 && scaled !== 0 ? -magnitude : magnitude;
}

export function digitCount(nonNegativeInteger: number): number {
  if (nonNegativeInteger < 1e21) return String(nonNegativeInteger).length;
  return Math.floor(Math.log10(nonNegativeInteger)) + 1;
}

/** Plain decimal text at most `decimals` places, without trailing zeros or exponent. */
export function formatNumber(value: number, decimals: number): string {
  const fixed = roundToDecimals(value, decimals).toFixed(decimals);
  return decimals > 0 ? fixed.replace(/\.?0+$/, '') : fixed;
}
