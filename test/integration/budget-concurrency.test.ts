// The programme's budget of a year under a race (PostgreSQL only): with 900,000.00 committed of a
// 1,000,000.00 year, a new notice of 100,000.00 through one ORM instance and a budget cut to 950,000.00
// through another, at the same moment, never both succeed: the budget row is the lock both take first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Orm } from '../../src/orm.js';
import { Access } from '../../src/services/access.js';
import { createGrantNotice } from '../../src/services/notices.js';
import { budgetYears, setProgramBudget } from '../../src/services/programs.js';
import type { Em } from '../../src/services/records.js';
import { openSecondOrm, openTestOrm, usingPostgres, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();
const ROUNDS = 20;

let db: TestOrm;
let secondOrm: Orm;
let projectId: string;

/** A share-financed notice committing `approved` (80 % of its costs) to 2020. */
function notice(em: Em, programId: string, approved: string) {
  const costs = d(approved).div('0.8').toFixed(2);
  return createGrantNotice(em, system, {
    reference: uniqueReference(),
    noticeDate: '2020-06-02',
    fundingProgramId: programId,
    projectId,
    financingType: 'SHARE',
    rate: d('0.8'),
    eligibleCosts: d(costs),
    approvedAmount: d(approved),
    approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
    budgetLines: [{ category: 'SOFTWARE', planned: d(costs) }],
  });
}

describe.skipIf(!usingPostgres)('a notice and a budget cut racing for the same year', () => {
  beforeAll(async () => {
    db = await openTestOrm();
    secondOrm = await openSecondOrm(db);
    const em = db.orm.em.fork();
    projectId = (await projectOf(em, (await district(em)).id)).id;
  });

  afterAll(async () => {
    await secondOrm?.close(true);
    await db?.close();
  });

  it(`never leave more committed than budgeted (${ROUNDS} rounds)`, async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const program = await programme(db.orm.em.fork(), { 2020: '1000000.00' });
      await notice(db.orm.em.fork(), program.id, '900000.00');
      const [created, cut] = await Promise.allSettled([
        notice(db.orm.em.fork(), program.id, '100000.00'),
        setProgramBudget(secondOrm.em.fork(), system, program.id, 2020, d('950000.00')),
      ]);
      const [year] = await budgetYears(db.orm.em.fork(), program.id);
      // 900,000 + 100,000 = 1,000,000 fits 1,000,000 but not 950,000: one of the two must be refused.
      expect(year!.committed.lessThanOrEqualTo(year!.budget), `round ${round}: ${year!.committed} of ${year!.budget}`).toBe(true);
      outcomes.push(`${created.status}/${cut.status}`);
      for (const outcome of [created, cut]) {
        if (outcome.status === 'rejected') {
          expect((outcome.reason as { reason?: string }).reason).toMatch(/^(BUDGET_EXCEEDED|BUDGET_BELOW_COMMITTED)$/);
        }
      }
    }
    expect(outcomes.filter((outcome) => outcome === 'fulfilled/fulfilled')).toEqual([]);
  });
});
