// The signed-in user, its scope and what its role may do, all of it from the table of permissions.
import { Cooperation, Recipient } from '../entities/index.js';
import type { Access } from './access.js';
import { ForbiddenError } from './errors.js';
import { ACTIONS, ROLE_SCOPES, ROLES, type Action, type Role, type Scope } from './permissions.js';
import type { Em } from './records.js';

export interface ViewerView {
  name: string;
  role: Role;
  scope: Scope;
  recipients: Recipient[];
  cooperation: Cooperation | null;
  may: Record<Action, boolean>;
}

export async function viewerOf(em: Em, access: Access): Promise<ViewerView> {
  const { name, role } = access.actor;
  // The service itself and a caller without a token are no user of the application.
  if (!isRole(role)) throw new ForbiddenError(`Die Rolle ${role} hat keine Anmeldung.`);
  const recipients = access.recipientCondition();
  const cooperations = access.cooperationCondition();
  const scope = ROLE_SCOPES[role];
  return {
    name,
    role,
    scope,
    recipients: recipients ? await em.find(Recipient, { id: recipients }, { orderBy: { ags: 'asc' } }) : [],
    cooperation: scope === 'OWN_COOPERATION' && cooperations ? await em.findOne(Cooperation, { id: cooperations }) : null,
    may: Object.fromEntries(Object.entries(ACTIONS).map(([action, permission]) => [action, access.may(permission)])) as Record<
      Action,
      boolean
    >,
  };
}

function isRole(role: string): role is Role {
  return (ROLES as readonly string[]).includes(role);
}
