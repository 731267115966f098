// A plausibility warning returned with the record it is about: accepted, but worth a second look.
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import type { WarningReason } from '../domain/warnings.js';
import { WarningReasonEnum } from './enums.js';

@ObjectType({ description: 'Hinweis: the figures were accepted, but look wrong or risky.' })
export class Warning {
  @Field(() => WarningReasonEnum)
  reason!: WarningReason;

  @Field({ description: 'What to look at, in German, with German figures and dates.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'The input field the warning is about.' })
  field!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The figures of the message as plain strings, e.g. { "onHand": "20000.00" }.' })
  figures!: Record<string, string>;
}
