import type { Stores } from '#shared/core/context.js';
import type { LedgerEntry } from '#shared/ledger/ledger-entry.js';
import { readWallet } from '#shared/points/wallet-engine.js';
import type { Wallet } from '#shared/points/wallet.js';

/** Every entry of a customer, oldest first (tests only: the product pages the ledger). */
export async function allEntries(stores: Pick<Stores, 'ledger'>, customerId: string): Promise<LedgerEntry[]> {
  return (await stores.ledger.listEntries(customerId, { limit: 100_000 })).reverse();
}

/** A customer's wallet with every active lot, as a reader sees it: the head and lots plus every entry committed after them. */
export async function walletOf(stores: Pick<Stores, 'ledger' | 'wallets'>, customerId: string): Promise<Wallet> {
  return (await readWallet(stores, customerId, { by: 'all' }, new Date())).wallet;
}
