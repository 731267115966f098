// Loading the relations behind a GraphQL field: batched per request by the ORM's dataloader.
import { Reference, wrap, type Collection } from '@mikro-orm/core';

/** The related record, loaded if it is still only a reference. */
export async function loaded<T extends object>(entity: T): Promise<T> {
  if (wrap(entity).isInitialized()) return entity;
  return (await Reference.create(entity).loadOrFail({ dataloader: true })) as T;
}

/** The related records, loaded if the collection is not yet. */
export async function loadedItems<T extends object>(collection: Collection<T>): Promise<T[]> {
  if (collection.isInitialized()) return collection.getItems();
  return (await collection.load({ dataloader: true })).getItems();
}
