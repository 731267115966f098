// The audit trail (Prüfpfad) on a real database: one event per changed record, written with the change.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainInputError } from '../../src/domain/errors.js';
import { AuditEvent, GrantNotice, Recipient } from '../../src/entities/index.js';
import { Access, type Actor } from '../../src/services/access.js';
import { listAuditEvents } from '../../src/services/audit.js';
import { runAs } from '../../src/services/call-context.js';
import { ForbiddenError } from '../../src/services/errors.js';
import { amendGrantNotice, createGrantNotice, updateGrantNotice, type GrantNoticeInput } from '../../src/services/notices.js';
import { setProgramBudget } from '../../src/services/programs.js';
import { createRecipient, updateRecipient } from '../../src/services/recipients.js';
import type { Em } from '../../src/services/records.js';
import { openTestOrm, type TestOrm } from '../support/database.js';
import { d, district, programme, projectOf, uniqueReference, kyffhaeuserNotice } from '../support/factories.js';

const system = Access.system();

const officer: Actor = {
  subject: 'kc-4711',
  name: 'Erika Mustermann',
  role: 'FINANCE_OFFICER',
  recipientAgs: [],
  cooperationId: null,
};

const auditor: Actor = { subject: 'kc-0815', name: 'Rechnungsprüfung', role: 'AUDITOR', recipientAgs: [], cooperationId: null };

let db: TestOrm;
let em: Em;
let programId: string;
let projectId: string;
let nextAgs = 16_500;

/** Runs a piece of work and returns the events it wrote, oldest first. */
async function recorded<T>(work: () => Promise<T>): Promise<{ result: T; events: AuditEvent[] }> {
  const before = await db.orm.em.fork().count(AuditEvent, {});
  const result = await work();
  const all = await db.orm.em.fork().find(AuditEvent, {}, { orderBy: { id: 'asc' } });
  return { result, events: all.slice(before) };
}

/** A notice of the Kyffhäuserkreis with five budget lines. */
function notice(overrides: Partial<GrantNoticeInput> = {}): GrantNoticeInput {
  return kyffhaeuserNotice(programId, projectId, overrides);
}

function recipientInput(name = 'Unstrut-Hainich-Kreis') {
  return { name, kind: 'DISTRICT' as const, ags: String(nextAgs++), population: 101_000 };
}

beforeAll(async () => {
  db = await openTestOrm();
  const setup = db.orm.em.fork();
  const program = await programme(setup, { 2020: '20000000.00' });
  const recipient = await district(setup);
  const project = await projectOf(setup, recipient.id);
  programId = program.id;
  projectId = project.id;
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  em = db.orm.em.fork();
});

describe('writing the trail', () => {
  it('records a new recipient as one CREATE with its state after', async () => {
    const { result: recipient, events } = await recorded(() => createRecipient(em, system, recipientInput()));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      entityType: 'Recipient',
      entityId: recipient.id,
      action: 'CREATE',
      before: null,
      actorSubject: 'system',
      actorRole: 'SYSTEM',
      requestId: null,
    });
    expect(event.after).toMatchObject({ id: recipient.id, ags: recipient.ags, name: 'Unstrut-Hainich-Kreis', kind: 'DISTRICT' });
  });

  it('records an edit as one UPDATE with the state before and after', async () => {
    const recipient = await createRecipient(em, system, recipientInput());
    const { events } = await recorded(() => updateRecipient(em, system, recipient.id, recipient.version, { name: 'Wartburgkreis' }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entityType: 'Recipient', entityId: recipient.id, action: 'UPDATE' });
    expect(events[0].before).toMatchObject({ name: 'Unstrut-Hainich-Kreis', ags: recipient.ags });
    expect(events[0].after).toMatchObject({ name: 'Wartburgkreis', ags: recipient.ags });
  });

  it('keeps money as decimal strings with cents, before and after', async () => {
    const { events } = await recorded(() => setProgramBudget(em, system, programId, 2020, d('19500000')));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entityType: 'ProgramBudget', action: 'UPDATE' });
    expect(events[0].before).toMatchObject({ year: 2020, amount: '20000000.00', fundingProgram: programId });
    expect(events[0].after).toMatchObject({ year: 2020, amount: '19500000.00', fundingProgram: programId });
  });

  it('writes nothing for a flush that changes nothing', async () => {
    const recipient = await createRecipient(em, system, recipientInput('Saale-Orla-Kreis'));
    const { events } = await recorded(async () => {
      await updateRecipient(em, system, recipient.id, recipient.version, { name: 'Saale-Orla-Kreis' });
      await em.flush();
    });
    expect(events).toEqual([]);
  });

  it('records a new grant notice as exactly one CREATE per row: notice, version and each budget line', async () => {
    const { result: created, events } = await recorded(() => createGrantNotice(em, system, notice()));
    const reread = await db.orm.em.fork().findOneOrFail(GrantNotice, created.id, { populate: ['currentVersion.budgetLines'] });
    const version = reread.current;
    const lineIds = version.budgetLines.getItems().map((line) => line.id);

    expect(events.map((event) => event.action)).toEqual(Array(7).fill('CREATE'));
    const ids = events.map((event) => event.entityId);
    expect(new Set(ids).size).toBe(events.length);
    expect(ids.sort()).toEqual([created.id, version.id, ...lineIds].sort());

    // The notice is inserted first and pointed at its version by a second statement: still one event, with the final state.
    const noticeEvents = events.filter((event) => event.entityType === 'GrantNotice');
    expect(noticeEvents).toHaveLength(1);
    expect(noticeEvents[0].after).toMatchObject({ id: created.id, currentVersion: version.id, status: 'APPROVED', project: projectId });

    const versionEvent = events.find((event) => event.entityType === 'GrantNoticeVersion');
    expect(versionEvent?.after).toMatchObject({
      notice: created.id,
      approvedAmount: '145012.03',
      eligibleCosts: '181265.04',
      rate: '0.8000',
    });
    const lines = events.filter((event) => event.entityType === 'BudgetLine').map((event) => event.after);
    expect(lines).toHaveLength(5);
    expect(lines).toContainEqual(expect.objectContaining({ category: 'TRAINING', planned: '3000.00', noticeVersion: version.id }));
  });

  it('records an amendment as one UPDATE of the notice and a CREATE of every new row', async () => {
    const created = await createGrantNotice(em, system, notice());
    const firstVersionId = created.current.id;
    const { events } = await recorded(() =>
      amendGrantNotice(em, system, created.id, created.version, {
        reference: 'ÄB-1',
        amendmentDate: '2020-09-01',
        reason: 'Mehrkosten Software',
        approvedAmount: d('140000.00'),
      }),
    );
    const noticeEvents = events.filter((event) => event.entityType === 'GrantNotice');
    expect(noticeEvents).toHaveLength(1);
    expect(noticeEvents[0].action).toBe('UPDATE');
    expect(noticeEvents[0].before).toMatchObject({ currentVersion: firstVersionId });
    expect(noticeEvents[0].after).toMatchObject({ currentVersion: created.current.id });
    expect(created.current.id).not.toBe(firstVersionId);
    expect(
      events
        .filter((event) => event.action === 'CREATE')
        .map((event) => event.entityType)
        .sort(),
    ).toEqual(['BudgetLine', 'BudgetLine', 'BudgetLine', 'BudgetLine', 'BudgetLine', 'GrantAmendment', 'GrantNoticeVersion'].sort());
    expect(new Set(events.map((event) => event.entityId)).size).toBe(events.length);
  });

  it('records an edit that queries between its changes as one UPDATE', async () => {
    const created = await createGrantNotice(em, system, notice());
    const revoked = await updateGrantNotice(em, system, created.id, created.version, { status: 'REVOKED' });
    const reference = uniqueReference('TFM-NEU');
    // Reinstating checks the year's budget with queries after the reference has already changed.
    const { events } = await recorded(() =>
      updateGrantNotice(db.orm.em.fork(), system, created.id, revoked.version, { reference, status: 'APPROVED' }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entityId: created.id, action: 'UPDATE' });
    expect(events[0].before).toMatchObject({ reference: created.reference, status: 'REVOKED' });
    expect(events[0].after).toMatchObject({ reference, status: 'APPROVED' });
  });

  it('writes no event for a notice refused above its cap', async () => {
    const { result, events } = await recorded(() =>
      createGrantNotice(em, system, notice({ approvedAmount: d('145012.04') })).catch((error: unknown) => error),
    );
    expect(result).toBeInstanceOf(DomainInputError);
    expect(events).toEqual([]);
  });

  it('writes no event when the database refuses the change', async () => {
    const existing = await createRecipient(em, system, recipientInput());
    const { result, events } = await recorded(() =>
      createRecipient(db.orm.em.fork(), system, { ...recipientInput(), ags: existing.ags }).catch((error: unknown) => error),
    );
    expect(result).toBeInstanceOf(Error);
    expect(events).toEqual([]);
  });

  it('records one UPDATE each when unique values move between records in one flush', async () => {
    // Unique columns that change in the same flush are written by a second statement; the event must show them anyway.
    const first = await createRecipient(em, system, recipientInput('Landkreis Gotha'));
    const second = await createRecipient(em, system, recipientInput('Ilm-Kreis'));
    const [firstAgs, secondAgs] = [String(nextAgs++), String(nextAgs++)];
    const { events } = await recorded(async () => {
      const work = db.orm.em.fork();
      const [a, b] = await Promise.all([work.findOneOrFail(Recipient, first.id), work.findOneOrFail(Recipient, second.id)]);
      a.ags = firstAgs;
      b.ags = secondAgs;
      await work.flush();
    });
    expect(events).toHaveLength(2);
    expect(events.find((event) => event.entityId === first.id)).toMatchObject({
      action: 'UPDATE',
      before: expect.objectContaining({ ags: first.ags }),
      after: expect.objectContaining({ ags: firstAgs }),
    });
    expect(events.find((event) => event.entityId === second.id)).toMatchObject({
      action: 'UPDATE',
      before: expect.objectContaining({ ags: second.ags }),
      after: expect.objectContaining({ ags: secondAgs }),
    });
  });

  it('records the caller and the request the change was made in', async () => {
    const { result: recipient, events } = await recorded(() =>
      runAs({ actor: officer, requestId: 'req-1' }, () => createRecipient(em, system, recipientInput('Kyffhäuserkreis'))),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entityId: recipient.id,
      actorSubject: 'kc-4711',
      actorName: 'Erika Mustermann',
      actorRole: 'FINANCE_OFFICER',
      requestId: 'req-1',
    });
  });
});

describe('reading the trail', () => {
  it('is open to auditors, filtered and paginated oldest first', async () => {
    const recipient = await createRecipient(em, system, recipientInput('Landkreis Sömmerda'));
    await updateRecipient(em, system, recipient.id, recipient.version, { population: 69_000 });
    const access = await Access.resolve(em, auditor);

    const page = await listAuditEvents(em, access, { entityType: 'Recipient', entityId: recipient.id }, { first: 1 });
    expect(page.totalCount).toBe(2);
    expect(page.edges.map((edge) => edge.node.action)).toEqual(['CREATE']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await listAuditEvents(em, access, { entityId: recipient.id }, { first: 10, after: page.pageInfo.endCursor });
    expect(next.edges.map((edge) => edge.node.action)).toEqual(['UPDATE']);
    expect(next.pageInfo.hasNextPage).toBe(false);

    const updates = await listAuditEvents(em, access, { entityId: recipient.id, action: 'UPDATE' }, {});
    expect(updates.edges.map((edge) => edge.node.after)).toEqual([expect.objectContaining({ population: 69_000 })]);
    const bySystem = await listAuditEvents(em, access, { entityId: recipient.id, actorSubject: 'system' }, {});
    expect(bySystem.totalCount).toBe(2);
    const byOfficer = await listAuditEvents(em, access, { entityId: recipient.id, actorSubject: officer.subject }, {});
    expect(byOfficer.totalCount).toBe(0);

    const [created] = page.edges.map((edge) => edge.node);
    const fromCreation = await listAuditEvents(em, access, { entityId: recipient.id, from: created.occurredAt }, {});
    expect(fromCreation.totalCount).toBe(2);
    const beforeCreation = await listAuditEvents(em, access, { entityId: recipient.id, to: created.occurredAt }, {});
    expect(beforeCreation.totalCount).toBe(0);
  });

  it.each(['FINANCE_OFFICER', 'TEAM_LEAD', 'ADMIN', 'ANONYMOUS'] as const)('is forbidden to the role %s', async (role) => {
    const access = await Access.resolve(em, { ...officer, role });
    expect(() => listAuditEvents(em, access, null, {})).toThrow(ForbiddenError);
  });
});
