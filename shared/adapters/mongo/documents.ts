import { MongoServerError } from 'mongodb';
import { z } from 'zod';
import type { Customer } from '../../customers/customer.js';
import { codeStatuses } from '../../customers/customer.js';
import type { LedgerEntry } from '../../ledger/ledger-entry.js';
import { ledgerEntryTypes } from '../../ledger/ledger-entry.js';
import { notificationTypes, referralEventTypes } from '../../notifications/notification.js';
import type { WalletHead } from '../../points/wallet.js';
import type { StoredLot } from '../../points/wallet-store.js';
import { lotStatuses } from '../../points/wallet.js';
import type { Usage } from '../../usages/usage.js';
import { creditStatuses, usageStates } from '../../usages/usage.js';
import { reviewReasons, reviewStatuses } from '../../usages/review-state.js';

/*
 * Schemas of the documents read back from MongoDB. Objects strip unknown keys, so parsing
 * also drops `_id` and the derived query fields the adapters add. Each is typed against its
 * domain type, so the compiler notices when one drifts from the other.
 */

const int = z.number().int();
const iso = z.string();
const allocations = z.array(z.object({ lot_id: z.string(), points: int }));

const customerFields = z.object({
  customer_id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone_number: z.string().nullable(),
  is_disabled: z.boolean(),
  disabled_logs: z.array(z.object({ action: z.enum(['disabled', 'enabled']), reason: z.string().nullable(), actor: z.string(), at: iso })),
  paid_deal_ids: z.array(z.string()),
  referral_code: z
    .object({
      referral_code: z.string(),
      status: z.enum(codeStatuses),
      generated_at: iso,
      first_payment_deal_id: z.string(),
      deactivated_at: iso.nullable(),
      deactivation_reason: z.string().nullable(),
      deactivated_by: z.string().nullable(),
    })
    .nullable(),
  erasure: z
    .object({
      email_hash: z.string().nullable(),
      phone_hash: z.string().nullable(),
      email_disposable: z.boolean(),
      erased_at: iso,
      erased_by: z.string(),
      reason: z.string(),
    })
    .nullable()
    .default(null),
});

/** A customer as the referral system knows it. */
export const customerDocument: z.ZodType<Customer> = customerFields;

/** A `customers` head or `customers_versions` document: the customer and its version. */
export const versionedCustomerDocument: z.ZodType<Customer & { version: number }> = customerFields.extend({ version: int });

/** A `referral_usages` head or `referral_usages_versions` document. */
export const usageDocument: z.ZodType<Usage> = z.object({
  usage_id: z.string(),
  referral_code: z.string(),
  referrer_id: z.string(),
  referee_id: z.string(),
  deal_id: z.string(),
  state: z.enum(usageStates),
  discount: z.object({ amount: int, currency: z.string() }),
  reward_points: int,
  // Usages written before programme terms were stored were applied under the environment's (version 1).
  terms_id: z.string().default('terms-1'),
  points_validity_months: int.nullable().default(null),
  credit_hold_days: int.default(0),
  credit_status: z.enum(creditStatuses),
  credit_available_at: iso.nullable().default(null),
  hold_due_at: iso.nullable().default(null),
  credit_released: z.object({ by: z.string(), at: iso }).nullable(),
  live_deal_key: z.string(),
  live_referee_key: z.string(),
  applied_at: iso,
  converted_at: iso.nullable(),
  ended_at: iso.nullable(),
  end_reason: z.string().nullable(),
  payment_id: z.string().nullable(),
  review: z
    .object({
      reasons: z.array(z.enum(reviewReasons)),
      evidence: z
        .object({
          disposable_domain: z.string().nullable(),
          shared_payment_with: z.array(z.string()),
          conversions_24h: z.number().int().nullable(),
        })
        .nullish(),
      status: z.enum(reviewStatuses),
      opened_at: iso,
      decided_by: z.string().nullable(),
      decided_at: iso.nullable(),
      decision_reason: z.string().nullable(),
    })
    .nullish(),
  click_id: z.string().nullish(),
  version: int,
  updated_at: iso,
});

const eventFields = { id: z.string(), customer_id: z.string(), data: z.record(z.string(), z.unknown()) };
const outboundEvent = z.discriminatedUnion('topic', [
  z.object({ topic: z.literal('referral-notifications'), type: z.enum(notificationTypes), ...eventFields }),
  z.object({ topic: z.literal('referral-events'), type: z.enum(referralEventTypes), ...eventFields }),
]);

const lot = z.object({
  lot_id: z.string(),
  points: int,
  remaining: int,
  expired_points: int,
  credited_at: iso,
  expires_at: iso,
  status: z.enum(lotStatuses),
  source: z.object({ type: z.enum(['referral', 'adjustment', 'milestone']), usage_id: z.string().optional(), entry_id: z.string() }),
});

/**
 * A `points_ledger` document. Entries written before the ledger became the wallets' commit log
 * (their `_id` is the entry id) carry no lot changes, messages or wall-clock time: they are read
 * as entries whose effects the migrated wallet already holds.
 */
const ledgerEntryFields = z.object({
  entry_id: z.string(),
  customer_id: z.string(),
  type: z.enum(ledgerEntryTypes),
  points: int,
  balance_after: int,
  seq: int,
  lots: allocations,
  cause: z.object({
    type: z.enum(['usage', 'redemption', 'admin', 'expiry', 'milestone']),
    usage_id: z.string().optional(),
    milestone: int.optional(),
    deal_id: z.string().optional(),
    redemption_id: z.string().optional(),
    reason: z.string().optional(),
  }),
  actor: z.string(),
  created_at: iso,
  shortfall: int.optional(),
  request_hash: z.string().optional(),
  reverses: z.string().optional(),
  lot_changes: z.array(lot).default([]),
  tombstones: z.object({ add: z.array(z.string()).optional(), remove: z.array(z.string()).optional() }).optional(),
  events: z.array(outboundEvent).default([]),
  redemption: z.object({ redemption_id: z.string(), deal_id: z.string(), points: int, balance_after: int, allocations }).optional(),
  written_at: z.number().default(0),
});

export const ledgerEntryDocument: z.ZodType<LedgerEntry> = ledgerEntryFields.transform((e) =>
  // A redemption of the former ledger kept its answer in the wallet: rebuild it from the entry.
  e.type === 'REDEEM' && !e.redemption && e.cause.redemption_id
    ? {
        ...e,
        redemption: {
          redemption_id: e.cause.redemption_id,
          deal_id: e.cause.deal_id ?? '',
          points: -e.points,
          balance_after: e.balance_after,
          allocations: e.lots.map((l) => ({ lot_id: l.lot_id, points: -l.points })),
        },
      }
    : e,
);

/** A `referral_points` document: a wallet's head. */
export const walletHeadDocument: z.ZodType<WalletHead> = z.object({
  customer_id: z.string(),
  seq: int,
  balance: int,
  tombstones: z.array(z.string()).default([]),
});

/** A lot document of `referral_points`: a lot's state as of its customer's ledger entry `seq`, beside the adapter's query fields. */
export const lotStateDocument: z.ZodType<StoredLot, unknown> = lot
  .extend({ customer_id: z.string(), seq: int })
  .transform(({ customer_id, seq, ...l }) => ({ customer_id, seq, lot: l }));

/**
 * A `referral_points` document of the shape before lots had documents of their own: the wallet's
 * lots in slots (null where a lot closed and no new one took its place) beside the head.
 */
export const formerSnapshotDocument = z.object({
  customer_id: z.string(),
  seq: int,
  lots: z.array(lot.nullable()),
  tombstones: z.array(z.string()).default([]),
  reminded_through: iso.nullable().default(null),
  balance: int,
});

/** A `referral_codes` document: the registry that makes codes unique through `_id`. */
export const codeRegistryDocument = z.object({ _id: z.string(), customer_id: z.string() });

/** A `deal_sync_queue` document: `_id` orders the queue. */
export const dealSyncItemDocument = z.object({ _id: z.string(), deal_id: z.string() });

/**
 * Whether an insert or upsert failed on a unique index. Some servers (FerretDB) do not say
 * which index, so callers that need to know read the conflict back.
 */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}

/**
 * Whether an update or replace failed on a unique index: 11000 on MongoDB; FerretDB v1 answers
 * code 1 (InternalError) naming SQLite's constraint instead (tools/ferretdb/CAPABILITIES.md).
 */
export function isUniqueViolation(err: unknown): boolean {
  return isDuplicateKey(err) || (err instanceof MongoServerError && err.code === 1 && /UNIQUE constraint failed/.test(err.message));
}
