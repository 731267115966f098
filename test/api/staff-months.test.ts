// An employee's allocations over a run of months in every grant of the employer, as the form
// "Personalkosten zuordnen" reads them (`staffAllocations(filter: { employeeId, from, to })`): the shares
// only for the employer's finance officer and the auditors, nothing for another district.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Access } from '../../src/services/access.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { allocateStaff, createEmployee, reverseStaffAllocation } from '../../src/services/staff.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();
let api: TestApi;
let employeeId: string;
let grantA: string;
let grantB: string;
const tokens: Record<'officer' | 'auditor' | 'admin' | 'otherOfficer', string> = { officer: '', auditor: '', admin: '', otherOfficer: '' };

async function notice(programId: string, recipientId: string): Promise<string> {
  const project = await projectOf(api.service.orm.em.fork(), recipientId);
  const created = await createGrantNotice(api.service.orm.em.fork(), system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-01',
    fundingProgramId: programId,
    projectId: project.id,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d('100000.00'),
    approvedAmount: d('80000.00'),
    approvalPeriod: { start: '2020-06-01', end: '2021-06-30' },
    budgetLines: [{ category: 'STAFF', planned: d('100000.00') }],
  });
  return created.id;
}

beforeAll(async () => {
  api = await startTestApi();
  const em = api.service.orm.em.fork();
  const program = await programme(em);
  const employer = await district(em, 'Landkreis Gotha');
  const other = await district(em, 'Ilm-Kreis');
  grantA = await notice(program.id, employer.id);
  grantB = await notice(program.id, employer.id);
  employeeId = (
    await createEmployee(api.service.orm.em.fork(), system, { employerId: employer.id, name: 'Eva Lorenz', payGroup: 'TVöD E 9b' })
  ).id;
  // 0.8 on A from 07/2020 to 12/2020, 0.2 on B in 11/2020, and 0.1 on B in 12/2020 that is reversed.
  const allocate = (grantNoticeId: string, from: string, to: string, share: string) =>
    allocateStaff(api.service.orm.em.fork(), system, {
      employeeId,
      grantNoticeId,
      from,
      to,
      method: 'ACTUAL',
      share: d(share),
      employerCost: d('4000.00'),
    });
  await allocate(grantA, '2020-07-01', '2020-12-31', '0.8');
  await allocate(grantB, '2020-11-01', '2020-11-30', '0.2');
  const [reversed] = await allocate(grantB, '2020-12-01', '2020-12-31', '0.1');
  await reverseStaffAllocation(api.service.orm.em.fork(), system, reversed!.id, { reason: 'Falscher Monat', reversedOn: '2021-01-05' });
  tokens.officer = await api.token({ role: 'FINANCE_OFFICER', recipients: [employer.ags] });
  tokens.otherOfficer = await api.token({ role: 'FINANCE_OFFICER', recipients: [other.ags] });
  tokens.auditor = await api.token({ role: 'AUDITOR' });
  tokens.admin = await api.token({ role: 'ADMIN' });
});

afterAll(() => api?.stop());

const MONTHS = `query ($employeeId: ID!) {
  staffAllocations(first: 100, filter: { employeeId: $employeeId, from: "2020-11-15", to: "2021-01-10" }) {
    totalCount
    edges { node { month share amount grantNotice { id } employee { name } reversal { reason } } }
  }
}`;

type Row = {
  month: string;
  share: string | null;
  amount: string;
  grantNotice: { id: string };
  employee: { name: string | null };
  reversal: { reason: string } | null;
};

async function monthsAs(caller: keyof typeof tokens) {
  const answer = await api.gql<{ staffAllocations: { totalCount: number; edges: { node: Row }[] } }>(
    MONTHS,
    { employeeId },
    tokens[caller],
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.staffAllocations;
}

describe('an employee’s allocations from one month to another', () => {
  it('gives the employer’s finance officer the months 11/2020 to 01/2021 in both grants with the shares, the reversed one marked', async () => {
    const found = await monthsAs('officer');
    // 07/2020 to 10/2020 lie before the first month; 01/2021 has none. 4,000.00 × 0.8 = 3,200.00, × 0.2 = 800.00, × 0.1 = 400.00.
    expect(found.totalCount).toBe(4);
    expect(
      found.edges.map(({ node }) => [node.month, node.grantNotice.id === grantA ? 'A' : 'B', node.share, node.amount, node.reversal]),
    ).toEqual([
      ['2020-11-01', 'A', '0.8000', '3200.00', null],
      ['2020-12-01', 'A', '0.8000', '3200.00', null],
      ['2020-11-01', 'B', '0.2000', '800.00', null],
      ['2020-12-01', 'B', '0.1000', '400.00', { reason: 'Falscher Monat' }],
    ]);
    expect(found.edges.every(({ node }) => node.employee.name === 'Eva Lorenz')).toBe(true);
  });

  it('gives the auditor the same shares, the administration the amounts without shares or name, another district nothing', async () => {
    const officer = await monthsAs('officer');
    expect(await monthsAs('auditor')).toEqual(officer);
    const admin = await monthsAs('admin');
    expect(admin.edges.map(({ node }) => [node.month, node.share, node.amount, node.employee.name])).toEqual([
      ['2020-11-01', null, '3200.00', null],
      ['2020-12-01', null, '3200.00', null],
      ['2020-11-01', null, '800.00', null],
      ['2020-12-01', null, '400.00', null],
    ]);
    expect(await monthsAs('otherOfficer')).toEqual({ totalCount: 0, edges: [] });
  });
});
