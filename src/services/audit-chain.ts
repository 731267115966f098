// The hash chain of the audit trail (Prüfpfad): the database chains every event as it is written
// (the `chain` trigger of Migration20261203080110_audit_chain); here the service recomputes it.
import { createHash } from 'node:crypto';
import { AuditEvent } from '../entities/index.js';
import type { Access } from './access.js';
import type { Em } from './records.js';

/**
 * An event's content as the chain hashes it, computed by the database from the stored values: the
 * fields as one jsonb object, whose text PostgreSQL writes with the keys in a fixed order (by length,
 * then bytes) and the time in UTC to the microsecond. The same expression as the trigger's, kept here
 * on its own so that a changed trigger function cannot change what the verification expects.
 */
const CONTENT = `jsonb_build_object('id', e.id, 'occurredAt', to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  'actorSubject', e.actor_subject, 'actorName', e.actor_name, 'actorRole', e.actor_role, 'requestId', e.request_id,
  'entityType', e.entity_type, 'entityId', e.entity_id, 'action', e.action, 'before', e.before, 'after', e.after)::text`;

/** Events read per statement: the trail may be large, and only one page is held at a time. */
export const VERIFICATION_PAGE = 1_000;

/** sha256 (hex) over the previous event's hash (nothing for the first event) followed by the content. */
export function chainHash(previousHash: string | null, content: string): string {
  return createHash('sha256')
    .update(previousHash ?? '', 'utf8')
    .update(content, 'utf8')
    .digest('hex');
}

export interface AuditTrailVerification {
  /** Events that hold their place in the chain, from the first on, up to the first broken one. */
  verifiedEvents: number;
  /** The first event, in the order of the chain, whose hash does not follow; null when the whole trail does. */
  firstBrokenEvent: AuditEvent | null;
  /** The hash of the last verified event, to keep outside the database and compare with a later verification. */
  lastVerifiedHash: string | null;
}

interface ChainRow {
  id: string;
  chain_seq: string | number | null;
  previous_hash: string | null;
  hash: string | null;
  content: string;
}

/**
 * Recomputes the chain from the first event on, in pages along the chain's order, and names the first
 * event that breaks it: its content or hash was changed, an event before it was removed or inserted,
 * or it was written past the chain (no position; such events come after all chained ones). Only
 * auditors (and the service itself) may ask.
 */
export async function verifyAuditTrail(em: Em, access: Access, pageSize = VERIFICATION_PAGE): Promise<AuditTrailVerification> {
  access.assertMay('auditTrailVerification');
  const connection = em.getConnection();
  let verified = 0;
  let previous: string | null = null;
  let position = 0;
  let brokenId: string | null = null;
  for (;;) {
    const rows: ChainRow[] = await connection.execute(
      `select e.id, e.chain_seq, e.previous_hash, e.hash, ${CONTENT} as content
         from audit_event e where e.chain_seq > ? order by e.chain_seq limit ?`,
      [position, pageSize],
    );
    for (const row of rows) {
      if (row.previous_hash !== previous || row.hash !== chainHash(previous, row.content)) {
        brokenId = row.id;
        break;
      }
      previous = row.hash;
      verified += 1;
    }
    if (brokenId || rows.length < pageSize) break;
    position = Number(rows[rows.length - 1].chain_seq);
  }
  if (!brokenId) {
    const [unchained] = await connection.execute<{ id: string }[]>(
      'select e.id from audit_event e where e.chain_seq is null order by e.id limit 1',
    );
    brokenId = unchained?.id ?? null;
  }
  return {
    verifiedEvents: verified,
    firstBrokenEvent: brokenId ? await em.findOneOrFail(AuditEvent, brokenId) : null,
    lastVerifiedHash: previous,
  };
}
