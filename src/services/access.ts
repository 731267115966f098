// The caller's rights for one request: the recipients and cooperations in its scope, resolved from the
// token, and what its role may do, decided from the table of permissions (permissions.ts).
import type { FilterQuery } from '@mikro-orm/core';
import { Cooperation, CooperationMembership } from '../entities/index.js';
import { ForbiddenError, NotFoundError, type RecordLabel } from './errors.js';
import { validate as isUuid } from 'uuid';
import { grantOf, refusalOf, ROLE_NAMES, ROLE_SCOPES, type Caller, type Permission } from './permissions.js';
import type { Em } from './records.js';

export { ROLE_NAMES, ROLES, type Role } from './permissions.js';

/** The authenticated caller, as its token describes it. */
export interface Actor {
  /** Subject of the token (user id at the identity provider). */
  subject: string;
  name: string;
  /**
   * SYSTEM is the service itself (demonstration data, command-line tools); ANONYMOUS a caller
   * without a token, who may only read the schema in development. No token carries either.
   */
  role: Caller;
  /** Finance officers: the AGS keys of the recipients they work for. */
  recipientAgs: readonly string[];
  /** Team leads: the cooperation they lead. */
  cooperationId: string | null;
  /** The e-mail address the sign-in named (OIDC claim `email`), for the deadline reminders; absent when none. */
  email?: string | null;
}

export const SYSTEM_ACTOR: Actor = { subject: 'system', name: 'Grant register', role: 'SYSTEM', recipientAgs: [], cooperationId: null };
export const ANONYMOUS_ACTOR: Actor = { subject: 'anonymous', name: 'Anonymous', role: 'ANONYMOUS', recipientAgs: [], cooperationId: null };

/**
 * The caller's rights for one request. Scopes are ids resolved once from the token: `null` means
 * every record. A record outside the scope is reported as missing, never as forbidden, so that a
 * lookup cannot tell whether it exists.
 */
export class Access {
  private constructor(
    readonly actor: Actor,
    private readonly recipients: ReadonlySet<string> | null,
    private readonly cooperations: ReadonlySet<string> | null,
  ) {}

  static async resolve(requestEm: Em, actor: Actor): Promise<Access> {
    // The scope queries load only ids; a fork of their own keeps those partial records out of the
    // request's identity map, where they would stand in for the full ones.
    const em = requestEm.fork({ clear: true });
    if (actor.role === 'SYSTEM') return new Access(actor, null, null);
    if (actor.role === 'ANONYMOUS') return new Access(actor, new Set(), new Set());
    switch (ROLE_SCOPES[actor.role]) {
      case 'EVERYTHING':
        return new Access(actor, null, null);
      case 'OWN_RECIPIENTS': {
        if (actor.recipientAgs.length === 0) return new Access(actor, new Set(), new Set());
        // The own recipients and their cooperations in one statement: it runs on every request.
        const rows = await em.execute<{ recipient_id: string; cooperation_id: string | null }[]>(
          `select r.id as recipient_id, m.cooperation_id
             from recipient r
             left join cooperation_membership m on m.recipient_id = r.id
            where r.ags in (?)`,
          [[...actor.recipientAgs]],
        );
        return new Access(
          actor,
          new Set(rows.map((row) => row.recipient_id)),
          new Set(rows.flatMap((row) => (row.cooperation_id ? [row.cooperation_id] : []))),
        );
      }
      case 'OWN_COOPERATION': {
        const cooperation =
          actor.cooperationId && isUuid(actor.cooperationId)
            ? await em.findOne(Cooperation, { id: actor.cooperationId }, { fields: ['id'] })
            : null;
        if (!cooperation) return new Access(actor, new Set(), new Set());
        const memberships = await em.find(CooperationMembership, { cooperation }, { fields: ['recipient'] });
        return new Access(actor, new Set(memberships.map((membership) => membership.recipient.id)), new Set([cooperation.id]));
      }
    }
  }

  /** The service's own rights (demonstration data, command-line tools, tests of the rules). */
  static system(): Access {
    return new Access(SYSTEM_ACTOR, null, null);
  }

  /** Auditors, administrators and the service itself read every record. */
  get readsEverything(): boolean {
    return this.recipients === null;
  }

  canSeeRecipient(recipientId: string): boolean {
    return this.recipients === null || this.recipients.has(recipientId);
  }

  canSeeCooperation(cooperationId: string): boolean {
    return this.cooperations === null || this.cooperations.has(cooperationId);
  }

  /** A condition on a recipient reference that keeps a query inside the scope; null when there is no limit. */
  recipientCondition(): { $in: string[] } | null {
    return this.recipients === null ? null : { $in: [...this.recipients] };
  }

  cooperationCondition(): { $in: string[] } | null {
    return this.cooperations === null ? null : { $in: [...this.cooperations] };
  }

  /** Narrows a query on records that belong to a recipient to the scope. */
  withinRecipients<T>(where: FilterQuery<T>, property: string = 'recipient'): FilterQuery<T> {
    const condition = this.recipientCondition();
    if (!condition) return where;
    return { $and: [where, { [property]: condition }] } as FilterQuery<T>;
  }

  /** Refuses the lookup of a record outside the scope as if it did not exist. */
  assertRecipientVisible(recipientId: string, label: RecordLabel, id: string): void {
    if (!this.canSeeRecipient(recipientId)) throw new NotFoundError(label, id);
  }

  assertCooperationVisible(cooperationId: string, label: RecordLabel, id: string): void {
    if (!this.canSeeCooperation(cooperationId)) throw new NotFoundError(label, id);
  }

  /**
   * Whether the caller may do this (an operation, a route or a kind of src/services/permissions.ts),
   * on the target's recipient or cooperation when one is given.
   */
  may(permission: Permission, target?: { recipientId?: string; cooperationId?: string }): boolean {
    const grant = grantOf(this.actor.role, permission);
    if (grant === null) return false;
    if (grant === 'EVERYTHING') return true;
    if (target?.recipientId !== undefined && !this.canSeeRecipient(target.recipientId)) return false;
    if (target?.cooperationId !== undefined && !this.canSeeCooperation(target.cooperationId)) return false;
    return true;
  }

  /**
   * Refuses what the role may not do at all, as the table of permissions says; a target outside the
   * reach of the right is reported as missing.
   */
  assertMay(permission: Permission, target?: { recipientId?: string; cooperationId?: string; label: RecordLabel; id: string }): void {
    const role = this.actor.role;
    const grant = grantOf(role, permission);
    if (grant === null) throw new ForbiddenError(`Die Rolle ${ROLE_NAMES[role]} (${role}) darf ${refusalOf(permission)}.`);
    if (grant === 'EVERYTHING' || !target) return;
    if (target.recipientId !== undefined) this.assertRecipientVisible(target.recipientId, target.label, target.id);
    if (target.cooperationId !== undefined) this.assertCooperationVisible(target.cooperationId, target.label, target.id);
  }
}
