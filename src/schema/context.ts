// What every resolver receives: the request's own EntityManager fork, its id, and the caller's rights.
import type { Loaders } from '../resolvers/loaders.js';
import type { Access } from '../services/access.js';
import type { Em } from '../services/records.js';

export interface RequestContext {
  em: Em;
  requestId: string;
  access: Access;
  /** Batches the figures of many notices into a few statements. */
  loaders: Loaders;
}
