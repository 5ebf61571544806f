import { describe, expect, it } from 'vitest';
import { percentileAccuracy } from './percentile-accuracy';

describe('how far a reported percentile can be trusted', () => {
  it('says nothing for percentiles computed from every call', () => {
    expect(percentileAccuracy('exact')).toBeNull();
  });

  it('states the sketches’ bound for rolled-up hours', () => {
    expect(percentileAccuracy('sketch')).toEqual({
      mark: '±1 %',
      explanation: expect.stringContaining('within 1 % of the true one'),
    });
  });

  it('says approximate, without a bound, for hours rolled up before sketches', () => {
    expect(percentileAccuracy('approximate')).toEqual({
      mark: 'approx.',
      explanation: expect.stringContaining('no error bound'),
    });
  });
});
