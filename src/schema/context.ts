// What every resolver receives: the request's own EntityManager fork, its id, and the caller's rights.
import type { Loaders } from '../resolvers/loaders.js';
import type { Access } from '../services/access.js';
import type { Em } from '../services/records.js';

export interface RequestContext {
  em: Em;
  requestId: string;
  access: Access;
  /** Batches the nested fields of many nodes into a few statements; fresh for every root field of a mutation. */
  loaders: Loaders;
}
