// Builds the executable GraphQL schema from the resolvers.
import { printSchema as printSchemaWithDirectives, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../resolvers/index.js';

export function buildGraphQLSchema(): Promise<GraphQLSchema> {
  return buildSchema({ resolvers: [...resolvers], validate: false });
}

/** The SDL as committed in schema.graphql. */
export async function printSchemaSdl(): Promise<string> {
  return `${printSchemaWithDirectives(await buildGraphQLSchema())}\n`;
}
