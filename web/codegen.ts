// Typed GraphQL documents from the service's committed schema: `npm run codegen` writes src/gql, and
// `npm run codegen -- --check` (part of the project's type check) fails when they are out of date.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // Money, rates and dates travel as strings and stay strings: no binary float ever holds an amount.
        scalars: {
          Money: 'string',
          Rate: 'string',
          SignedRate: 'string',
          Percent: 'string',
          Hours: 'string',
          LocalDate: 'string',
          DateTimeISO: 'string',
          JSONObject: 'Record<string, unknown>',
        },
      },
    },
  },
};

export default config;
