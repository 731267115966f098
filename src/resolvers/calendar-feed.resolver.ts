// Mutation.createCalendarFeed and revokeCalendarFeed: the caller's secret calendar feed address.
import { Ctx, Mutation, Resolver } from 'type-graphql';
import { CalendarFeedAddress } from '../schema/calendar-feeds.js';
import type { RequestContext } from '../schema/context.js';
import { createCalendarFeed, revokeCalendarFeed } from '../services/calendar-feeds.js';

@Resolver()
export class CalendarFeedResolver {
  @Mutation(() => CalendarFeedAddress, {
    description:
      "A new secret address of the caller's calendar feed (the Fristen of its scope, overdue ones included, as iCalendar for Outlook or Thunderbird). Shown only this once; the caller's earlier address stops working.",
  })
  async createCalendarFeed(@Ctx() { em, access }: RequestContext): Promise<CalendarFeedAddress> {
    return { path: await createCalendarFeed(em, access) };
  }

  @Mutation(() => Boolean, {
    description: "Ends the caller's calendar feed: its address answers 404 from now on. False when there was none.",
  })
  revokeCalendarFeed(@Ctx() { em, access }: RequestContext): Promise<boolean> {
    return revokeCalendarFeed(em, access);
  }
}
