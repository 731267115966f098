// Limits that keep oversized, abusive or malformed GraphQL operations away from the resolvers
// (OWASP GraphQL cheat sheet): depth, aliases, cost, tokens, directives, string sizes, suggestions.
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type ASTVisitor, type GraphQLFormattedError, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Every legitimate operation of this API passes these, the IDE's introspection query included
 * (test/api/bad-input.test.ts sends the heaviest ones); anything beyond them is abuse or a mistake.
 */
export const OPERATION_LIMITS = {
  /**
   * The deepest useful path is 9 fields (grantNotices → edges → node → application → project →
   * cooperation → memberships → resolutions → body); beyond 12 only the cycles between
   * cooperations and memberships go on, which multiply rows without telling anything new.
   */
  maxDepth: 12,
  /** A dashboard asks for a few filtered lists at once; each alias is another full resolver run. */
  maxAliases: 15,
  /**
   * graphql-armor's cost: 2 per object, 1 per scalar, ×1.5 per level, × a literal `first`. The
   * heaviest legitimate query, a page of 100 notices with every field of their figures and
   * history, costs about 36,500; two of them in one request already exceed the limit.
   */
  maxCost: 50_000,
  /** The full introspection query has about 190 tokens, a notice with every field about 150. */
  maxTokens: 3_000,
  /** Only @include and @skip exist; ten of them already make an operation hard to read. */
  maxDirectives: 10,
  /**
   * Longest text a single string may carry, in a variable or a literal. The services keep names,
   * references and descriptions as unbounded text; this is the outer bound for all of them.
   */
  maxStringLength: 10_000,
  /** Input objects of this API nest four levels (input → budgetLines → line → planned). */
  maxVariableNesting: 32,
} as const;

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/**
 * graphql-armor reports its refusals as BAD_USER_INPUT with a "Syntax Error:" prefix; an operation
 * that is too deep or too costly is a malformed operation, so Apollo's GRAPHQL_VALIDATION_FAILED
 * (HTTP 400) describes it better. Reporting to the validation context keeps the other rules running.
 */
const reportAsValidationError: GraphQLArmorRejectCallback = (context, error) => {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')));
};

const rejection = { propagateOnRejection: false, onReject: [reportAsValidationError] };

/** A surrogate half without its partner: not a character, and PostgreSQL refuses it in JSON. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be taken as text, or undefined when it can. */
function textProblem(value: string): string | undefined {
  if (value.length > OPERATION_LIMITS.maxStringLength) return `ist länger als ${OPERATION_LIMITS.maxStringLength} Zeichen`;
  // PostgreSQL text cannot hold U+0000; the database would fail on it instead of refusing it.
  if (value.includes('\u0000')) return 'enthält das Zeichen U+0000';
  if (LONE_SURROGATE.test(value)) return 'ist kein gültiger Unicode-Text';
  return undefined;
}

/** Refuses string literals that are too long or not storable text; the token count alone lets a long one through. */
const stringLiteralRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  StringValue(node) {
    const problem = textProblem(node.value);
    if (problem) {
      context.reportError(
        new GraphQLError(`Eine Zeichenkette der Anfrage ${problem}.`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }),
      );
    }
  },
});

/**
 * Refuses variables with strings (values or object keys) that are too long or not storable text,
 * and absurd nesting, before they are coerced, so that neither a resolver nor an error message
 * ever carries them. Only the variables the operation declares count: others never reach a resolver.
 */
function variableSizePlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation }) {
          const variables = request.variables ?? {};
          const declared = operation?.variableDefinitions?.map((definition) => definition.variable.name.value) ?? [];
          // Iterative, so that a deeply nested value cannot overflow the stack.
          const pending: { value: unknown; depth: number; name: string }[] = declared
            .filter((name) => Object.hasOwn(variables, name))
            .map((name) => ({ value: variables[name], depth: 0, name }));
          for (let next = pending.pop(); next; next = pending.pop()) {
            const { value, depth, name } = next;
            if (typeof value === 'string') {
              const problem = textProblem(value);
              if (problem)
                throw badInput(
                  `Die Variable "$${name}" enthält eine Zeichenkette, die ${problem.replace(/^(ist|enthält) (.*)$/, '$2 $1')}.`,
                );
            } else if (value !== null && typeof value === 'object') {
              if (depth >= OPERATION_LIMITS.maxVariableNesting) {
                throw badInput(`Variable "$${name}" is nested more than ${OPERATION_LIMITS.maxVariableNesting} levels deep.`);
              }
              for (const [key, item] of Object.entries(value)) {
                const problem = textProblem(key);
                if (problem)
                  throw badInput(
                    `Die Variable "$${name}" enthält einen Schlüssel, der ${problem.replace(/^(ist|enthält) (.*)$/, '$2 $1')}.`,
                  );
                pending.push({ value: item, depth: depth + 1, name });
              }
            }
          }
        },
      };
    },
  };
}

/**
 * graphql-js 16 validates a subscription against a schema without subscriptions and only fails
 * when it executes it, with an error that carries no code and so would count as internal.
 */
const knownOperationTypeRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`Diese Schnittstelle hat keine Operationen der Art ${node.operation}.`, { nodes: [node] }));
    }
  },
});

/**
 * The Apollo options that enforce the limits. Apollo's own parser counts the tokens: armor's
 * token plugin throws from a hook Apollo treats as a server failure, so its refusals came out
 * with HTTP 500. Automatic persisted queries are off: no client of this API uses them, they let
 * anyone fill the server's query cache, and Apollo reports their malformed use without a code.
 */
export function apolloHardening<TContext extends BaseContext>(): Pick<
  ApolloServerOptions<TContext>,
  'plugins' | 'validationRules' | 'parseOptions' | 'allowBatchedHttpRequests' | 'persistedQueries'
> {
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth, ignoreIntrospection: true, ...rejection },
    maxAliases: { n: OPERATION_LIMITS.maxAliases, ...rejection },
    costLimit: { maxCost: OPERATION_LIMITS.maxCost, ignoreIntrospection: true, ...rejection },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives, ...rejection },
    maxTokens: { enabled: false },
    // Its pattern misses "Did you mean the enum value …?"; withoutSuggestions covers every form.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    plugins: [...(armor.plugins as ApolloServerPlugin<TContext>[]), variableSizePlugin<TContext>()],
    validationRules: [...armor.validationRules, stringLiteralRule, knownOperationTypeRule],
    parseOptions: { maxTokens: OPERATION_LIMITS.maxTokens },
    allowBatchedHttpRequests: false,
    persistedQueries: false,
  };
}

/**
 * Removes graphql-js's "Did you mean …?" hints (unknown fields, arguments, types, enum values),
 * which would let a caller without introspection reconstruct the schema field by field.
 */
export function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(/ ?Did you mean [^?]*\?/g, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}
