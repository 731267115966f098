// The signed-in user as the web application needs it: who, in which role and scope, and what the role may do.
import { Field, ObjectType } from 'type-graphql';
import { ACTIONS, kindOf, type Action, type Role, type Scope } from '../services/permissions.js';
import { RoleEnum, ScopeEnum } from './enums.js';
import { Cooperation, Recipient } from './types.js';

@ObjectType({
  description: 'What the signed-in user may do: one flag per action the web application offers, answered from the table of permissions.',
})
export class ViewerPermissions {}

// The flags are the table's actions (src/services/permissions.ts): a new action there is a new field here.
for (const [action, permission] of Object.entries(ACTIONS)) {
  const kind = kindOf(permission);
  Field(() => Boolean, { description: kind === permission ? `Has the permission "${kind}".` : `May ${permission} ("${kind}").` })(
    ViewerPermissions.prototype,
    action,
  );
}

export type ViewerMay = Record<Action, boolean>;

@ObjectType({ description: 'The signed-in user.' })
export class Viewer {
  @Field()
  name!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => ScopeEnum, { description: 'How far the role reaches.' })
  scope!: Scope;

  @Field(() => [Recipient], {
    description:
      'The recipients the scope is limited to, by AGS: a finance officer’s own, or the members of a team lead’s cooperation; empty for EVERYTHING.',
  })
  recipients!: unknown[];

  @Field(() => Cooperation, { nullable: true, description: 'The cooperation a team lead leads; null for the other roles.' })
  cooperation!: unknown;

  @Field(() => ViewerPermissions)
  may!: ViewerMay;
}
