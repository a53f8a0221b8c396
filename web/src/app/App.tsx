import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter } from 'react-router';
import { ApiError } from '../api/ApiError';
import { ApiProvider } from '../api/ApiContext';
import type { AuthSession } from '../auth/AuthSession';
import { Bootstrap } from './Bootstrap';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; a dropped connection might.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
        staleTime: 5_000,
      },
    },
  });
}

export function App({ session }: { session: AuthSession }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ApiProvider session={session}>
        <BrowserRouter>
          <Bootstrap />
        </BrowserRouter>
      </ApiProvider>
    </QueryClientProvider>
  );
}
