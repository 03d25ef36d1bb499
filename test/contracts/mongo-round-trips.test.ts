import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openMongoStores, type MongoStores } from '../../shared/runtime/mongo-stores.js';
import { connectTestDb, type TestDb } from '../support/mongo.js';
import { referralCode, oneApply } from './customer-store.contract.js';
import { ledgerEntry } from './ledger-store.contract.js';
import { usage } from './usage-store.contract.js';
import { wallet } from './wallet-store.contract.js';

/** One store call, what it needs beforehand (not counted) and the commands it may send. */
interface Case {
  name: string;
  setup?: (s: MongoStores) => Promise<unknown>;
  run: (s: MongoStores) => Promise<unknown>;
  commands: string[];
}

const hourStart = new Date('2025-01-01T10:00:00.000Z');
const hourEnd = new Date('2025-01-01T11:00:00.000Z');
const withCode = async (s: MongoStores, id: string) => {
  await s.customers.upsertProfile(id, { name: 'Asha' });
  await s.customers.attachReferralCode(id, referralCode(`C-${id}`));
};

const cases: Case[] = [
  { name: 'getCustomer', run: (s) => s.customers.getCustomer('c'), commands: ['find'] },
  { name: 'findCustomerByCode', run: (s) => s.customers.findCustomerByCode('X'), commands: ['find'] },
  { name: 'upsertProfile of a known customer', setup: (s) => s.customers.upsertProfile('up-1', {}), run: (s) => s.customers.upsertProfile('up-1', { name: 'A' }), commands: ['findAndModify'] },
  { name: 'upsertProfile of a new customer', run: (s) => s.customers.upsertProfile('up-2', { name: 'A' }), commands: ['findAndModify', 'insert'] },
  { name: 'recordCompletedPayment of a known customer', setup: (s) => s.customers.upsertProfile('pay-1', { name: 'A' }), run: (s) => s.customers.recordCompletedPayment('pay-1', 'd', { name: 'A' }), commands: ['findAndModify'] },
  { name: 'recordCompletedPayment of a new customer', run: (s) => s.customers.recordCompletedPayment('pay-2', 'd', { name: 'A' }), commands: ['findAndModify', 'insert'] },
  { name: 'recordCompletedPayment filling empty profile fields', setup: (s) => s.customers.upsertProfile('pay-3', {}), run: (s) => s.customers.recordCompletedPayment('pay-3', 'd', { name: 'A' }), commands: ['findAndModify', 'update', 'find'] },
  { name: 'reserveCode', run: (s) => s.customers.reserveCode('R-1', 'c'), commands: ['insert'] },
  { name: 'findReservedCode', run: (s) => s.customers.findReservedCode('c'), commands: ['find'] },
  { name: 'attachReferralCode to a customer without one', setup: (s) => s.customers.upsertProfile('at-1', {}), run: (s) => s.customers.attachReferralCode('at-1', referralCode('A-1')), commands: ['findAndModify'] },
  { name: 'attachReferralCode to a customer with one', setup: (s) => withCode(s, 'at-2'), run: (s) => s.customers.attachReferralCode('at-2', referralCode('A-2')), commands: ['findAndModify', 'find'] },
  { name: 'updateCodeStatus', run: (s) => s.customers.updateCodeStatus('c', { status: 'inactive', deactivated_at: null, deactivation_reason: null, deactivated_by: null }), commands: ['update'] },
  { name: 'setDisabled', run: (s) => s.customers.setDisabled('c', true, { action: 'disabled', reason: null, actor: 'ops', at: 'now' }), commands: ['findAndModify'] },
  { name: 'applyStatsChange applied', setup: (s) => withCode(s, 'st-1'), run: (s) => s.customers.applyStatsChange('st-1', 'k', oneApply, 5), commands: ['update'] },
  { name: 'applyStatsChange duplicate or limit_reached', setup: async (s) => { await withCode(s, 'st-2'); await s.customers.applyStatsChange('st-2', 'k', oneApply, null); }, run: (s) => s.customers.applyStatsChange('st-2', 'k', oneApply, null), commands: ['update', 'find'] },
  { name: 'replaceStats', run: (s) => s.customers.replaceStats('c', oneApply), commands: ['update'] },
  { name: 'listReferrers', run: (s) => s.customers.listReferrers(null, 10), commands: ['find'] },
  { name: 'insertUsage inserted', run: (s) => s.usages.insertUsage(usage('u-1')), commands: ['insert'] },
  { name: 'insertUsage refused', setup: (s) => s.usages.insertUsage(usage('u-2')), run: (s) => s.usages.insertUsage(usage('u-3', { deal_id: 'deal-of-u-2' })), commands: ['insert', 'find'] },
  { name: 'getUsage', run: (s) => s.usages.getUsage('u'), commands: ['find'] },
  { name: 'findLiveUsageByDeal', run: (s) => s.usages.findLiveUsageByDeal('d'), commands: ['find'] },
  { name: 'findLiveUsageByReferee', run: (s) => s.usages.findLiveUsageByReferee('r'), commands: ['find'] },
  { name: 'listUsagesByDeal', run: (s) => s.usages.listUsagesByDeal('d'), commands: ['find'] },
  { name: 'listUsagesByReferrer', run: (s) => s.usages.listUsagesByReferrer('r'), commands: ['find'] },
  { name: 'listUsagesByReferee', run: (s) => s.usages.listUsagesByReferee('r'), commands: ['find'] },
  { name: 'transitionUsage', run: (s) => s.usages.transitionUsage('u-1', ['applied'], { deal_sync_pending: false }), commands: ['findAndModify'] },
  { name: 'listDealSyncPending', run: (s) => s.usages.listDealSyncPending(10), commands: ['find'] },
  { name: 'markDealSynced', run: (s) => s.usages.markDealSynced([{ usage_id: 'u-1', version: 2 }, { usage_id: 'u-2', version: 1 }]), commands: ['update'] },
  { name: 'listUsages', run: (s) => s.usages.listUsages(null, 10), commands: ['find'] },
  { name: 'getWallet', run: (s) => s.wallets.getWallet('w'), commands: ['find'] },
  { name: 'saveWallet creating', run: (s) => s.wallets.saveWallet(wallet('w-1'), 0), commands: ['insert'] },
  { name: 'saveWallet replacing', setup: (s) => s.wallets.saveWallet(wallet('w-2'), 0), run: (s) => s.wallets.saveWallet(wallet('w-2', { version: 2 }), 1), commands: ['update'] },
  {
    name: 'clearOutbox of everything flushed',
    setup: (s) => s.wallets.saveWallet(wallet('w-3'), 0),
    run: (s) => s.wallets.clearOutbox('w-3', ['w-3-e-1', 'w-3-e-2'], ['w-3-n-1', 'w-3-n-2']),
    commands: ['update'],
  },
  { name: 'clearOutbox of a part', setup: (s) => s.wallets.saveWallet(wallet('w-4'), 0), run: (s) => s.wallets.clearOutbox('w-4', ['w-4-e-1'], []), commands: ['update', 'find', 'update'] },
  { name: 'findWalletByRedemption', run: (s) => s.wallets.findWalletByRedemption('r'), commands: ['find'] },
  { name: 'findWalletsDueForExpiry', run: (s) => s.wallets.findWalletsDueForExpiry(new Date(), 10), commands: ['find'] },
  { name: 'findWalletsDueForReminder', run: (s) => s.wallets.findWalletsDueForReminder(new Date(), 10), commands: ['find'] },
  { name: 'findWalletsWithOutbox', run: (s) => s.wallets.findWalletsWithOutbox(10), commands: ['find'] },
  { name: 'listWallets', run: (s) => s.wallets.listWallets(null, 10), commands: ['find'] },
  { name: 'appendEntries', run: (s) => s.ledger.appendEntries([ledgerEntry('e-1'), ledgerEntry('e-2')]), commands: ['insert'] },
  { name: 'getEntry', run: (s) => s.ledger.getEntry('e-1'), commands: ['find'] },
  { name: 'listEntries', run: (s) => s.ledger.listEntries('c-1', { limit: 10 }), commands: ['find'] },
  { name: 'listAllEntries', run: (s) => s.ledger.listAllEntries('c-1'), commands: ['find'] },
  { name: 'countAttempts', run: (s) => s.attempts.countAttempts('k', hourStart), commands: ['find'] },
  { name: 'addAttempt', run: (s) => s.attempts.addAttempt('k', hourStart, hourEnd), commands: ['findAndModify'] },
];

describe('MongoDB round trips per store call', () => {
  let t: TestDb;
  let opened: Awaited<ReturnType<typeof openMongoStores>>;
  let seen: string[] | null = null;

  beforeAll(async () => {
    t = await connectTestDb('round_trips');
    opened = await openMongoStores({ uri: inject('mongodbUri'), database: t.db.databaseName }, { onCommand: (name) => seen?.push(name) });
  });

  afterAll(async () => {
    await opened?.close();
    await t?.drop();
  });

  it.each(cases)('$name sends $commands', async ({ setup, run, commands }) => {
    await setup?.(opened.stores);
    seen = [];
    await run(opened.stores);
    const sent = seen;
    seen = null;
    expect(sent).toEqual(commands);
  });
});
