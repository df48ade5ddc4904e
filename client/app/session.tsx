import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import type { User } from '../../shared/api.ts';
import { getMe, logout } from '../api/auth.ts';
import { ApiError, onUnauthorized } from '../api/http.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'out' }
  | { status: 'in'; user: User }
  | { status: 'error'; error: Error };

interface SessionValue {
  state: SessionState;
  signedIn: (user: User) => void;
  signOut: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Who is logged in. Any 401 from any call, e.g. a revoked session, signs the user out here. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the check on retry
  useEffect(() => {
    const ctl = new AbortController();
    getMe(ctl.signal).then(
      (user) => setState({ status: 'in', user }),
      (e: unknown) => {
        if (ctl.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) setState({ status: 'out' });
        else setState({ status: 'error', error: e as Error });
      },
    );
    return () => ctl.abort();
  }, [attempt]);

  useEffect(
    () =>
      onUnauthorized(() => {
        setState({ status: 'out' });
      }),
    [],
  );

  const signedIn = useCallback((user: User) => setState({ status: 'in', user }), []);
  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      setState({ status: 'out' });
    }
  }, []);
  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  return (
    <SessionContext.Provider value={{ state, signedIn, signOut, retry }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The logged-in user; only for screens behind RequireAuth. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'in') throw new Error('useUser without a session');
  return state.user;
}
