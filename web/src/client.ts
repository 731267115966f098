// The GraphQL client: urql with its document cache, the session cookie sent along, and the session's
// CSRF token in a header on every request (the service refuses a cookie-authenticated POST without it).
// An answer that the session has ended (HTTP 401, reason SESSION_EXPIRED) is passed on to `onExpired`.
import { createContext, useContext } from 'react';
import { Client, cacheExchange, fetchExchange } from 'urql';

/** Whether the service answered that the session has ended. */
async function sessionEnded(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  try {
    const body = (await response.clone().json()) as { errors?: { extensions?: { reason?: string } }[] };
    return (
      body.errors?.some((error) => error.extensions?.reason === 'SESSION_EXPIRED' || error.extensions?.reason === 'NOT_SIGNED_IN') ?? false
    );
  } catch {
    return false;
  }
}

/**
 * Starts the client, and so its document cache, afresh: after a change made outside GraphQL (a
 * receipt import), whose effect urql cannot know, every page asks the service again.
 */
export const ResetClientContext = createContext<() => void>(() => undefined);

export const useResetClient = () => useContext(ResetClientContext);

export function createClient(csrfToken: string | null, onExpired: () => void): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (await sessionEnded(response)) onExpired();
      return response;
    },
    fetchOptions: (): RequestInit => {
      const headers: Record<string, string> = {};
      if (csrfToken) headers['x-csrf-token'] = csrfToken;
      return { credentials: 'same-origin', headers };
    },
    preferGetMethod: false,
  });
}
