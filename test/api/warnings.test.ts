// Plausibility warnings over HTTP, returned with the record a mutation answers and on every read:
// a receipt number booked twice, a receipt that does not count, a payment dated after today, and a
// Mittelabruf that the spending pace so far will not use within the spend deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInBerlin } from '../../src/services/settlement.js';
import { Access } from '../../src/services/access.js';
import { recordPayment } from '../../src/services/disbursements.js';
import { recordExpenditure } from '../../src/services/expenditures.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();
let api: TestApi;
let officer: string;
let noticeId: string;
let firstReceiptId: string;

const WARNINGS = 'warnings { reason message field figures }';

async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const answer = await api.gql<T>(query, variables, officer);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data!;
}

beforeAll(async () => {
  api = await startTestApi();
  const em = api.service.orm.em.fork();
  const program = await programme(em);
  const recipient = await district(em, 'Landkreis Sömmerda');
  const project = await projectOf(em, recipient.id);
  // 120,000.00 approved of 150,000.00 from 01.06. to 31.12.2020; 30,000.00 spent on 01.07., 24,000.00 paid.
  const notice = await createGrantNotice(em, system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-01',
    fundingProgramId: program.id,
    projectId: project.id,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d('150000.00'),
    approvedAmount: d('120000.00'),
    approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
    budgetLines: [{ category: 'SOFTWARE', planned: d('150000.00') }],
  });
  noticeId = notice.id;
  firstReceiptId = (
    await recordExpenditure(api.service.orm.em.fork(), system, noticeId, {
      receiptNumber: 'RE-2020-001',
      invoiceDate: '2020-06-20',
      paymentDate: '2020-07-01',
      payee: 'Kommunale IT GmbH',
      purpose: 'Fachverfahren',
      category: 'SOFTWARE',
      amount: d('30000.00'),
    })
  ).id;
  await recordPayment(api.service.orm.em.fork(), system, { grantNoticeId: noticeId, paidOn: '2020-07-10', amount: d('24000.00') });
  officer = await api.token({ role: 'FINANCE_OFFICER', name: 'Finanzen Sömmerda', recipients: [recipient.ags] });
});

afterAll(() => api.stop());

const RECORD = `mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id ${WARNINGS} } }`;

describe('warnings returned with the answer', () => {
  it('names a receipt number the notice has already, and a receipt that does not count', async () => {
    const { recordExpenditure: twice } = await ok<{ recordExpenditure: { warnings: unknown[] } }>(RECORD, {
      id: noticeId,
      input: {
        receiptNumber: 'RE-2020-001',
        invoiceDate: '2021-01-05',
        paymentDate: '2021-01-15',
        payee: 'Kommunale IT GmbH',
        purpose: 'Fachverfahren, Schlussrechnung',
        category: 'SOFTWARE',
        amount: '500.00',
      },
    });
    expect(twice.warnings).toEqual([
      {
        reason: 'RECEIPT_NUMBER_REPEATED',
        message:
          'Die Belegnummer RE-2020-001 ist auf diesem Zuwendungsbescheid ein weiteres Mal gebucht; bitte prüfen, ob derselbe Beleg doppelt erfasst ist.',
        field: 'receiptNumber',
        figures: { receiptNumber: 'RE-2020-001', others: '1' },
      },
      {
        reason: 'RECEIPT_DOES_NOT_COUNT',
        message:
          'Der Beleg zählt nicht als zuwendungsfähige Ausgabe: Bezahlt am 15.01.2021, nach dem Ende des Bewilligungszeitraums am 31.12.2020.',
        field: 'paymentDate',
        figures: { exclusionReason: 'PAID_AFTER_PERIOD' },
      },
    ]);
    // The first receipt of that number now has the warning too.
    const { expenditure } = await ok<{ expenditure: { warnings: { reason: string }[] } }>(
      `query ($id: ID!) { expenditure(id: $id) { warnings { reason } } }`,
      { id: firstReceiptId },
    );
    expect(expenditure.warnings).toEqual([{ reason: 'RECEIPT_NUMBER_REPEATED' }]);
  });

  it('names a payment dated after today', async () => {
    const tomorrow = new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 10);
    const answer = await ok<{ recordPayment: { warnings: { reason: string; figures: Record<string, string> }[] } }>(
      `mutation ($id: ID!, $on: LocalDate!) { recordPayment(input: { grantNoticeId: $id, paidOn: $on, amount: "1.00" }) { ${WARNINGS} } }`,
      { id: noticeId, on: tomorrow },
    );
    expect(answer.recordPayment.warnings).toEqual([
      expect.objectContaining({ reason: 'PAYMENT_DATE_IN_FUTURE', field: 'paidOn', figures: { paidOn: tomorrow, today: todayInBerlin() } }),
    ]);
  });

  it('names a Mittelabruf that the spending pace will not use within the spend deadline, with the figures', async () => {
    const answer = await ok<{ createDisbursementRequest: { warnings: unknown[] } }>(
      `mutation ($id: ID!) { createDisbursementRequest(input: { grantNoticeId: $id, requestedOn: "2020-09-01", amount: "20000.00",
         purpose: "Abruf September" }) { ${WARNINGS} } }`,
      { id: noticeId },
    );
    // On hand 24,001.00 paid (with the 1.00 above) + 20,000.00 − 24,000.00 used = 20,001.00; by 01.11.2020
    // the pace of 24,000.00 in 92 days uses 24,000 × 61 / 92 = 15,913.04.
    expect(answer.createDisbursementRequest.warnings).toEqual([
      {
        reason: 'SPEND_DEADLINE_AT_RISK',
        message:
          'Mit diesem Mittelabruf stünden 20.001,00 € Zuwendung zur Verwendung an. Bei der bisherigen Ausgabengeschwindigkeit ' +
          '(seit 01.06.2020 verwendet: 24.000,00 €) werden bis zum 01.11.2020 voraussichtlich nur 15.913,04 € verwendet. ' +
          'Was nicht innerhalb von 2 Monaten nach der Auszahlung verwendet wird, kann zu verzinsen sein.',
        field: 'amount',
        figures: { amount: '20000.00', onHand: '20001.00', used: '24000.00', expectedUse: '15913.04', deadline: '2020-11-01' },
      },
    ]);
  });
});
