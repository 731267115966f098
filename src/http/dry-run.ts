// Probelauf (dry run) of the mutations that take `dryRun: true`: the whole operation runs in one
// transaction that is rolled back when it ends, so that every rule check, the answer's nested fields
// and the warnings see what would be written, and nothing of it stays (records, audit events and with
// them the hash chain, which the database appends from the last stored event). The mutations only
// declare the argument (src/resolvers/dry-run.ts); this plugin is the one place that acts on it.
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getVariableValues,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { createLoaders } from '../resolvers/loaders.js';
import { DRY_RUN_ARGUMENT } from '../resolvers/dry-run.js';
import type { RequestContext } from '../schema/context.js';
import { ErrorCode } from '../schema/errors.js';
import type { Em } from '../services/records.js';

/** The root fields of an operation, through fragments and inline fragments. */
function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return selection.name.value.startsWith('__') ? [] : [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments);
    const fragment = fragments.get(selection.name.value);
    return fragment ? rootFields(fragment.selectionSet, fragments) : [];
  });
}

/** Whether a root field asks for a dry run: `dryRun: true`, literally or by a variable (its default included). */
function asksDryRun(field: FieldNode, variables: Record<string, unknown>): boolean {
  const argument = field.arguments?.find((given) => given.name.value === DRY_RUN_ARGUMENT);
  if (!argument) return false;
  if (argument.value.kind === Kind.BOOLEAN) return argument.value.value;
  return argument.value.kind === Kind.VARIABLE && variables[argument.value.name.value] === true;
}

/**
 * Whether the operation is a dry run: a mutation whose root fields all ask for one. A mutation that
 * mixes dry runs with writes is refused before anything runs, as its writes would silently vanish.
 */
function isDryRun(requestContext: GraphQLRequestContext<RequestContext>, operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'mutation' || !requestContext.document) return false;
  const fragments = new Map(
    requestContext.document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  // Variables as the execution will coerce them; invalid ones fail the execution anyway.
  const coerced = getVariableValues(requestContext.schema, operation.variableDefinitions ?? [], requestContext.request.variables ?? {});
  const variables = coerced.coerced ?? {};
  const asks = rootFields(operation.selectionSet, fragments).map((field) => asksDryRun(field, variables));
  if (!asks.includes(true)) return false;
  if (asks.includes(false)) {
    throw new GraphQLError(
      'Ein Probelauf (dryRun: true) und Änderungen, die gespeichert werden sollen, können nicht in derselben Anfrage stehen; bitte getrennt senden.',
      { extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'DRY_RUN_MIXED', http: { status: 400 } } },
    );
  }
  return true;
}

/** Runs a dry-run operation in a transaction of its own and rolls it back at its end. */
export function dryRunPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let transaction: { em: Em; outer: Em } | null = null;
      const rollBack = async (contextValue: RequestContext) => {
        if (!transaction) return;
        const { em, outer } = transaction;
        transaction = null;
        contextValue.em = outer;
        contextValue.loaders = createLoaders(outer, contextValue.access);
        await em.rollback();
      };
      let dryRun = false;
      return {
        async didResolveOperation(requestContext) {
          dryRun = requestContext.operation ? isDryRun(requestContext, requestContext.operation) : false;
        },
        async executionDidStart({ contextValue }) {
          if (!dryRun) return;
          const em = contextValue.em.fork();
          await em.begin();
          transaction = { em, outer: contextValue.em };
          // The loaders of each mutation field are made from this em (freshLoadersPerMutation in app.ts).
          contextValue.em = em;
          contextValue.loaders = createLoaders(em, contextValue.access);
          return { executionDidEnd: () => rollBack(contextValue) };
        },
        // In case the execution ended without its end hook (an error of another plugin).
        async willSendResponse({ contextValue }) {
          await rollBack(contextValue);
        },
      };
    },
  };
}
