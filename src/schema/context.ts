// What every resolver receives: the request's own EntityManager fork and its id.
import type { Em } from '../services/records.js';

export interface RequestContext {
  em: Em;
  requestId: string;
}
