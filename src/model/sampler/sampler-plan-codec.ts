import { scaledMagnitude } from '../../data/numbers';
import type { RowCodec } from '../../data/row-codec';
import type { NumberBounds, PlanCodec, SignBounds } from './sampler-plan';

/** What a numeric column writes (RowCodec's numeric spec): sign position iff min < 0, then `digits` digits. */
export interface NumberFormat {
  name: string;
  decimals: number;
  min: number;
  max: number;
}

/**
 * The lowest and highest magnitude each sign may write so that the decoded number (magnitude /
 * 10^decimals, negated after '-' unless 0, as the codec reads it) lies in [min, max], as fixed-width
 * digits; null for a sign with no such number.
 */
export function numberBounds({ name, decimals, min, max }: NumberFormat, digits: number): NumberBounds {
  const scale = 10 ** decimals;
  // Smallest / largest magnitude whose value is >= x / <= x (x >= 0), decoded exactly as the codec does.
  const atLeast = (x: number) => {
    const s = scaledMagnitude(x, decimals);
    return s / scale < x ? s + 1 : s;
  };
  const atMost = (x: number) => {
    const s = scaledMagnitude(x, decimals);
    return s / scale > x ? s - 1 : s;
  };
  const bounds = (low: number, high: number): SignBounds | null => {
    if (low > high) return null;
    const toDigits = (n: number) => Array.from(String(n).padStart(digits, '0'), Number);
    return { low: toDigits(low), high: toDigits(high) };
  };
  const signed = min < 0;
  const plus = max >= 0 ? bounds(atLeast(Math.max(0, min)), atMost(max)) : null;
  const minus = signed ? bounds(atLeast(Math.max(0, -max)), atMost(-min)) : null;
  if (!plus && !minus) {
    throw new Error(`Column "${name}" holds no number at ${decimals} decimals between ${min} and ${max}: infer the schema again.`);
  }
  return { signed, plus, minus };
}

/** The sampler plan's view of a codec: its columns with the digit bounds of every numeric column. */
export function planCodec(codec: RowCodec): PlanCodec {
  const specs = codec.toJSON().columns;
  return {
    seqLen: codec.seqLen,
    order: codec.sampleOrder,
    columns: codec.columns.map((column, c) => {
      const spec = specs[c];
      const number = spec.kind === 'numeric' ? numberBounds(spec, column.width - (spec.min < 0 ? 1 : 0)) : null;
      return { ...column, number };
    }),
  };
}
