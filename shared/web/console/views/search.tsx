import { useEffect, useState } from 'preact/hooks';
import { call, type ApiFailure } from '../api.js';
import { Problem } from '../components/problem.js';
import { hrefOf } from '../router.js';
import { words } from '../format.js';
import type { Match } from '../types.js';

const matchedBy: Record<Match['matched_by'], string> = {
  customer_id: 'customer id',
  code: 'referral code',
  email: 'e-mail',
  phone: 'phone',
};

/** Find a customer by id, code (as carelessly typed as apply forgives), e-mail or phone. */
export function SearchView({ query }: { query: string }) {
  const [typed, setTyped] = useState(query);
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setTyped(query);
    if (!query) return setMatches(null);
    let current = true;
    setBusy(true);
    void call<{ matches: Match[] }>('GET', '/v1/admin/customers', { query: { query } }).then((r) => {
      if (!current) return;
      setBusy(false);
      setMatches(r.ok ? r.data.matches : null);
      setFailure(r.ok ? null : r);
    });
    return () => {
      current = false;
    };
  }, [query]);
  return (
    <section>
      <h1 tabIndex={-1}>Find a customer</h1>
      <form
        role="search"
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = hrefOf({ view: 'search', query: typed.trim() });
        }}
      >
        <label for="search-query">Customer id, referral code, e-mail or phone</label>
        <div class="inline">
          <input
            id="search-query"
            name="query"
            type="search"
            autoComplete="off"
            spellcheck={false}
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
            required
          />
          <button type="submit" class="primary" disabled={busy}>
            Search
          </button>
        </div>
      </form>
      <Problem failure={failure} />
      {matches && matches.length === 0 ? (
        <p class="empty" role="status">
          No customer has the id, code, e-mail or phone “{query}”.
        </p>
      ) : null}
      {matches && matches.length > 0 ? (
        <table class="results">
          <caption>
            {matches.length} {matches.length === 1 ? 'customer' : 'customers'} for “{query}”
          </caption>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Name</th>
              <th scope="col">Code</th>
              <th scope="col">Status</th>
              <th scope="col">Found by</th>
            </tr>
          </thead>
          <tbody>
            {matches.map((m) => (
              <tr key={m.customer_id}>
                <td>
                  <a href={hrefOf({ view: 'customer', customerId: m.customer_id })}>{m.customer_id}</a>
                </td>
                <td>{m.status === 'erased' ? <span class="erased">erased</span> : (m.name ?? '—')}</td>
                <td>
                  {m.code ? <code>{m.code}</code> : '—'} {m.code_status === 'inactive' ? <span class="badge">inactive</span> : null}
                </td>
                <td>
                  <span class={`badge ${m.status}`}>{words(m.status)}</span>
                </td>
                <td>{matchedBy[m.matched_by]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
