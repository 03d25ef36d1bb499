import { useState } from 'preact/hooks';
import { signInAsLocalAdmin, type ApiFailure } from '../api.js';
import { Problem } from '../components/problem.js';

/** Sign-in: locally a button for a development token; behind Identity-Aware Proxy a reload goes through its sign-in. */
export function SignIn({ mode, ended, onSignedIn }: { mode: 'dev' | 'iap' | 'none'; ended: boolean; onSignedIn: () => void }) {
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main class="sign-in" id="main">
      <h1 tabIndex={-1}>Referral console</h1>
      {ended ? (
        <p class="notice" role="alert">
          Your session has ended or your account lacks the admin role. Sign in again.
        </p>
      ) : null}
      {mode === 'dev' ? (
        <>
          <p>This is a local development host. Sign in as the local admin to use the console.</p>
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void signInAsLocalAdmin().then((r) => {
                setBusy(false);
                if (r.ok) onSignedIn();
                else setFailure(r);
              });
            }}
          >
            Sign in as local admin
          </button>
        </>
      ) : mode === 'iap' ? (
        <>
          <p>Sign in with your company account through Identity-Aware Proxy.</p>
          <button type="button" class="primary" onClick={() => location.reload()}>
            Sign in
          </button>
        </>
      ) : (
        <p>This host offers no sign-in for the console. Open it where it is deployed behind Identity-Aware Proxy.</p>
      )}
      <Problem failure={failure} />
    </main>
  );
}
