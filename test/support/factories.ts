// Small builders for the records most tests need, written through the services.
import { Dec } from '../../src/domain/decimal.js';
import { COST_CATEGORIES } from '../../src/domain/enums.js';
import type { GrantNoticeInput } from '../../src/services/notices.js';
import type { Em } from '../../src/services/records.js';
import { createFundingProgram, setProgramBudget } from '../../src/services/programs.js';
import { createProject } from '../../src/services/projects.js';
import { createRecipient } from '../../src/services/recipients.js';
import { Access } from '../../src/services/access.js';

const system = Access.system();

export const d = (value: string) => new Dec(value);

let counter = 0;
const next = () => ++counter;

/** The E-Government programme: 80 % maximum, every category, a budget per given year. */
export async function programme(em: Em, budgets: Record<number, string> = { 2020: '20000000.00' }) {
  const program = await createFundingProgram(em, system, {
    code: `EGOV-${next()}`,
    name: 'Richtlinie zur Förderung von E-Government und IT in Thüringer Kommunen',
    grantingAuthority: 'Thüringer Finanzministerium',
    legalBasis: 'ThürLHO §§ 23, 44',
    maxRate: d('0.8'),
    eligibleCategories: [...COST_CATEGORIES],
  });
  for (const [year, amount] of Object.entries(budgets)) await setProgramBudget(em, system, program.id, Number(year), d(amount));
  return program;
}

/** A district with a unique AGS. */
export async function district(em: Em, name = 'Kyffhäuserkreis') {
  const n = next();
  return createRecipient(em, system, { name, kind: 'DISTRICT', ags: String(16000 + (n % 1000)).padStart(5, '0'), population: 74_212 });
}

export async function projectOf(em: Em, recipientId: string, title = 'E-Government-Serviceteam') {
  return createProject(em, system, { recipientId, title });
}

export function uniqueReference(prefix = 'TFM-EGOV'): string {
  return `${prefix}-${next()}`;
}

/**
 * The Kyffhäuserkreis notice of 02.06.2020 on a programme and project: 80 % of 181,265.04 € =
 * 145,012.03 €, five budget lines, approval period 01.06.2020–31.12.2021.
 */
export function kyffhaeuserNotice(
  fundingProgramId: string,
  projectId: string,
  overrides: Partial<GrantNoticeInput> = {},
): GrantNoticeInput {
  return {
    reference: uniqueReference(),
    noticeDate: '2020-06-02',
    fundingProgramId,
    projectId,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d('181265.04'),
    approvedAmount: d('145012.03'),
    approvalPeriod: { start: '2020-06-01', end: '2021-12-31' },
    budgetLines: [
      { category: 'STAFF', planned: d('120000.00') },
      { category: 'CONSULTING', planned: d('30000.00') },
      { category: 'SOFTWARE', planned: d('20000.00') },
      { category: 'HARDWARE', planned: d('8265.04') },
      { category: 'TRAINING', planned: d('3000.00') },
    ],
    ...overrides,
  };
}
