// Joint purchases (Rule 8) on a real database: splits by each key with figures worked out by hand, one
// receipt per member on its grant, reversal of the whole, refusals that write nothing, and who may do it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { Expenditure, ExpenditureReversal, SharedInvoice, SharedInvoiceReversal } from '../../src/entities/index.js';
import { Access, type Actor } from '../../src/services/access.js';
import { addCooperationMember, createCooperation } from '../../src/services/cooperations.js';
import { ForbiddenError, NotFoundError } from '../../src/services/errors.js';
import { reverseExpenditure } from '../../src/services/expenditures.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { createRecipient } from '../../src/services/recipients.js';
import type { Em } from '../../src/services/records.js';
import {
  getSharedInvoice,
  listSharedInvoices,
  partsOf,
  recordSharedInvoice,
  reverseSharedInvoice,
  type SharedInvoiceInput,
} from '../../src/services/shared-invoices.js';
import { openTestOrm, type TestOrm } from '../support/database.js';
import { d, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();

let db: TestOrm;
let em: Em;
let programId: string;
let otherProgramId: string;
let serviceTeamId: string;
let otherCooperationId: string;
/** The service team's members by AGS: Nordhausen (lead), Unstrut-Hainich-Kreis, Kyffhäuserkreis; Wartburgkreis joined 24.06.2020. */
const recipient: Record<string, string> = {};
const grant: Record<string, string> = {};
let otherProgramGrant: string;
/** A second grant of the Kyffhäuserkreis in the same programme. */
let secondKyfGrant: string;

async function noticeFor(recipientId: string, fundingProgramId = programId): Promise<string> {
  const project = await projectOf(em, recipientId);
  const notice = await createGrantNotice(em, system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-02',
    fundingProgramId,
    projectId: project.id,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d('50000.00'),
    approvedAmount: d('40000.00'),
    approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
    budgetLines: [{ category: 'SOFTWARE', planned: d('50000.00') }],
  });
  return notice.id;
}

function dms(overrides: Partial<SharedInvoiceInput> = {}): SharedInvoiceInput {
  return {
    cooperationId: serviceTeamId,
    fundingProgramId: programId,
    category: 'SOFTWARE',
    receiptNumber: `RE-DMS-${uniqueReference('')}`,
    invoiceDate: '2020-05-20',
    paymentDate: '2020-06-10',
    payee: 'DMS Software GmbH',
    purpose: 'Dokumentenmanagementsystem, Lizenzen',
    totalAmount: d('10000.00'),
    allocationKey: 'EQUAL',
    members: [{ grantNoticeId: grant['16065']! }, { grantNoticeId: grant['16062']! }, { grantNoticeId: grant['16064']! }],
    ...overrides,
  };
}

async function refusal(work: Promise<unknown>): Promise<DomainInputError> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainInputError);
  return error as DomainInputError;
}

async function writtenRows(): Promise<number[]> {
  const fresh = db.orm.em.fork();
  return Promise.all([fresh.count(SharedInvoice, {}), fresh.count(Expenditure, {})]);
}

/** The parts as "AGS amount", read back from the database. */
async function partsByAgs(invoiceId: string): Promise<string[]> {
  const parts = await partsOf(db.orm.em.fork(), system, invoiceId);
  return parts.map((part) => `${part.recipient.ags} ${part.amount.toFixed(2)}`);
}

beforeAll(async () => {
  db = await openTestOrm();
  em = db.orm.em.fork();
  programId = (await programme(em, { 2020: '20000000.00' })).id;
  otherProgramId = (await programme(em, { 2020: '20000000.00' })).id;
  const districts = [
    ['Landkreis Nordhausen', '16062', 83_822],
    ['Unstrut-Hainich-Kreis', '16064', 102_232],
    ['Kyffhäuserkreis', '16065', 74_212],
    ['Wartburgkreis', '16063', 123_025],
  ] as const;
  for (const [name, ags, population] of districts) {
    recipient[ags] = (await createRecipient(em, system, { name, kind: 'DISTRICT', ags, population })).id;
    grant[ags] = await noticeFor(recipient[ags]!);
  }
  otherProgramGrant = await noticeFor(recipient['16065']!, otherProgramId);
  secondKyfGrant = await noticeFor(recipient['16065']!);

  serviceTeamId = (
    await createCooperation(em, system, { name: 'Interkommunales E-Government-Serviceteam', agreement: 'Zweckvereinbarung' })
  ).id;
  otherCooperationId = (await createCooperation(em, system, { name: 'DMS-Verbund Ostthüringen', agreement: 'Zweckvereinbarung' })).id;
  const join = (ags: string, joinedOn: string, isLead = false) =>
    addCooperationMember(em, system, { cooperationId: serviceTeamId, recipientId: recipient[ags]!, joinedOn, isLead });
  await join('16062', '2019-11-27', true);
  await join('16065', '2019-11-27');
  await join('16064', '2019-12-05');
  await join('16063', '2020-06-24');
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  em = db.orm.em.fork();
});

describe('splitting a joint purchase (Rule 8)', () => {
  it('splits 10,000.00 equally as 3,333.34 + 3,333.33 + 3,333.33, the extra cent to the smallest AGS', async () => {
    const invoice = await recordSharedInvoice(em, system, dms());
    expect(await partsByAgs(invoice.id)).toEqual(['16062 3333.34', '16064 3333.33', '16065 3333.33']);

    const parts = await db.orm.em.fork().find(Expenditure, { sharedInvoice: invoice.id }, { orderBy: { amount: 'desc', id: 'asc' } });
    expect(parts).toHaveLength(3);
    for (const part of parts) {
      expect(part).toMatchObject({
        category: 'SOFTWARE',
        invoiceDate: '2020-05-20',
        paymentDate: '2020-06-10',
        payee: 'DMS Software GmbH',
        purpose: 'Dokumentenmanagementsystem, Lizenzen',
        receiptNumber: invoice.receiptNumber,
        source: 'SHARED_INVOICE',
      });
      expect(part.eligibleAmount.eq(part.amount)).toBe(true);
      expect(part.notice.id).toBe(grant[Object.keys(recipient).find((ags) => recipient[ags] === part.recipient.id)!]);
      expect(part.remark).toContain('10.000,00 €');
    }
    const reread = await db.orm.em.fork().findOneOrFail(SharedInvoice, invoice.id);
    expect(reread).toMatchObject({ allocationKey: 'EQUAL', category: 'SOFTWARE', invoiceDate: '2020-05-20' });
    expect(reread.totalAmount.toFixed(2)).toBe('10000.00');
  });

  it('splits by population: 83,822 / 102,232 / 74,212 inhabitants give 3,220.63 + 3,927.98 + 2,851.39', async () => {
    // Exact cents 322,062.81… / 392,798.13… / 285,139.05…: 999,999 whole cents, the missing one to the largest remainder (16062).
    const invoice = await recordSharedInvoice(em, system, dms({ allocationKey: 'POPULATION' }));
    expect(await partsByAgs(invoice.id)).toEqual(['16062 3220.63', '16064 3927.98', '16065 2851.39']);
  });

  it('splits by fixed shares 0.5 / 0.3 / 0.2 into 5,000.00 + 3,000.00 + 2,000.00', async () => {
    const invoice = await recordSharedInvoice(
      em,
      system,
      dms({
        allocationKey: 'FIXED_SHARES',
        members: [
          { grantNoticeId: grant['16062']!, fixedShare: d('0.5') },
          { grantNoticeId: grant['16064']!, fixedShare: d('0.3') },
          { grantNoticeId: grant['16065']!, fixedShare: d('0.2') },
        ],
      }),
    );
    expect(await partsByAgs(invoice.id)).toEqual(['16062 5000.00', '16064 3000.00', '16065 2000.00']);
  });

  it('reverses the invoice and every part in one go, once', async () => {
    const invoice = await recordSharedInvoice(em, system, dms());
    const reversal = await reverseSharedInvoice(em, system, invoice.id, { reason: 'Rechnung storniert', reversedOn: '2020-07-01' });
    expect(reversal.reversedOn).toBe('2020-07-01');
    const fresh = db.orm.em.fork();
    const partReversals = await fresh.find(ExpenditureReversal, { expenditure: { sharedInvoice: invoice.id } });
    expect(partReversals).toHaveLength(3);
    expect(partReversals.map((entry) => `${entry.reversedOn} ${entry.reason}`)).toEqual(Array(3).fill('2020-07-01 Rechnung storniert'));
    expect(await fresh.count(SharedInvoiceReversal, { sharedInvoice: invoice.id })).toBe(1);

    expect(await refusal(reverseSharedInvoice(em, system, invoice.id, { reason: 'Nochmals', reversedOn: '2020-07-02' }))).toMatchObject({
      reason: 'ALREADY_REVERSED',
      field: 'id',
      message: `Die gemeinsame Rechnung ${invoice.receiptNumber} ist bereits storniert.`,
    });
    expect(await db.orm.em.fork().count(ExpenditureReversal, { expenditure: { sharedInvoice: invoice.id } })).toBe(3);
  });

  it('does not let a part be reversed on its own', async () => {
    const invoice = await recordSharedInvoice(em, system, dms());
    const [part] = await partsOf(em, system, invoice.id);
    const officer = await Access.resolve(em, actor('FINANCE_OFFICER', { recipientAgs: ['16062'] }));
    const error = await refusal(reverseExpenditure(em, officer, part!.id, { reason: 'Einzeln', reversedOn: '2020-07-01' }));
    expect(error).toMatchObject({ reason: 'PART_OF_SHARED_INVOICE', field: 'id' });
  });
});

describe('refusals write nothing', () => {
  it.each([
    [
      'a recipient that joined only after the invoice date',
      () => dms({ members: [{ grantNoticeId: grant['16063']! }] }),
      'members.0.grantNoticeId',
      'NOT_MEMBER',
      'Wartburgkreis ist am 20.05.2020, dem Rechnungsdatum, nicht Mitglied der Zweckvereinbarung Interkommunales E-Government-Serviceteam.',
    ],
    [
      'a grant of another programme',
      () => dms({ members: [{ grantNoticeId: grant['16062']! }, { grantNoticeId: otherProgramGrant }] }),
      'members.1.grantNoticeId',
      'OTHER_PROGRAMME',
      'wurde in einem anderen Förderprogramm als',
    ],
    [
      'a member named twice',
      () => dms({ members: [{ grantNoticeId: grant['16065']! }, { grantNoticeId: secondKyfGrant }] }),
      'members.1.grantNoticeId',
      'DUPLICATE_RECORD',
      'Kyffhäuserkreis ist doppelt genannt; jedes Mitglied trägt genau einen Teil auf einem seiner Zuwendungsbescheide.',
    ],
    [
      'fixed shares that do not add up to 1',
      () =>
        dms({
          allocationKey: 'FIXED_SHARES',
          members: [
            { grantNoticeId: grant['16062']!, fixedShare: d('0.5') },
            { grantNoticeId: grant['16064']!, fixedShare: d('0.4') },
          ],
        }),
      'fixedShare',
      'SHARES_NOT_ONE',
      'Die festen Anteile ergeben zusammen 90 %; sie müssen zusammen genau 100 % ergeben.',
    ],
    [
      'fixed shares with another key',
      () => dms({ members: [{ grantNoticeId: grant['16062']!, fixedShare: d('1') }] }),
      'members.0.fixedShare',
      'FIELD_NOT_USED',
      'Feste Anteile gibt es nur beim Verteilungsschlüssel FIXED_SHARES, nicht bei EQUAL (zu gleichen Teilen); bitte die Anteile leer lassen.',
    ],
    [
      'no members',
      () => dms({ members: [] }),
      'members',
      'REQUIRED',
      'Eine gemeinsame Rechnung braucht mindestens einen Zuwendungsbescheid eines Mitglieds, der einen Teil trägt.',
    ],
    [
      'a negative total',
      () => dms({ totalAmount: d('-0.01') }),
      'totalAmount',
      'NEGATIVE_AMOUNT',
      'Der Gesamtbetrag der Rechnung darf nicht negativ sein.',
    ],
  ])('refuses %s', async (_label, input, field, reason, text) => {
    const before = await writtenRows();
    const error = await refusal(recordSharedInvoice(em, system, input()));
    expect(error.field).toBe(field);
    expect(error.reason).toBe(reason);
    expect(error.message).toContain(text);
    expect(await writtenRows()).toEqual(before);
  });

  it('accepts the Wartburgkreis from the day it joined', async () => {
    const invoice = await recordSharedInvoice(
      em,
      system,
      dms({ invoiceDate: '2020-06-24', members: [{ grantNoticeId: grant['16063']! }, { grantNoticeId: grant['16065']! }] }),
    );
    expect(await partsByAgs(invoice.id)).toEqual(['16063 5000.00', '16065 5000.00']);
  });
});

function actor(role: Actor['role'], extra: Partial<Actor> = {}): Actor {
  return { subject: `test-${role}`, name: role, role, recipientAgs: [], cooperationId: null, ...extra };
}

describe('who records joint purchases', () => {
  it('is the lead of the cooperation; other leads find nothing, other roles are forbidden', async () => {
    const lead = await Access.resolve(em, actor('TEAM_LEAD', { cooperationId: serviceTeamId }));
    const otherLead = await Access.resolve(em, actor('TEAM_LEAD', { cooperationId: otherCooperationId }));
    const invoice = await recordSharedInvoice(em, lead, dms());
    expect(await partsByAgs(invoice.id)).toHaveLength(3);

    await expect(recordSharedInvoice(em, otherLead, dms())).rejects.toBeInstanceOf(NotFoundError);
    await expect(getSharedInvoice(em, otherLead, invoice.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reverseSharedInvoice(em, otherLead, invoice.id, { reason: 'x', reversedOn: '2020-07-01' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    for (const role of ['FINANCE_OFFICER', 'ADMIN', 'AUDITOR'] as const) {
      const access = await Access.resolve(em, actor(role, { recipientAgs: ['16062'] }));
      await expect(recordSharedInvoice(em, access, dms())).rejects.toBeInstanceOf(ForbiddenError);
    }
    await reverseSharedInvoice(em, lead, invoice.id, { reason: 'Doppelt erfasst', reversedOn: '2020-07-01' });
  });

  it('shows a member’s finance officer the invoice with only its own part', async () => {
    const invoice = await recordSharedInvoice(em, system, dms());
    const officer = await Access.resolve(em, actor('FINANCE_OFFICER', { recipientAgs: ['16065'] }));
    const seen = await getSharedInvoice(em, officer, invoice.id);
    expect(seen.totalAmount.toFixed(2)).toBe('10000.00');
    expect((await partsOf(em, officer, invoice.id)).map((part) => `${part.recipient.ags} ${part.amount.toFixed(2)}`)).toEqual([
      '16065 3333.33',
    ]);
    const listed = await listSharedInvoices(em, officer, { cooperationId: serviceTeamId }, { first: 100 });
    expect(listed.edges.map((edge) => edge.node.id)).toContain(invoice.id);
    const outsider = await Access.resolve(em, actor('FINANCE_OFFICER', { recipientAgs: ['16999'] }));
    expect((await listSharedInvoices(em, outsider, null, {})).totalCount).toBe(0);
    await expect(getSharedInvoice(em, outsider, invoice.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
