// Projects: queries, mutations and their relations.
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Project as ProjectEntity } from '../entities/index.js';
import * as projects from '../services/projects.js';
import type { RequestContext } from '../schema/context.js';
import { ProjectFilter, ProjectInput, ProjectPatch } from '../schema/inputs.js';
import { Cooperation, Project, ProjectConnection, Recipient } from '../schema/types.js';
import { DryRun } from './dry-run.js';
import { loaded } from './loading.js';
import { PageArgs } from './program.resolver.js';

@ArgsType()
class ProjectsArgs extends PageArgs {
  @Field(() => ProjectFilter, { nullable: true })
  filter?: ProjectFilter | null;
}

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => ProjectConnection, { description: 'Vorhaben.' })
  projects(@Args() { filter, ...page }: ProjectsArgs, @Ctx() { em, access }: RequestContext) {
    return projects.listProjects(em, access, filter, page);
  }

  @Query(() => Project)
  project(@Arg('id', () => ID) id: string, @Ctx() { em, access }: RequestContext) {
    return projects.getProject(em, access, id);
  }

  @FieldResolver(() => Recipient)
  recipient(@Root() project: ProjectEntity) {
    return loaded(project.recipient);
  }

  @FieldResolver(() => Cooperation, { nullable: true, description: 'Null also when the cooperation lies outside the caller’s scope.' })
  cooperation(@Root() project: ProjectEntity, @Ctx() { access }: RequestContext) {
    return project.cooperation && access.canSeeCooperation(project.cooperation.id) ? loaded(project.cooperation) : null;
  }

  @Mutation(() => Project)
  createProject(@Arg('input', () => ProjectInput) input: ProjectInput, @DryRun() _dryRun: boolean, @Ctx() { em, access }: RequestContext) {
    return projects.createProject(em, access, input);
  }

  @Mutation(() => Project)
  updateProject(
    @Arg('id', () => ID) id: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('input', () => ProjectPatch) input: ProjectPatch,
    @Ctx() { em, access }: RequestContext,
  ) {
    return projects.updateProject(em, access, id, expectedVersion, input);
  }
}
