// The GraphQL client: urql with its document cache, the session cookie sent along, and the session's
// CSRF token in a header on every request (the service refuses a cookie-authenticated POST without it).
import { createContext, useContext } from 'react';
import { Client, cacheExchange, fetchExchange } from 'urql';

/**
 * Starts the client, and so its document cache, afresh: after a change made outside GraphQL (a
 * receipt import), whose effect urql cannot know, every page asks the service again.
 */
export const ResetClientContext = createContext<() => void>(() => undefined);

export const useResetClient = () => useContext(ResetClientContext);

export function createClient(csrfToken: string | null): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: (): RequestInit => {
      const headers: Record<string, string> = {};
      if (csrfToken) headers['x-csrf-token'] = csrfToken;
      return { credentials: 'same-origin', headers };
    },
    preferGetMethod: false,
  });
}
