// Unit tests of Rule 2 (zuwendungsfähige Ausgaben): which receipts count, why the others do not, and how that reads.
import { describe, expect, it } from 'vitest';
import { EXCLUSION_REASONS, describeExclusion, exclusionReason } from '../../src/domain/eligibility.js';
import type { CostCategory } from '../../src/domain/enums.js';

const notice = {
  approvalStart: '2020-06-02',
  approvalEnd: '2021-12-31',
  plannedCategories: new Set<CostCategory>(['STAFF', 'SOFTWARE', 'HARDWARE']),
};

function receipt(overrides: { reversed?: boolean; paymentDate?: string | null; category?: CostCategory } = {}) {
  return { reversed: false, paymentDate: '2020-09-15', category: 'SOFTWARE' as CostCategory, ...overrides };
}

describe('EXCLUSION_REASONS', () => {
  it('lists the reasons in order of precedence', () => {
    expect(EXCLUSION_REASONS).toEqual(['REVERSED', 'NOT_PAID', 'PAID_BEFORE_PERIOD', 'PAID_AFTER_PERIOD', 'CATEGORY_NOT_PLANNED']);
  });
});

describe('exclusionReason', () => {
  it('counts a paid receipt within the period in a planned category', () => {
    expect(exclusionReason(receipt(), notice)).toBeNull();
  });

  it('counts a receipt paid on the first or on the last day of the approval period', () => {
    expect(exclusionReason(receipt({ paymentDate: '2020-06-02' }), notice)).toBeNull();
    expect(exclusionReason(receipt({ paymentDate: '2021-12-31' }), notice)).toBeNull();
  });

  it('excludes a receipt paid one day after the approval period', () => {
    expect(exclusionReason(receipt({ paymentDate: '2022-01-01' }), notice)).toBe('PAID_AFTER_PERIOD');
  });

  it('excludes a receipt paid one day before the approval period', () => {
    expect(exclusionReason(receipt({ paymentDate: '2020-06-01' }), notice)).toBe('PAID_BEFORE_PERIOD');
  });

  it('excludes an unpaid receipt', () => {
    expect(exclusionReason(receipt({ paymentDate: null }), notice)).toBe('NOT_PAID');
  });

  it('excludes a receipt whose category has no budget line', () => {
    expect(exclusionReason(receipt({ category: 'TRAVEL' }), notice)).toBe('CATEGORY_NOT_PLANNED');
  });

  it('lets a reversal win over every other reason', () => {
    expect(exclusionReason(receipt({ reversed: true }), notice)).toBe('REVERSED');
    expect(exclusionReason(receipt({ reversed: true, paymentDate: null, category: 'TRAVEL' }), notice)).toBe('REVERSED');
    expect(exclusionReason(receipt({ reversed: true, paymentDate: '2022-01-01', category: 'TRAVEL' }), notice)).toBe('REVERSED');
    expect(exclusionReason(receipt({ reversed: true, paymentDate: '2019-12-31' }), notice)).toBe('REVERSED');
  });

  it('puts a missing payment before the category, and the period before the category', () => {
    expect(exclusionReason(receipt({ paymentDate: null, category: 'TRAVEL' }), notice)).toBe('NOT_PAID');
    expect(exclusionReason(receipt({ paymentDate: '2020-01-01', category: 'TRAVEL' }), notice)).toBe('PAID_BEFORE_PERIOD');
    expect(exclusionReason(receipt({ paymentDate: '2022-01-01', category: 'TRAVEL' }), notice)).toBe('PAID_AFTER_PERIOD');
  });

  it('counts a one-day approval period on that day only', () => {
    const oneDay = { ...notice, approvalStart: '2021-03-01', approvalEnd: '2021-03-01' };
    expect(exclusionReason(receipt({ paymentDate: '2021-03-01' }), oneDay)).toBeNull();
    expect(exclusionReason(receipt({ paymentDate: '2021-02-28' }), oneDay)).toBe('PAID_BEFORE_PERIOD');
    expect(exclusionReason(receipt({ paymentDate: '2021-03-02' }), oneDay)).toBe('PAID_AFTER_PERIOD');
  });
});

describe('describeExclusion', () => {
  const context = { approvalStart: '2020-06-02', approvalEnd: '2021-12-31' };

  it('names the payment date and the end of the period in German form', () => {
    expect(describeExclusion('PAID_AFTER_PERIOD', { ...context, paymentDate: '2022-01-01' })).toBe(
      'Bezahlt am 01.01.2022, nach dem Ende des Bewilligungszeitraums am 31.12.2021.',
    );
  });

  it('names the payment date and the start of the period in German form', () => {
    expect(describeExclusion('PAID_BEFORE_PERIOD', { ...context, paymentDate: '2020-06-01' })).toBe(
      'Bezahlt am 01.06.2020, vor Beginn des Bewilligungszeitraums am 02.06.2020.',
    );
  });

  it('names the period alone when the payment date is not given', () => {
    expect(describeExclusion('PAID_AFTER_PERIOD', context)).toBe('Bezahlt nach dem Ende des Bewilligungszeitraums am 31.12.2021.');
    expect(describeExclusion('PAID_BEFORE_PERIOD', context)).toBe('Bezahlt vor Beginn des Bewilligungszeitraums am 02.06.2020.');
  });

  it('names the category without a budget line', () => {
    expect(describeExclusion('CATEGORY_NOT_PLANNED', { ...context, category: 'TRAVEL' })).toBe(
      'Der Finanzierungsplan hat keinen Ansatz für die Kostenkategorie „Reisekosten“.',
    );
  });

  it('describes reversed and unpaid receipts', () => {
    expect(describeExclusion('REVERSED', context)).toBe('Storniert: der Beleg wurde aufgehoben und zählt nicht.');
    expect(describeExclusion('NOT_PAID')).toBe('Noch nicht bezahlt: ein Beleg zählt erst mit einem Zahlungsdatum im Bewilligungszeitraum.');
  });

  it('has a general sentence for every reason without context', () => {
    expect(EXCLUSION_REASONS.map((reason) => describeExclusion(reason))).toEqual([
      'Storniert: der Beleg wurde aufgehoben und zählt nicht.',
      'Noch nicht bezahlt: ein Beleg zählt erst mit einem Zahlungsdatum im Bewilligungszeitraum.',
      'Bezahlt vor Beginn des Bewilligungszeitraums.',
      'Bezahlt nach dem Ende des Bewilligungszeitraums.',
      'Der Finanzierungsplan hat keinen Ansatz für die Kostenkategorie dieses Belegs.',
    ]);
  });
});
