import { describe, expect, it } from 'vitest';
import { imputeTemperature } from './imputer';

describe('the imputation temperature', () => {
  it('fills one table with the most likely values and draws multiple imputations from the model', () => {
    expect(imputeTemperature(1)).toBe(0);
    expect(imputeTemperature(2)).toBe(1);
    expect(imputeTemperature(20)).toBe(1);
  });
});
