/** Business rules, with the defaults of docs/rules.md §2. Money is in integer minor units. */
export interface Rules {
  refereeDiscount: { amount: number; currency: string };
  referrerRewardPoints: number;
  pointsValidityMonths: number;
  pointValueMinor: number;
  refereeMustBeNew: boolean;
  /** Cap on applied + converted usages per referrer; null means unlimited. */
  maxReferralsPerReferrer: number | null;
  codeAttemptLimit: number;
  codeAttemptWindowSeconds: number;
  expiryReminderDays: number;
  clawbackOnRefund: boolean;
  sweepBatchSize: number;
  /** Lots per batch of the expiry and reminder sweeps. */
  sweepLotBatchSize: number;
  sweepTimeBudgetMs: number;
  /** Days a referrer's credit is held after payment (a booking may still be cancelled); 0 credits at once. */
  creditHoldDays: number;
  /** One-time bonuses by count of converted, credited usages. */
  milestones: Array<{ successful_referrals: number; bonus_points: number }>;
  /** How long an instance serves the programme terms it read (they change by schedule, not by deploy). */
  termsCacheMs: number;
  /** Trust and support (docs/rules.md §7). */
  trust: TrustRules;
  /** Share links (docs/rules.md §9). */
  share: ShareRules;
}

/** The rules of docs/rules.md §9: where share links land and how their clicks are counted. */
export interface ShareRules {
  /** `SHARE_LANDING_URL`: an http(s) URL template with `{code}` once. */
  landingUrl: string;
  /** Requests a visitor may have counted per window; past it the redirect still answers. */
  clickLimit: number;
  clickWindowSeconds: number;
  /** How long a redirect waits for its click to be recorded; 0 = not at all. */
  recordTimeoutMs: number;
}

/** The rules of docs/rules.md §7: e-mail normalisation, review signals and the key of personal-data hashes. */
export interface TrustRules {
  /** Domains whose local part ignores dots; they all read as the first. */
  dotInsensitiveDomains: readonly string[];
  /** Disposable domains configured on top of the maintained package's list. */
  extraDisposableDomains: ReadonlySet<string>;
  /** More conversions than this for one referrer within 24 hours hold the credit for review. */
  reviewVelocityPerDay: number;
  /** The HMAC key of the e-mail and phone hashes kept after erasure. */
  piiHashSecret: string;
}
