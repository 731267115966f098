// Every refusal over HTTP carries its code, a stable reason, the field and a German message; one case
// for each reason that the other tests do not reach, on the demonstration data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/services/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';

let api: TestApi;
let officer: string;
let auditor: string;
let noticeId: string;

const RECORD = `mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id } }`;
const REVERSE = `mutation ($id: ID!) { reverseExpenditure(id: $id, input: { reason: "Doppelt erfasst", reversedOn: "2020-09-01" }) { id } }`;

function receipt(overrides: Record<string, unknown> = {}) {
  return {
    receiptNumber: 'RE-2020-0815',
    invoiceDate: '2020-08-01',
    paymentDate: '2020-08-10',
    payee: 'Kommunale IT GmbH',
    purpose: 'Lizenzen Dokumentenmanagement',
    category: 'SOFTWARE',
    amount: '1190.00',
    ...overrides,
  };
}

async function refusal(query: string, variables: Record<string, unknown> | undefined, token: string | null) {
  const answer = await api.gql(query, variables, token);
  expect(answer.errors, JSON.stringify(answer)).toHaveLength(1);
  const [error] = answer.errors!;
  return { status: answer.status, message: error!.message, ...error!.extensions };
}

beforeAll(async () => {
  api = await startTestApi();
  await seedDemo(api.service.orm.em.fork());
  officer = await api.token({ role: 'FINANCE_OFFICER', name: 'Finanzen Kyffhäuserkreis', recipients: ['16065'] });
  auditor = await api.token({ role: 'AUDITOR', name: 'Prüfung TFM' });
  const notices = await api.gql<{ grantNotices: { edges: { node: { id: string } }[] } }>(
    '{ grantNotices { edges { node { id } } } }',
    undefined,
    officer,
  );
  noticeId = notices.data!.grantNotices.edges[0]!.node.id;
});

afterAll(() => api.stop());

describe('refusals name their reason', () => {
  it('refuses a receipt amount of "-0.00" as NEGATIVE_ZERO', async () => {
    expect(await refusal(RECORD, { id: noticeId, input: receipt({ amount: '-0.00' }) }, officer)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NEGATIVE_ZERO',
      field: 'amount',
      message: expect.stringContaining('"-0.00" ist kein eindeutiger Geldbetrag: 0,00 € hat kein Vorzeichen.') as unknown,
    });
  });

  it('refuses an amount in German notation as INVALID_MONEY, and an impossible day as INVALID_DATE', async () => {
    expect(await refusal(RECORD, { id: noticeId, input: receipt({ amount: '1.190,00' }) }, officer)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_MONEY',
    });
    expect(await refusal(RECORD, { id: noticeId, input: receipt({ paymentDate: '2020-02-30' }) }, officer)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_DATE',
    });
  });

  it('refuses a base rate of 80 written as a percentage as INVALID_RATE', async () => {
    const admin = await api.token({ role: 'ADMIN', name: 'Administration' });
    expect(
      await refusal('mutation { setBaseRate(input: { validFrom: "2026-01-01", rate: "80" }) { validFrom } }', undefined, admin),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_RATE',
    });
  });

  it('refuses a payment of 0,00 € as AMOUNT_NOT_POSITIVE', async () => {
    const payment = 'mutation ($input: PaymentInput!) { recordPayment(input: $input) { id } }';
    expect(await refusal(payment, { input: { grantNoticeId: noticeId, paidOn: '2020-07-01', amount: '0.00' } }, officer)).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'AMOUNT_NOT_POSITIVE',
      field: 'amount',
    });
  });

  it('refuses an eligible amount above the amount as ELIGIBLE_ABOVE_AMOUNT, in euros', async () => {
    expect(await refusal(RECORD, { id: noticeId, input: receipt({ eligibleAmount: '1190.01' }) }, officer)).toEqual({
      status: 200,
      code: 'BAD_USER_INPUT',
      reason: 'ELIGIBLE_ABOVE_AMOUNT',
      field: 'eligibleAmount',
      message: 'Der zuwendungsfähige Betrag muss zwischen 0,00 € und dem Betrag von 1.190,00 € liegen.',
    });
  });

  it('refuses an empty payee as REQUIRED and an overlong one as TEXT_TOO_LONG', async () => {
    expect(await refusal(RECORD, { id: noticeId, input: receipt({ payee: '  ' }) }, officer)).toMatchObject({
      reason: 'REQUIRED',
      field: 'payee',
      message: 'Der Zahlungsempfänger darf nicht leer sein.',
    });
    expect(await refusal(RECORD, { id: noticeId, input: receipt({ payee: 'x'.repeat(301) }) }, officer)).toMatchObject({
      reason: 'TEXT_TOO_LONG',
      field: 'payee',
      message: 'Der Zahlungsempfänger: höchstens 300 Zeichen sind erlaubt, eingegeben wurden 301.',
    });
  });

  it('refuses a second Storno of a receipt as ALREADY_REVERSED', async () => {
    const booked = await api.gql<{ recordExpenditure: { id: string } }>(RECORD, { id: noticeId, input: receipt() }, officer);
    const id = booked.data!.recordExpenditure.id;
    expect((await api.gql(REVERSE, { id }, officer)).errors).toBeUndefined();
    expect(await refusal(REVERSE, { id }, officer)).toMatchObject({
      reason: 'ALREADY_REVERSED',
      message: 'Der Beleg RE-2020-0815 ist bereits storniert.',
    });
  });

  it('answers an unknown notice as RECORD_NOT_FOUND, an auditor writing as ROLE_NOT_PERMITTED, no token as NOT_SIGNED_IN', async () => {
    const unknown = '0190a5c1-0000-7000-8000-000000000000';
    expect(await refusal(RECORD, { id: unknown, input: receipt() }, officer)).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'RECORD_NOT_FOUND',
      message: `Der Zuwendungsbescheid ${unknown} wurde nicht gefunden.`,
    });
    expect(await refusal(RECORD, { id: noticeId, input: receipt() }, auditor)).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'ROLE_NOT_PERMITTED',
    });
    expect(await refusal('{ grantNotices { totalCount } }', undefined, null)).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      reason: 'NOT_SIGNED_IN',
    });
  });

  it('refuses a page size of 5000 as INVALID_PAGE_SIZE and a made-up cursor as INVALID_CURSOR', async () => {
    expect(await refusal('{ grantNotices(first: 5000) { totalCount } }', undefined, auditor)).toMatchObject({
      reason: 'INVALID_PAGE_SIZE',
      field: 'first',
    });
    expect(await refusal('{ grantNotices(after: "bm9wZQ") { totalCount } }', undefined, auditor)).toMatchObject({
      reason: 'INVALID_CURSOR',
      field: 'after',
    });
  });

  it('refuses a malformed programme id in budgetOverview as INVALID_ID instead of an internal error', async () => {
    const answer = await refusal(
      '{ cooperations { edges { node { budgetOverview(fundingProgramId: "not-a-uuid") { budgetCheck { plannedTotal } } } } } }',
      undefined,
      auditor,
    );
    expect(answer).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_ID',
      field: 'fundingProgramId',
      message: '"not-a-uuid" ist keine gültige Kennung eines Förderprogramms.',
    });
  });

  it('refuses an unknown entityType in auditEvents as UNKNOWN_ENTITY_TYPE instead of answering nothing', async () => {
    const answer = await refusal('{ auditEvents(filter: { entityType: "Notice" }) { totalCount } }', undefined, auditor);
    expect(answer).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_ENTITY_TYPE', field: 'filter.entityType' });
    expect(answer.message).toMatch(/^Die Datensatzart "Notice" gibt es im Prüfpfad nicht; bekannt sind: .*GrantNotice/);
    const known = await api.gql<{ auditEvents: { totalCount: number } }>(
      '{ auditEvents(filter: { entityType: "GrantNotice" }) { totalCount } }',
      undefined,
      auditor,
    );
    expect(known.data?.auditEvents.totalCount).toBeGreaterThan(0);
  });
});
