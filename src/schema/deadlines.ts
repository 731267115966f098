// GraphQL types of the deadlines (Fristen) of the notices in the caller's scope.
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DEADLINE_KINDS, type DeadlineKind } from '../domain/enums.js';
import type { Dec } from '../domain/decimal.js';
import type { LocalDate } from '../domain/local-date.js';
import { LocalDateScalar, MoneyScalar } from './scalars.js';

const DeadlineKindEnum = Object.fromEntries(DEADLINE_KINDS.map((kind) => [kind, kind])) as { [K in DeadlineKind]: K };
registerEnumType(DeadlineKindEnum, {
  name: 'DeadlineKind',
  description: 'Art der Frist.',
  valuesConfig: {
    PROOF_OF_USE: { description: 'Vorlage des Verwendungsnachweises (Rule 9), until it is submitted.' },
    SPEND_DEADLINE: { description: 'Verwendungsfrist of a payment with money still unspent (Rules 5 and 6).' },
    APPROVAL_PERIOD_END: { description: 'End of the Bewilligungszeitraum, while it runs: later payments do not count.' },
    SETTLEMENT: { description: 'Schlussabrechnung not yet finalised after the proof of use, due since its submission.' },
  },
});

@ObjectType({ description: 'Frist: a deadline of a notice, computed as of today in Germany.' })
export class Deadline {
  @Field(() => DeadlineKindEnum)
  kind!: DeadlineKind;

  @Field(() => LocalDateScalar)
  dueOn!: LocalDate;

  @Field({ description: 'Past its day and not met.' })
  overdue!: boolean;

  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'SPEND_DEADLINE: the money of the payment still unspent; SETTLEMENT: the forecast balance (negative: refund).',
  })
  amount!: Dec | null;

  @Field(() => ID, { nullable: true, description: 'SPEND_DEADLINE: the payment (Auszahlung) whose money must be used.' })
  paymentId!: string | null;

  noticeId!: string;
}
