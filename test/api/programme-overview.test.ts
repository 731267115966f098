// Query.programmeOverview and the Programmübersicht workbook of a selection, on the demonstration data
// with one more notice of Ilm-Kreis (no cooperation, its software line over the tolerance, nothing paid):
// filters, sort order, pages, totals to the cent, and the workbook's rows those of the filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/services/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { downloadReport, openWorkbook } from '../support/workbooks.js';

let api: TestApi;
let auditor: string;
let programmeId: string;
const recipientIds = new Map<string, string>();
const cooperationIds = new Map<string, string>();
/** Interest as of today of each notice by reference, as the settlement of the notice gives it (it grows daily). */
const interestOf = new Map<string, string>();

async function must<T>(query: string, variables: Record<string, unknown> | undefined, token: string): Promise<T> {
  const response = await api.gql<T>(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!;
}

const OVERVIEW = `query ($programme: ID!, $filter: ProgrammeOverviewFilter, $orderBy: ProgrammeOverviewOrder, $first: Int, $offset: Int) {
  programmeOverview(fundingProgramId: $programme, filter: $filter, orderBy: $orderBy, first: $first, offset: $offset) {
    totalCount
    reportPath
    rows { notice { reference recipient { name } } cooperationName approved paid spent recognised refundDue interest proofOfUseDue proofOfUseOverdue overTolerance }
    recipientTotals { name notices approved paid spent recognised refundDue }
    cooperationTotals { name notices approved paid spent recognised refundDue }
    total { notices approved paid spent recognised refundDue }
  }
}`;

interface Total {
  name: string;
  notices: number;
  approved: string;
  paid: string;
  spent: string;
  recognised: string;
  refundDue: string;
}
interface Overview {
  totalCount: number;
  reportPath: string;
  rows: {
    notice: { reference: string; recipient: { name: string } };
    cooperationName: string | null;
    approved: string;
    paid: string;
    spent: string;
    recognised: string;
    refundDue: string;
    interest: string;
    proofOfUseDue: string;
    proofOfUseOverdue: boolean;
    overTolerance: boolean;
  }[];
  recipientTotals: Total[];
  cooperationTotals: Total[];
  total: Omit<Total, 'name'>;
}

async function overview(variables: Record<string, unknown> = {}): Promise<Overview> {
  return (await must<{ programmeOverview: Overview }>(OVERVIEW, { programme: programmeId, ...variables }, auditor)).programmeOverview;
}

const references = (page: Overview) => page.rows.map((row) => row.notice.reference);
const cents = (amount: string) => BigInt(amount.replace('.', ''));

beforeAll(async () => {
  api = await startTestApi();
  await seedDemoIfEmpty(api.service.orm.em.fork());
  auditor = await api.token({ role: 'AUDITOR' });
  const data = await must<{
    fundingPrograms: { edges: { node: { id: string } }[] };
    recipients: { edges: { node: { id: string; ags: string } }[] };
    cooperations: { edges: { node: { id: string; name: string } }[] };
  }>(
    '{ fundingPrograms { edges { node { id } } } recipients(first: 100) { edges { node { id ags } } } cooperations(first: 100) { edges { node { id name } } } }',
    undefined,
    auditor,
  );
  programmeId = data.fundingPrograms.edges[0]!.node.id;
  for (const { node } of data.recipients.edges) recipientIds.set(node.ags, node.id);
  for (const { node } of data.cooperations.edges) cooperationIds.set(node.name, node.id);
  const ilm = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16070'] });
  const project = await must<{ createProject: { id: string } }>(
    'mutation ($input: ProjectInput!) { createProject(input: $input) { id } }',
    { input: { recipientId: recipientIds.get('16070'), title: 'Digitale Bauakte' } },
    ilm,
  );
  const notice = await must<{ createGrantNotice: { id: string } }>(
    'mutation ($input: GrantNoticeInput!) { createGrantNotice(input: $input) { id } }',
    {
      input: {
        reference: 'TFM-EGOV-2025-0003',
        noticeDate: '2025-01-15',
        fundingProgramId: programmeId,
        projectId: project.createProject.id,
        financingType: 'SHARE',
        rate: '0.8',
        eligibleCosts: '10000.00',
        approvedAmount: '8000.00',
        approvalPeriod: { start: '2025-01-01', end: '2027-12-31' },
        budgetYear: 2025,
        budgetLines: [{ category: 'SOFTWARE', planned: '10000.00' }],
      },
    },
    ilm,
  );
  // 13,000.00 against a plan of 10,000.00: more than the 20 % tolerance allows (12,000.00).
  await must(
    'mutation ($id: ID!, $input: ExpenditureInput!) { recordExpenditure(grantNoticeId: $id, input: $input) { id } }',
    {
      id: notice.createGrantNotice.id,
      input: {
        receiptNumber: 'ILM-2025-001',
        invoiceDate: '2025-03-03',
        paymentDate: '2025-03-17',
        payee: 'Softwarehaus Thüringen GmbH',
        purpose: 'Fachverfahren Bauakte',
        category: 'SOFTWARE',
        amount: '13000.00',
      },
    },
    ilm,
  );
  const notices = await must<{ grantNotices: { edges: { node: { reference: string; settlement: { interest: { amount: string } } } }[] } }>(
    '{ grantNotices(first: 100) { edges { node { reference settlement { interest { amount } } } } } }',
    undefined,
    auditor,
  );
  for (const { node } of notices.grantNotices.edges) interestOf.set(node.reference, node.settlement.interest.amount);
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

describe('Query.programmeOverview', () => {
  it('lists every notice with its figures, by recipient AGS and reference', async () => {
    const all = await overview();
    expect(all.totalCount).toBe(3);
    // AGS 16064 (Unstrut-Hainich-Kreis), 16065 (Kyffhäuserkreis), 16070 (Ilm-Kreis).
    expect(references(all)).toEqual(['TFM-EGOV-2020-0002', 'TFM-EGOV-2020-0001', 'TFM-EGOV-2025-0003']);
    const [uhk, kyf, ilm] = all.rows;
    // UHK: 4,800.00 + 640.00 + 12 months of 5,700.00 flat rate + half the scanner 3,500.00 = 77,340.00; 80 % = 61,872.00
    // against 143,000.00 received: 81,128.00 back.
    expect(uhk).toMatchObject({
      cooperationName: 'Interkommunales E-Government-Serviceteam Nordthüringen',
      approved: '143000.00',
      paid: '143000.00',
      spent: '77340.00',
      recognised: '77340.00',
      refundDue: '81128.00',
      proofOfUseDue: '2021-06-30',
      proofOfUseOverdue: true,
      overTolerance: false,
    });
    // KYF: 12,400.00 + 8,900.00 + 1,650.00 + 6 × 5,200.00 × 0.8 + 3,500.00 = 51,410.00; 80 % = 41,128.00, 1,128.00 still to pay.
    expect(kyf).toMatchObject({
      approved: '145012.03',
      paid: '40000.00',
      spent: '51410.00',
      recognised: '51410.00',
      refundDue: '0.00',
      proofOfUseDue: '2022-06-30',
      proofOfUseOverdue: true,
    });
    // Ilm-Kreis: 13,000.00 spent, the line capped at its plan of 10,000.00; nothing paid, so no interest.
    expect(ilm).toMatchObject({
      cooperationName: null,
      approved: '8000.00',
      paid: '0.00',
      spent: '13000.00',
      recognised: '10000.00',
      refundDue: '0.00',
      interest: '0.00',
      proofOfUseDue: '2028-06-30',
      proofOfUseOverdue: false,
      overTolerance: true,
    });
    expect(uhk!.interest).toBe(interestOf.get('TFM-EGOV-2020-0002'));
    expect(kyf!.interest).toBe(interestOf.get('TFM-EGOV-2020-0001'));
    expect(cents(uhk!.interest)).toBeGreaterThan(0n);
    // 143,000.00 + 145,012.03 + 8,000.00; 143,000.00 + 40,000.00; 77,340.00 + 51,410.00 + 13,000.00; … + 10,000.00.
    expect(all.total).toMatchObject({
      notices: 3,
      approved: '296012.03',
      paid: '183000.00',
      spent: '141750.00',
      recognised: '138750.00',
      refundDue: '81128.00',
    });
    expect(all.recipientTotals.map((total) => [total.name, total.notices, total.approved])).toEqual([
      ['Unstrut-Hainich-Kreis', 1, '143000.00'],
      ['Kyffhäuserkreis', 1, '145012.03'],
      ['Ilm-Kreis', 1, '8000.00'],
    ]);
    expect(all.cooperationTotals).toEqual([
      {
        name: 'Interkommunales E-Government-Serviceteam Nordthüringen',
        notices: 2,
        approved: '288012.03',
        paid: '183000.00',
        spent: '128750.00',
        recognised: '128750.00',
        refundDue: '81128.00',
      },
    ]);
    expect(all.reportPath).toBe(`/reports/programme-overview/${programmeId}.xlsx`);
  });

  it('filters by recipient, cooperation, status and the figures', async () => {
    const kyf = await overview({ filter: { recipientId: recipientIds.get('16065') } });
    expect(references(kyf)).toEqual(['TFM-EGOV-2020-0001']);
    expect(kyf.reportPath).toBe(`/reports/programme-overview/${programmeId}.xlsx?recipientId=${recipientIds.get('16065')}`);
    const team = await overview({
      filter: { cooperationId: cooperationIds.get('Interkommunales E-Government-Serviceteam Nordthüringen') },
    });
    expect(references(team)).toEqual(['TFM-EGOV-2020-0002', 'TFM-EGOV-2020-0001']);
    expect(references(await overview({ filter: { status: 'SETTLED' } }))).toEqual([]);
    expect(references(await overview({ filter: { proofOfUseOverdue: true } }))).toEqual(['TFM-EGOV-2020-0002', 'TFM-EGOV-2020-0001']);
    expect(references(await overview({ filter: { proofOfUseOverdue: false } }))).toEqual(['TFM-EGOV-2025-0003']);
    const refunds = await overview({ filter: { refundDue: true } });
    expect(references(refunds)).toEqual(['TFM-EGOV-2020-0002']);
    expect(refunds.total).toMatchObject({ notices: 1, approved: '143000.00', refundDue: '81128.00' });
    expect(refunds.reportPath).toBe(`/reports/programme-overview/${programmeId}.xlsx?refundDue=ja`);
    expect(references(await overview({ filter: { overTolerance: true } }))).toEqual(['TFM-EGOV-2025-0003']);
    expect(references(await overview({ filter: { interestDue: false } }))).toEqual(['TFM-EGOV-2025-0003']);
    expect(references(await overview({ filter: { proofOfUseOverdue: true, refundDue: false } }))).toEqual(['TFM-EGOV-2020-0001']);
  });

  it('sorts by a column either way and pages', async () => {
    expect(references(await overview({ orderBy: { field: 'APPROVED' } }))).toEqual([
      'TFM-EGOV-2025-0003',
      'TFM-EGOV-2020-0002',
      'TFM-EGOV-2020-0001',
    ]);
    expect(references(await overview({ orderBy: { field: 'SPENT', descending: true } }))).toEqual([
      'TFM-EGOV-2020-0002',
      'TFM-EGOV-2020-0001',
      'TFM-EGOV-2025-0003',
    ]);
    expect(references(await overview({ orderBy: { field: 'RECIPIENT' } }))).toEqual([
      'TFM-EGOV-2025-0003',
      'TFM-EGOV-2020-0001',
      'TFM-EGOV-2020-0002',
    ]);
    // Interest for every notice, computed because the order asks for it: UHK's 65,660.00 unspent since 2020 bear the most.
    const byInterest = await overview({ orderBy: { field: 'INTEREST', descending: true } });
    expect(references(byInterest)).toEqual(['TFM-EGOV-2020-0002', 'TFM-EGOV-2020-0001', 'TFM-EGOV-2025-0003']);
    expect(byInterest.rows.map((row) => row.interest)).toEqual([
      interestOf.get('TFM-EGOV-2020-0002'),
      interestOf.get('TFM-EGOV-2020-0001'),
      '0.00',
    ]);
    const second = await overview({ orderBy: { field: 'REFERENCE' }, first: 1, offset: 1 });
    expect(second.totalCount).toBe(3);
    expect(references(second)).toEqual(['TFM-EGOV-2020-0002']);
    // The totals are those of the whole selection, not of the page.
    expect(second.total.notices).toBe(3);
    const refused = await api.gql(OVERVIEW, { programme: programmeId, first: 101 }, auditor);
    expect(refused.errors?.[0]?.extensions?.reason).toBe('INVALID_PAGE_SIZE');
  });

  it('keeps a finance officer to the own notices', async () => {
    const officer = await api.token({ role: 'FINANCE_OFFICER', recipients: ['16065'] });
    const own = await must<{ programmeOverview: Overview }>(OVERVIEW, { programme: programmeId }, officer);
    expect(references(own.programmeOverview)).toEqual(['TFM-EGOV-2020-0001']);
  });
});

describe('the Programmübersicht workbook of a selection', () => {
  it('has the rows of the filter and states it', async () => {
    const { reportPath } = await overview({ filter: { proofOfUseOverdue: true, refundDue: false } });
    const answer = await downloadReport(api.url, reportPath, auditor);
    expect(answer.status).toBe(200);
    const sheet = (await openWorkbook(answer.body)).getWorksheet('Bescheide')!;
    const texts: string[] = [];
    sheet.eachRow((row) => texts.push(row.getCell(1).text + ' | ' + row.getCell(3).text));
    expect(texts).toEqual([
      'Zuwendungsempfänger | Aktenzeichen',
      'Kyffhäuserkreis | TFM-EGOV-2020-0001',
      'Summe Kyffhäuserkreis | ',
      'Summe Förderprogramm | ',
      'Auswahl: Verwendungsnachweis überfällig: ja; Rückforderung: nein | ',
    ]);
  });

  it('names the recipient filtered by', async () => {
    const answer = await downloadReport(
      api.url,
      `/reports/programme-overview/${programmeId}.xlsx?recipientId=${recipientIds.get('16064')}`,
      auditor,
    );
    const sheet = (await openWorkbook(answer.body)).getWorksheet('Bescheide')!;
    expect(sheet.getRow(2).getCell(3).text).toBe('TFM-EGOV-2020-0002');
    expect(sheet.getRow(3).getCell(1).text).toBe('Summe Unstrut-Hainich-Kreis');
    expect(sheet.getRow(6).getCell(1).text).toBe('Auswahl: Zuwendungsempfänger: Unstrut-Hainich-Kreis');
  });

  it('refuses a filter it does not understand', async () => {
    const answer = await downloadReport(api.url, `/reports/programme-overview/${programmeId}.xlsx?refundDue=vielleicht`, auditor);
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toContain('„refundDue“ muss „ja“ oder „nein“ sein');
  });
});
