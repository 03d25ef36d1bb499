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
  sweepTimeBudgetMs: number;
}
