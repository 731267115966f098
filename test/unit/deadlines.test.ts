// Unit tests of the deadlines of a notice: proof of use, spend deadlines of payments, end of the
// approval period and the settlement after the proof of use, and the window of Query.deadlines.
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/domain/decimal.js';
import { deadlinesWithin, noticeDeadlines, type Deadline, type NoticeDeadlineFacts } from '../../src/domain/deadlines.js';

const running: NoticeDeadlineFacts = {
  noticeId: 'n1',
  approvalEnd: '2026-12-31',
  proofOfUseMonths: 6,
  proofOfUseSubmittedOn: null,
  closed: false,
  portions: [
    // Paid 2026-09-15 (deadline 2026-11-15): 6,000.00 used in time, 4,000.00 never used.
    { paymentId: 'p1', amount: new Dec('6000.00'), usedOn: '2026-10-01', deadline: '2026-11-15' },
    { paymentId: 'p1', amount: new Dec('2500.00'), usedOn: null, deadline: '2026-11-15' },
    { paymentId: 'p1', amount: new Dec('1500.00'), usedOn: null, deadline: '2026-11-15' },
    // Paid 2026-11-20 (deadline 2027-01-20): nothing used yet.
    { paymentId: 'p2', amount: new Dec('5000.00'), usedOn: null, deadline: '2027-01-20' },
    // Paid and used completely: no deadline left.
    { paymentId: 'p3', amount: new Dec('700.00'), usedOn: '2026-11-30', deadline: '2027-01-25' },
  ],
  balance: new Dec('3000.00'),
  roundingMode: 'HALF_UP',
};

function brief(deadlines: Deadline[]) {
  return deadlines.map((d) => [d.kind, d.dueOn, d.overdue, d.amount?.toFixed(2) ?? null, d.paymentId]);
}

describe('noticeDeadlines', () => {
  it('lists the spend deadlines with the money unspent, the end of the approval period and the proof of use, by due date', () => {
    expect(brief(noticeDeadlines(running, '2026-12-03'))).toEqual([
      ['SPEND_DEADLINE', '2026-11-15', true, '4000.00', 'p1'],
      ['APPROVAL_PERIOD_END', '2026-12-31', false, null, null],
      ['SPEND_DEADLINE', '2027-01-20', false, '5000.00', 'p2'],
      ['PROOF_OF_USE', '2027-06-30', false, null, null],
    ]);
  });

  it('keeps the end of the approval period on its last day and drops it the day after', () => {
    expect(noticeDeadlines(running, '2026-12-31').map((d) => d.kind)).toContain('APPROVAL_PERIOD_END');
    expect(noticeDeadlines(running, '2027-01-01').map((d) => d.kind)).not.toContain('APPROVAL_PERIOD_END');
  });

  it('makes a spend deadline overdue only from the day after it', () => {
    const onTheDay = noticeDeadlines(running, '2027-01-20').find((d) => d.paymentId === 'p2')!;
    const dayAfter = noticeDeadlines(running, '2027-01-21').find((d) => d.paymentId === 'p2')!;
    expect([onTheDay.overdue, dayAfter.overdue]).toEqual([false, true]);
  });

  it('makes the proof of use overdue from the day after its due date', () => {
    expect(noticeDeadlines(running, '2027-06-30').find((d) => d.kind === 'PROOF_OF_USE')!.overdue).toBe(false);
    expect(noticeDeadlines(running, '2027-07-01').find((d) => d.kind === 'PROOF_OF_USE')!.overdue).toBe(true);
  });

  it('replaces the proof of use by the settlement once the proof is submitted, due since the submission, with the balance', () => {
    const submitted = { ...running, proofOfUseSubmittedOn: '2027-03-01', portions: [], balance: new Dec('-1234.56') };
    expect(brief(noticeDeadlines(submitted, '2027-03-01'))).toEqual([['SETTLEMENT', '2027-03-01', false, '-1234.56', null]]);
    expect(brief(noticeDeadlines(submitted, '2027-03-10'))).toEqual([['SETTLEMENT', '2027-03-01', true, '-1234.56', null]]);
  });

  it('rounds the money unspent, which Rule 6 keeps at full precision, to cents', () => {
    // 1,805.006 + 0.0004 = 1,805.0064 → 1,805.01 half up, 1,805.00 down.
    const portions = [
      { paymentId: 'p9', amount: new Dec('1805.006'), usedOn: null, deadline: '2027-02-01' },
      { paymentId: 'p9', amount: new Dec('0.0004'), usedOn: null, deadline: '2027-02-01' },
    ];
    const unspent = (roundingMode: 'HALF_UP' | 'DOWN') =>
      noticeDeadlines({ ...running, portions, roundingMode }, '2026-12-03')
        .find((d) => d.paymentId === 'p9')!
        .amount!.toFixed(2);
    expect([unspent('HALF_UP'), unspent('DOWN')]).toEqual(['1805.01', '1805.00']);
  });

  it('has none for a settled or revoked notice', () => {
    expect(noticeDeadlines({ ...running, closed: true }, '2026-12-03')).toEqual([]);
  });
});

describe('deadlinesWithin', () => {
  const all = noticeDeadlines(running, '2026-12-03');

  it('keeps the overdue ones and those due in the window, both days included', () => {
    expect(brief(deadlinesWithin(all, '2026-12-31', '2027-01-20'))).toEqual([
      ['SPEND_DEADLINE', '2026-11-15', true, '4000.00', 'p1'],
      ['APPROVAL_PERIOD_END', '2026-12-31', false, null, null],
      ['SPEND_DEADLINE', '2027-01-20', false, '5000.00', 'p2'],
    ]);
  });

  it('leaves either end open', () => {
    expect(deadlinesWithin(all, null, '2026-12-30').map((d) => d.dueOn)).toEqual(['2026-11-15']);
    expect(deadlinesWithin(all, '2027-02-01', null).map((d) => d.dueOn)).toEqual(['2026-11-15', '2027-06-30']);
    expect(deadlinesWithin(all, null, null)).toHaveLength(4);
  });
});
