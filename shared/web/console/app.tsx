import { useEffect, useRef, useState } from 'preact/hooks';
import { onSessionEnded, setToken, signInMode } from './api.js';
import { hrefOf, usePlace, type Place } from './router.js';
import { SignIn } from './views/sign-in.js';
import { SearchView } from './views/search.js';
import { CustomerView } from './views/customer.js';
import { ReviewsView } from './views/reviews.js';
import { TermsView } from './views/terms.js';
import { LiabilityView } from './views/liability.js';
import { GrowthView } from './views/growth.js';

const sections: Array<{ place: Place; label: string }> = [
  { place: { view: 'search', query: '' }, label: 'Customers' },
  { place: { view: 'reviews' }, label: 'Review queue' },
  { place: { view: 'terms' }, label: 'Programme terms' },
  { place: { view: 'liability' }, label: 'Liability' },
  { place: { view: 'growth' }, label: 'Growth' },
];

/**
 * The console: sign-in, then one view per place. Behind Identity-Aware Proxy the session is the
 * proxy's (nothing to hold here); locally the development token is held in memory only.
 */
export function App() {
  const mode = signInMode();
  const [signedIn, setSignedIn] = useState(mode === 'iap');
  const [ended, setEnded] = useState(false);
  const place = usePlace();
  const main = useRef<HTMLElement>(null);
  useEffect(
    () =>
      onSessionEnded(() => {
        setSignedIn(false);
        setEnded(true);
      }),
    [],
  );
  // Move focus to the new view's heading so keyboard and screen-reader users follow the change.
  useEffect(() => {
    main.current?.querySelector('h1')?.focus();
  }, [place.view, signedIn]);

  if (!signedIn) {
    return (
      <SignIn
        mode={mode}
        ended={ended}
        onSignedIn={() => {
          setEnded(false);
          setSignedIn(true);
        }}
      />
    );
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Referral console</span>
        <nav aria-label="Sections">
          {sections.map((s) => (
            <a key={s.label} href={hrefOf(s.place)} aria-current={s.place.view === place.view ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
        {mode === 'dev' ? (
          <button
            type="button"
            class="secondary sign-out"
            onClick={() => {
              setToken(null);
              setSignedIn(false);
            }}
          >
            Sign out
          </button>
        ) : null}
      </header>
      <main id="main" ref={main}>
        {place.view === 'search' ? <SearchView query={place.query} /> : null}
        {place.view === 'customer' ? <CustomerView key={place.customerId} customerId={place.customerId} /> : null}
        {place.view === 'reviews' ? <ReviewsView /> : null}
        {place.view === 'terms' ? <TermsView /> : null}
        {place.view === 'liability' ? <LiabilityView /> : null}
        {place.view === 'growth' ? <GrowthView /> : null}
      </main>
    </>
  );
}
