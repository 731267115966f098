// A grant with many receipts for the benchmarks: programme, recipient, project and notice through the
// services, the receipts generated in SQL (across four categories, one without a budget line, some paid
// outside the approval period).
import { Dec } from '../src/domain/decimal.js';
import { COST_CATEGORIES } from '../src/domain/enums.js';
import type { Access } from '../src/services/access.js';
import { createGrantNotice } from '../src/services/notices.js';
import { createFundingProgram, setProgramBudget } from '../src/services/programs.js';
import { createProject } from '../src/services/projects.js';
import { createRecipient } from '../src/services/recipients.js';
import type { Em } from '../src/services/records.js';

export async function createBenchmarkGrant(
  em: Em,
  access: Access,
  receipts: number,
  options: { reverseEvery?: number } = {},
): Promise<{ noticeId: string; recipientId: string }> {
  const suffix = Date.now().toString(36).toUpperCase();
  const program = await createFundingProgram(em, access, {
    code: `BENCH-${suffix}`,
    name: 'Benchmark',
    grantingAuthority: 'TFM',
    legalBasis: 'ThürLHO',
    maxRate: new Dec('0.8'),
    eligibleCategories: [...COST_CATEGORIES],
  });
  await setProgramBudget(em, access, program.id, 2021, new Dec('999999999.00'));
  const ags = String(16_000_000 + (Date.now() % 999_999)).slice(0, 8);
  const recipient = await createRecipient(em, access, { name: `Benchmark ${suffix}`, kind: 'MUNICIPALITY', ags });
  const project = await createProject(em, access, { recipientId: recipient.id, title: 'Benchmark' });
  const notice = await createGrantNotice(em, access, {
    reference: `BENCH-${suffix}`,
    noticeDate: '2021-01-01',
    fundingProgramId: program.id,
    projectId: project.id,
    financingType: 'SHARE',
    rate: new Dec('0.8'),
    eligibleCosts: new Dec('50000000.00'),
    approvedAmount: new Dec('40000000.00'),
    approvalPeriod: { start: '2021-01-01', end: '2022-12-31' },
    budgetLines: [
      { category: 'SOFTWARE', planned: new Dec('20000000.00') },
      { category: 'CONSULTING', planned: new Dec('20000000.00') },
      { category: 'HARDWARE', planned: new Dec('10000000.00') },
    ],
  });
  await em.execute(
    `insert into expenditure (id, created_at, notice_id, recipient_id, receipt_number, invoice_date, payment_date, payee, purpose,
                              category, amount, eligible_amount, source)
     select gen_random_uuid(), now(), ?, ?, 'B-' || i, date '2021-01-01' + (i % 700), date '2021-01-05' + (i % 740),
            'Lieferant ' || (i % 97), 'Leistung ' || i, (array['SOFTWARE','CONSULTING','HARDWARE','TRAVEL'])[1 + i % 4]::cost_category,
            (100 + i % 900)::numeric + (i % 100)::numeric / 100, (100 + i % 900)::numeric + (i % 100)::numeric / 100, 'IMPORT'
       from generate_series(1, ?) as i`,
    [notice.id, recipient.id, receipts],
  );
  if (options.reverseEvery) {
    await em.execute(
      `insert into expenditure_reversal (id, created_at, expenditure_id, reversed_on, reason)
       select gen_random_uuid(), now(), id, date '2022-12-31', 'Benchmark'
         from expenditure where notice_id = ? and (substr(receipt_number, 3)::int % ?) = 0`,
      [notice.id, options.reverseEvery],
    );
  }
  await em.execute('analyze expenditure');
  await em.execute('analyze expenditure_reversal');
  return { noticeId: notice.id, recipientId: recipient.id };
}
