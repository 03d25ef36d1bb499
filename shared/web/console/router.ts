import { useEffect, useState } from 'preact/hooks';

/** The console's places, read from the URL's hash so that a link or a reload keeps the place. */
export type Place =
  | { view: 'search'; query: string }
  | { view: 'customer'; customerId: string }
  | { view: 'reviews' }
  | { view: 'terms' }
  | { view: 'liability' }
  | { view: 'growth' };

/** The place a hash names; anything else is the search page. */
export function placeOf(hash: string): Place {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'customers' && parts[1]) return { view: 'customer', customerId: decodeURIComponent(parts[1]) };
  if (parts[0] === 'reviews') return { view: 'reviews' };
  if (parts[0] === 'terms') return { view: 'terms' };
  if (parts[0] === 'liability') return { view: 'liability' };
  if (parts[0] === 'growth') return { view: 'growth' };
  return { view: 'search', query: new URLSearchParams(search).get('q') ?? '' };
}

/** The hash of a place. */
export function hrefOf(place: Place): string {
  switch (place.view) {
    case 'customer':
      return `#/customers/${encodeURIComponent(place.customerId)}`;
    case 'search':
      return place.query ? `#/?q=${encodeURIComponent(place.query)}` : '#/';
    case 'reviews':
    case 'terms':
    case 'liability':
    case 'growth':
      return `#/${place.view}`;
  }
}

/** The current place, following the hash. */
export function usePlace(): Place {
  const [place, setPlace] = useState(() => placeOf(location.hash));
  useEffect(() => {
    const follow = () => setPlace(placeOf(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return place;
}
