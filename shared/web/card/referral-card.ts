import { cardStyles } from './styles.js';
import { stringsFor } from './strings.js';

type Strings = ReturnType<typeof stringsFor>;

interface CardData {
  code: { referral_code: string; status: string };
  points: {
    balance: number;
    expiring_soon: { points: number; before: string };
    pending: Array<{ usage_id: string; points: number; available_at: string }>;
  };
  referrals: Array<{ usage_id: string; referee_name: string | null; state: string; credit_status: string; points: number }>;
}

/** Makes an element with attributes and children; text is always set as text, never parsed as HTML. */
function el(tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string | null>): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null) e.append(c);
  return e;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/**
 * `<referral-card>`: the referrer's card for a booking site's account page. One script tag, no
 * framework: a custom element with its own Shadow DOM, themed by CSS custom properties
 * (`--referral-card-accent`, `--referral-card-ink`, `--referral-card-paper`, `--referral-card-radius`,
 * `--referral-card-font`). Attributes: `token` (the customer's bearer token; the `token` property
 * does the same without putting it in the markup), `api` (the API's origin, default the origin this
 * script was loaded from),
 * `share-base` (where share links point, default `<api>/r/`), `lang` (`en` or `hi`). It shows a
 * plain message for a missing or expired token and never throws into the host page.
 */
export class ReferralCard extends HTMLElement {
  static observedAttributes = ['token', 'api', 'lang', 'share-base'];
  #token: string | null = null;
  #root: ShadowRoot;
  #round = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const sheet = cardStyles();
    if (sheet) this.#root.adoptedStyleSheets = [sheet];
  }

  /** The customer's bearer token (kept in memory, not in an attribute). */
  set token(value: string | null) {
    this.#token = value;
    this.#refresh();
  }

  get token(): string | null {
    return this.#token ?? this.getAttribute('token');
  }

  connectedCallback(): void {
    this.#refresh();
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#refresh();
  }

  get #t(): Strings {
    return stringsFor(this.getAttribute('lang'));
  }

  /** The API: the `api` attribute, else where this script came from (the API's host serves it at /card/). */
  get #api(): string {
    return (this.getAttribute('api') ?? new URL(import.meta.url).origin).replace(/\/$/, '');
  }

  #refresh(): void {
    const round = ++this.#round;
    const t = this.#t;
    const token = this.token;
    if (!token) return this.#show(this.#message(t.signIn));
    this.#show(this.#message(t.loading, 'status'));
    this.#load(token)
      .then((data) => round === this.#round && this.#show(this.#card(data)))
      .catch((e: unknown) => {
        if (round !== this.#round) return;
        const failure = e instanceof HttpFailure ? e : null;
        const text = failure?.status === 401 ? t.expired : failure?.code === 'CODE_NOT_GENERATED' ? t.noCode : t.failed;
        this.#show(this.#message(text, 'alert'));
      });
  }

  async #get<T>(path: string, token: string): Promise<T> {
    const r = await fetch(`${this.#api}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
    const body = (await r.json().catch(() => null)) as (T & { error?: { code?: string } }) | null;
    if (!r.ok || !body) throw new HttpFailure(r.status, body?.error?.code ?? `HTTP_${r.status}`);
    return body;
  }

  async #load(token: string): Promise<CardData> {
    const [code, points, referrals] = await Promise.all([
      this.#get<CardData['code']>('/v1/referral-code', token),
      this.#get<CardData['points']>('/v1/points', token),
      this.#get<{ referrals: CardData['referrals'] }>('/v1/referrals?limit=5', token),
    ]);
    return { code, points, referrals: referrals.referrals };
  }

  #show(node: Node): void {
    this.#root.replaceChildren(node);
  }

  #message(text: string, role?: 'status' | 'alert'): HTMLElement {
    return el('section', { class: 'card', ...(role ? { role } : {}) }, el('p', { class: 'message' }, text));
  }

  #card(d: CardData): HTMLElement {
    const t = this.#t;
    const lang = this.getAttribute('lang') ?? 'en';
    const number = (n: number) => n.toLocaleString(lang.startsWith('hi') ? 'hi-IN' : 'en-IN');
    const date = (iso: string) =>
      new Date(iso).toLocaleDateString(lang.startsWith('hi') ? 'hi-IN' : 'en-IN', { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const code = d.code.referral_code;
    const url = `${(this.getAttribute('share-base') ?? `${this.#api}/r/`).replace(/\/?$/, '/')}${encodeURIComponent(code)}`;
    const text = t.shareText(code, url);
    const live = el('p', { class: 'live', role: 'status', 'aria-live': 'polite' });
    // No clipboard outside a secure context: the value is shown instead, to copy by hand.
    const clipboard = navigator.clipboard as Clipboard | undefined;
    const copy = (value: string) => () => {
      const shown = () => (live.textContent = value);
      if (!clipboard) return void shown();
      clipboard.writeText(value).then(() => (live.textContent = t.copied), shown);
    };
    const button = (label: string, onClick: () => void, extra: Record<string, string> = {}) => {
      const b = el('button', { type: 'button', ...extra }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const share = el(
      'div',
      { class: 'share', role: 'group', 'aria-label': t.share },
      el(
        'a',
        {
          class: 'button',
          href: `https://wa.me/?text=${encodeURIComponent(text)}`,
          target: '_blank',
          rel: 'noopener',
          'data-share': 'whatsapp',
        },
        t.whatsapp,
      ),
      el(
        'a',
        {
          class: 'button',
          href: `mailto:?subject=${encodeURIComponent(t.emailSubject)}&body=${encodeURIComponent(text)}`,
          'data-share': 'email',
        },
        t.email,
      ),
      typeof navigator.share === 'function'
        ? button(t.share, () => void navigator.share({ title: t.title, text, url }).catch(() => undefined), { 'data-share': 'native' })
        : null,
      button(t.copyLink, copy(url), { 'data-share': 'copy-link' }),
    );
    const p = d.points;
    const held = p.pending.length
      ? el(
          'div',
          { class: 'held' },
          el('h3', {}, t.held),
          el('ul', {}, ...p.pending.map((h) => el('li', {}, t.heldItem(number(h.points), date(h.available_at))))),
        )
      : null;
    const referrals = d.referrals.length
      ? el(
          'ul',
          { class: 'referrals' },
          ...d.referrals.map((r) =>
            el(
              'li',
              {},
              el('span', { class: 'who' }, r.referee_name ?? '—'),
              el(
                'span',
                { class: `state ${r.state}` },
                [t.states[r.state] ?? r.state, r.state === 'converted' ? t.credit[r.credit_status] : ''].filter(Boolean).join(' · '),
              ),
            ),
          ),
        )
      : el('p', { class: 'empty' }, t.noReferrals);
    return el(
      'section',
      { class: 'card', 'aria-labelledby': 'rc-title', lang },
      el('h2', { id: 'rc-title' }, t.title),
      el('p', { class: 'label', id: 'rc-code-label' }, t.yourCode),
      el(
        'div',
        { class: 'code-row' },
        el('code', { class: 'code', 'aria-labelledby': 'rc-code-label', 'data-code': code }, code),
        button(t.copyCode, copy(code)),
      ),
      share,
      live,
      el(
        'div',
        { class: 'points' },
        el('h3', {}, t.balance),
        el('p', { class: 'balance', 'data-balance': String(p.balance) }, t.points(number(p.balance))),
        p.expiring_soon.points > 0
          ? el('p', { class: 'expiring' }, t.expiring(number(p.expiring_soon.points), date(p.expiring_soon.before)))
          : null,
      ),
      held,
      el('h3', {}, t.referrals),
      referrals,
    );
  }
}

if (!customElements.get('referral-card')) customElements.define('referral-card', ReferralCard);
