// The hash chain of the audit trail over GraphQL: auditors recompute it with auditTrailVerification,
// which names the first event that an owner of the database changed or removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOwner } from '../../src/orm.js';
import { Access, type Role } from '../../src/services/access.js';
import { verifyAuditTrail } from '../../src/services/audit-chain.js';
import { createRecipient, updateRecipient } from '../../src/services/recipients.js';
import { startTestApi, type TestApi } from '../support/api.js';

const VERIFY = '{ auditTrailVerification { verifiedEvents firstBrokenEvent { id entityType action } lastVerifiedHash } }';

interface Verification {
  auditTrailVerification: {
    verifiedEvents: number;
    firstBrokenEvent: { id: string; entityType: string; action: string } | null;
    lastVerifiedHash: string | null;
  };
}

let api: TestApi;
let auditor: string;
/** The events in the order of the chain. */
let chain: { id: string; hash: string }[];

/** Statements as the owner of the schema, in one transaction. */
function asOwner(...statements: string[]): Promise<void> {
  return withOwner(api.service.orm, (owner) =>
    owner.em.fork().transactional(async (tx) => {
      for (const statement of statements) await tx.execute(statement);
    }),
  );
}

async function verification() {
  const response = await api.gql<Verification>(VERIFY, undefined, auditor);
  expect(response.errors).toBeUndefined();
  return response.data!.auditTrailVerification;
}

beforeAll(async () => {
  api = await startTestApi();
  auditor = await api.token({ role: 'AUDITOR', name: 'Rechnungsprüfung' });
  const em = () => api.service.orm.em.fork();
  const system = Access.system();
  for (let index = 0; index < 4; index++) {
    const recipient = await createRecipient(em(), system, {
      name: `Landkreis ${index}`,
      kind: 'DISTRICT',
      ags: `1606${index}`,
      population: 60_000,
    });
    await updateRecipient(em(), system, recipient.id, recipient.version, { population: 61_000 + index });
  }
  chain = await em().getConnection().execute('select id, hash from audit_event order by chain_seq');
}, 60_000);

afterAll(async () => {
  await api?.stop();
});

describe('auditTrailVerification', () => {
  it('verifies every event of an intact trail and names none', async () => {
    expect(chain).toHaveLength(8);
    expect(await verification()).toEqual({ verifiedEvents: 8, firstBrokenEvent: null, lastVerifiedHash: chain[7].hash });
  });

  it('reads the trail page by page to the same result', async () => {
    const result = await verifyAuditTrail(api.service.orm.em.fork(), Access.system(), 3);
    expect(result).toMatchObject({ verifiedEvents: 8, firstBrokenEvent: null, lastVerifiedHash: chain[7].hash });
  });

  it.each<[Role, { recipients?: string[] }]>([
    ['FINANCE_OFFICER', { recipients: ['16060'] }],
    ['TEAM_LEAD', {}],
    ['ADMIN', {}],
  ])('is refused to %s', async (role, claims) => {
    const token = await api.token({ role, name: 'Jemand', ...claims });
    const response = await api.gql(VERIFY, undefined, token);
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ROLE_NOT_PERMITTED' });
    expect(response.errors?.[0]?.message).toContain('darf den Prüfpfad nicht lesen');
  });

  it('names an event that the owner slipped in past the chain, after all chained ones', async () => {
    const slipped = '0190a0a0-0000-7000-8000-000000000001';
    await asOwner(
      'alter table audit_event disable trigger chain',
      `insert into audit_event (id, occurred_at, actor_subject, actor_name, actor_role, entity_type, entity_id, action, after)
       values ('${slipped}', '2020-06-02T10:00:00Z', 'kc-4711', 'Erika Mustermann', 'FINANCE_OFFICER', 'Recipient', 'x', 'CREATE', '{}')`,
      'alter table audit_event enable trigger chain',
    );
    expect(await verification()).toMatchObject({ verifiedEvents: 8, firstBrokenEvent: { id: slipped } });
    await asOwner(
      'alter table audit_event disable trigger append_only',
      `delete from audit_event where id = '${slipped}'`,
      'alter table audit_event enable trigger append_only',
    );
    expect((await verification()).firstBrokenEvent).toBeNull();
  });

  it('names the event that the owner edited, after the events before it', async () => {
    const edited = chain[5];
    await asOwner(
      'alter table audit_event disable trigger append_only',
      `update audit_event set after = jsonb_set(after, '{population}', '99999') where id = '${edited.id}'`,
      'alter table audit_event enable trigger append_only',
    );
    const result = await verification();
    expect(result).toEqual({
      verifiedEvents: 5,
      firstBrokenEvent: { id: edited.id, entityType: 'Recipient', action: 'UPDATE' },
      lastVerifiedHash: chain[4].hash,
    });
  });

  it('names the edited event also when the owner put a hash of his own on it', async () => {
    const edited = chain[5];
    await asOwner(
      'alter table audit_event disable trigger append_only',
      `update audit_event set hash = encode(sha256(convert_to('forged', 'UTF8')), 'hex') where id = '${edited.id}'`,
      'alter table audit_event enable trigger append_only',
    );
    expect((await verification()).firstBrokenEvent?.id).toBe(edited.id);
  });

  it('names the event after one the owner removed', async () => {
    // The edited event back as it was written: the chain holds again up to the removed one.
    await asOwner(
      'alter table audit_event disable trigger append_only',
      `update audit_event set after = jsonb_set(after, '{population}', '61002'), hash = '${chain[5].hash}' where id = '${chain[5].id}'`,
      `delete from audit_event where id = '${chain[2].id}'`,
      'alter table audit_event enable trigger append_only',
    );
    const result = await verification();
    expect(result.verifiedEvents).toBe(2);
    expect(result.firstBrokenEvent?.id).toBe(chain[3].id);
  });
});
