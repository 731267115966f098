// The web application's display of figures: money, dates and rates in German notation.
import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatRate } from '../../web/src/format.js';

describe('the web application’s notation', () => {
  it('shows rates as percent, a negative base rate with its minus sign', () => {
    expect(formatRate('0.8000')).toBe('80 %');
    expect(formatRate('0.8125')).toBe('81,25 %');
    expect(formatRate('0.0050')).toBe('0,5 %');
    expect(formatRate('1')).toBe('100 %');
    expect(formatRate('-0.0088')).toBe('−0,88 %');
    expect(formatRate('-1.5')).toBe('−150 %');
    expect(formatRate('-0.0000')).toBe('0 %');
  });

  it('shows money and dates as German readers write them', () => {
    expect(formatMoney('145012.03')).toBe('145.012,03 €');
    expect(formatDate('2020-06-02')).toBe('02.06.2020');
  });
});
