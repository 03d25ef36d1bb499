import { useCallback, useEffect, useState } from 'preact/hooks';
import { call, type ApiFailure } from '../api.js';

/** What a view shows while it reads: loading, the data, or the failure with a way to retry. */
export interface Loaded<T> {
  data: T | null;
  failure: ApiFailure | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Reads `path` (with `query`) when the view mounts and whenever they change. An answer that comes
 * after the view moved on to another path is dropped, so one customer's data never lands on
 * another's page.
 */
export function useApi<T>(path: string | null, query: Record<string, string | number | undefined | null> = {}): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; failure: ApiFailure | null; loading: boolean }>({
    data: null,
    failure: null,
    loading: path !== null,
  });
  const [round, setRound] = useState(0);
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    void call<T>('GET', path, { query: JSON.parse(queryKey) as typeof query }).then((r) => {
      if (!current) return;
      setState(r.ok ? { data: r.data, failure: null, loading: false } : { data: null, failure: r, loading: false });
    });
    return () => {
      current = false;
    };
  }, [path, queryKey, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
