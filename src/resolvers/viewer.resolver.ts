// The signed-in user: name, role, scope and what the role may do.
import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../schema/context.js';
import { Viewer } from '../schema/viewer.js';
import { viewerOf } from '../services/viewer.js';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The signed-in user, for the web application to show and to offer only what the role may do.' })
  viewer(@Ctx() { em, access }: RequestContext) {
    return viewerOf(em, access);
  }
}
