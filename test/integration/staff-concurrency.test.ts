// Rule 7 under concurrent requests (PostgreSQL only): twenty allocations of 0.1 for the same employee and
// month on twenty grants at once, from one server process and from two, never add up to more than 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import type { Orm } from '../../src/orm.js';
import { Access } from '../../src/services/access.js';
import { createGrantNotice } from '../../src/services/notices.js';
import type { Em } from '../../src/services/records.js';
import { allocateStaff, createEmployee } from '../../src/services/staff.js';
import { openSecondOrm, openTestOrm, usingPostgres, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf, uniqueReference } from '../support/factories.js';

const system = Access.system();
const ATTEMPTS = 20;

let db: TestOrm;
let secondOrm: Orm;
let employerId: string;
/** One grant per attempt, all of the same employer, so that only the monthly limit can refuse. */
const grants: string[] = [];

async function storedShares(employeeId: string): Promise<string> {
  const [row] = await db.orm.em
    .fork()
    .execute<{ total: string | null; count: string }[]>(
      `select sum(share)::text as total, count(*)::text as count from staff_allocation where employee_id = ? and month = '2020-07-01'`,
      [employeeId],
    );
  return `${row?.count} allocations, ${row?.total}`;
}

/** Starts every attempt at once, each in its own unit of work, and counts how they end. */
async function race(employeeId: string, forks: () => Em): Promise<{ accepted: number; refused: number }> {
  const outcomes = await Promise.allSettled(
    grants.map((grantNoticeId) =>
      allocateStaff(forks(), system, {
        employeeId,
        grantNoticeId,
        from: '2020-07-01',
        to: '2020-07-31',
        method: 'ACTUAL',
        share: d('0.1'),
        employerCost: d('4500.00'),
      }),
    ),
  );
  const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
  for (const outcome of refused) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(DomainInputError);
  return { accepted: outcomes.length - refused.length, refused: refused.length };
}

describe.skipIf(!usingPostgres)('one employee’s monthly shares under concurrent allocations', () => {
  beforeAll(async () => {
    db = await openTestOrm();
    secondOrm = await openSecondOrm(db);
    const em = db.orm.em.fork();
    const program = await programme(em, { 2020: '20000000.00' });
    employerId = (await district(em)).id;
    const project = await projectOf(em, employerId);
    for (let index = 0; index < ATTEMPTS; index += 1) {
      const notice = await createGrantNotice(em, system, {
        reference: uniqueReference(),
        noticeDate: '2020-06-02',
        fundingProgramId: program.id,
        projectId: project.id,
        financingType: 'SHARE',
        rate: d('0.8'),
        eligibleCosts: d('10000.00'),
        approvedAmount: d('8000.00'),
        approvalPeriod: { start: '2020-06-01', end: '2020-12-31' },
        budgetLines: [{ category: 'STAFF', planned: d('10000.00') }],
      });
      grants.push(notice.id);
    }
  });

  afterAll(async () => {
    await secondOrm?.close(true);
    await db?.close();
  });

  it('accepts exactly ten of twenty from one server process, adding up to exactly 1', async () => {
    const person = await createEmployee(db.orm.em.fork(), system, { employerId, name: 'Anna Schmidt', payGroup: 'TVöD E 11' });
    expect(await race(person.id, () => db.orm.em.fork())).toEqual({ accepted: 10, refused: 10 });
    expect(await storedShares(person.id)).toBe('10 allocations, 1.0000');
  });

  it('accepts exactly ten of twenty from two server processes, adding up to exactly 1', async () => {
    const person = await createEmployee(db.orm.em.fork(), system, { employerId, name: 'Bernd Weber', payGroup: 'TVöD E 11' });
    let turn = 0;
    const forks = () => ((turn += 1) % 2 === 0 ? db.orm : secondOrm).em.fork();
    expect(await race(person.id, forks)).toEqual({ accepted: 10, refused: 10 });
    expect(await storedShares(person.id)).toBe('10 allocations, 1.0000');
  });
});
