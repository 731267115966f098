// GraphQL type of plausibility warnings (Hinweise): returned with a record, they never block a write.
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { WARNING_REASONS, type WarningReason } from '../domain/reasons.js';

export const WarningReasonEnum = Object.fromEntries(Object.keys(WARNING_REASONS).map((reason) => [reason, reason])) as {
  [K in WarningReason]: K;
};

registerEnumType(WarningReasonEnum, {
  name: 'WarningReason',
  description: 'Why a record deserves a second look; the README lists every reason.',
  valuesConfig: Object.fromEntries(Object.entries(WARNING_REASONS).map(([reason, description]) => [reason, { description }])),
});

@ObjectType({ description: 'Hinweis: a plausibility warning on a record; the record is accepted all the same.' })
export class Warning {
  @Field(() => WarningReasonEnum)
  reason!: WarningReason;

  @Field({ description: 'German sentence for the user, with German figures and dates.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'Dotted path of the input field it concerns.' })
  field?: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The figures named in the message, as decimal strings and ISO dates.' })
  figures!: Record<string, string>;
}
