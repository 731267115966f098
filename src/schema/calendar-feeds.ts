// GraphQL type of a calendar feed's address (Fristen as iCalendar).
import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: "The secret address of the caller's calendar feed, answered once: only its hash is kept." })
export class CalendarFeedAddress {
  @Field({
    description:
      'Path of the feed under the service\'s address, e.g. "/kalender/<key>.ics" (text/calendar): whoever has it reads the Fristen of the caller\'s scope without signing in, until it is revoked or replaced.',
  })
  path!: string;
}
