import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SettableClock } from '#shared/core/clock.js';
import { MemoryPublisher } from '#shared/adapters/memory/publisher.js';
import { changeWallet } from '#shared/points/wallet-engine.js';
import { creditLot, spendPoints } from '#shared/points/wallet-operations.js';
import { openMongoStores, type MongoStores } from '#shared/adapters/mongo/mongo-stores.js';
import { isolatesUpdates } from '#shared/adapters/mongo/update-isolation.js';
import { connectTestDb, type TestDb } from '../../support/mongo.js';
import { disabledLog, referralCode } from '../customer-store.contract.js';
import { ledgerEntry } from '../ledger-store.contract.js';
import { release, usage } from '../usage-store.contract.js';
import { head as walletHead, lotWrite } from '../wallet-store.contract.js';
import { lotState } from '../ledger-store.contract.js';

/** One store call, what it needs beforehand (not counted) and the commands it may send. */
interface Case {
  name: string;
  setup?: (s: MongoStores) => Promise<unknown>;
  run: (s: MongoStores) => Promise<unknown>;
  commands: string[];
}

const hourStart = new Date('2025-01-01T10:00:00.000Z');
const hourEnd = new Date('2025-01-01T11:00:00.000Z');
const inactive = { status: 'inactive' as const, deactivated_at: null, deactivation_reason: null, deactivated_by: null };
const withCode = async (s: MongoStores, id: string) => {
  await s.customers.upsertProfile(id, { name: 'Asha' });
  await s.customers.attachReferralCode(id, referralCode(`C-${id}`));
};

const engine = (s: MongoStores) => ({
  wallets: s.wallets,
  ledger: s.ledger,
  publisher: new MemoryPublisher(),
  clock: new SettableClock(),
  reminderDays: 7,
});

/** A redemption of 100 points as the engine makes it. */
function redeem(s: MongoStores, customerId: string) {
  return changeWallet(engine(s), {
    customerId,
    opId: null,
    requestHash: 'h',
    actor: 'system',
    operation: spendPoints({ entryId: `REDEEM:${customerId}`, points: 100, type: 'REDEEM', cause: { type: 'admin' } }),
    replay: () => ({ ok: true, value: null }),
  });
}

/** A credit of 2000 points as the engine makes it: read, commit, ledger, publish. */
function credit(s: MongoStores, customerId: string, lotId = `lot-${customerId}`) {
  return changeWallet(engine(s), {
    customerId,
    opId: null,
    requestHash: 'h',
    actor: 'system',
    operation: creditLot({
      lotId,
      entryId: `CREDIT:${lotId}`,
      points: 2000,
      validityMonths: 6,
      source: { type: 'referral', entry_id: `CREDIT:${customerId}` },
      cause: { type: 'admin' },
      type: 'CREDIT',
      events: [],
    }),
    replay: () => ({ ok: true, value: null }),
  });
}

/**
 * The cases, given whether the server isolates updates: where it does not (FerretDB v1), a head
 * write of customers and usages is followed by one read of the next version (see
 * shared/adapters/mongo/versioned-collection.ts).
 */
function cases(isolated: boolean): Case[] {
  const head = isolated ? ['update'] : ['update', 'find'];
  const change = ['find', 'insert', ...head];
  return [
    { name: 'getCustomer', run: (s) => s.customers.getCustomer('c'), commands: ['find'] },
    { name: 'findCustomerByCode', run: (s) => s.customers.findCustomerByCode('X'), commands: ['find'] },
    {
      name: 'searchCustomers (id, code, e-mail and phone keys at once)',
      run: (s) => s.customers.searchCustomers({ customerId: 'c', code: 'ABC-1234', email: 'e'.repeat(64), phone: 'p'.repeat(64) }, 10),
      commands: ['find'],
    },
    { name: 'pageUsagesByReferee', run: (s) => s.usages.pageUsagesByReferee('referee', null, 20), commands: ['find'] },
    {
      name: 'audit record',
      run: (s) =>
        s.audit.record({
          audit_id: 'aud_rt',
          customer_id: 'c',
          action: 'code.activated',
          actor: 'ops',
          at: '2025-01-01T00:00:00.000Z',
          reason: null,
          target: null,
          outcome: 'code active',
        }),
      commands: ['insert'],
    },
    { name: 'audit pageByCustomer', run: (s) => s.audit.pageByCustomer('c', null, 20), commands: ['find'] },
    {
      name: 'upsertProfile of a known customer',
      setup: (s) => s.customers.upsertProfile('up-1', {}),
      run: (s) => s.customers.upsertProfile('up-1', { name: 'A' }),
      commands: change,
    },
    { name: 'upsertProfile of a new customer', run: (s) => s.customers.upsertProfile('up-2', { name: 'A' }), commands: change },
    {
      name: 'upsertProfile changing nothing',
      setup: (s) => s.customers.upsertProfile('up-3', { name: 'A' }),
      run: (s) => s.customers.upsertProfile('up-3', { name: 'A' }),
      commands: ['find'],
    },
    {
      name: 'recordCompletedPayment of a known customer',
      setup: (s) => s.customers.upsertProfile('pay-1', { name: 'A' }),
      run: (s) => s.customers.recordCompletedPayment('pay-1', 'd', { name: 'A' }),
      commands: change,
    },
    {
      name: 'recordCompletedPayment of a new customer',
      run: (s) => s.customers.recordCompletedPayment('pay-2', 'd', { name: 'A' }),
      commands: change,
    },
    {
      name: 'recordCompletedPayment redelivered',
      setup: (s) => s.customers.recordCompletedPayment('pay-3', 'd', {}),
      run: (s) => s.customers.recordCompletedPayment('pay-3', 'd', {}),
      commands: ['find'],
    },
    { name: 'reserveCode', run: (s) => s.customers.reserveCode('R-1', 'c'), commands: ['insert'] },
    { name: 'findReservedCode', run: (s) => s.customers.findReservedCode('c'), commands: ['find'] },
    {
      name: 'attachReferralCode to a customer without one',
      setup: (s) => s.customers.upsertProfile('at-1', {}),
      run: (s) => s.customers.attachReferralCode('at-1', referralCode('A-1')),
      commands: change,
    },
    {
      name: 'attachReferralCode to a customer with one',
      setup: (s) => withCode(s, 'at-2'),
      run: (s) => s.customers.attachReferralCode('at-2', referralCode('A-2')),
      commands: ['find'],
    },
    {
      name: 'updateCodeStatus',
      setup: (s) => withCode(s, 'st-1'),
      run: (s) => s.customers.updateCodeStatus('st-1', inactive),
      commands: change,
    },
    { name: 'updateCodeStatus of an unknown customer', run: (s) => s.customers.updateCodeStatus('nobody', inactive), commands: ['find'] },
    {
      name: 'setDisabled',
      setup: (s) => s.customers.upsertProfile('dis-1', {}),
      run: (s) => s.customers.setDisabled('dis-1', true, disabledLog('disabled')),
      commands: change,
    },
    { name: 'listReferrers', run: (s) => s.customers.listReferrers(null, 10), commands: ['find'] },
    { name: 'insertUsage inserted', run: (s) => s.usages.insertUsage(usage('u-1')), commands: ['insert'] },
    {
      name: 'insertUsage refused',
      setup: (s) => s.usages.insertUsage(usage('u-2')),
      run: (s) => s.usages.insertUsage(usage('u-3', { deal_id: 'deal-of-u-2' })),
      commands: ['insert', 'find'],
    },
    { name: 'getUsage', run: (s) => s.usages.getUsage('u'), commands: ['find'] },
    { name: 'findLiveUsageByDeal', run: (s) => s.usages.findLiveUsageByDeal('d'), commands: ['find'] },
    { name: 'findLiveUsageByReferee', run: (s) => s.usages.findLiveUsageByReferee('r'), commands: ['find'] },
    { name: 'listUsagesByDeal', run: (s) => s.usages.listUsagesByDeal('d'), commands: ['find'] },
    { name: 'listUsagesByReferrer', run: (s) => s.usages.listUsagesByReferrer('r', 10), commands: ['find'] },
    { name: 'listUsagesByReferee', run: (s) => s.usages.listUsagesByReferee('r', 10), commands: ['find'] },
    {
      name: 'transitionUsage from the stored version',
      setup: (s) => s.usages.insertUsage(usage('u-4')),
      run: (s) => s.usages.transitionUsage(usage('u-4'), ['applied'], release('u-4')),
      commands: ['insert', ...head],
    },
    {
      name: 'transitionUsage refused by its guards',
      setup: (s) => s.usages.insertUsage(usage('u-5')),
      run: (s) => s.usages.transitionUsage(usage('u-5'), ['converted'], release('u-5')),
      commands: ['find'],
    },
    { name: 'listUsages', run: (s) => s.usages.listUsages(null, 10), commands: ['find'] },
    { name: 'getHead', run: (s) => s.wallets.getHead('w'), commands: ['find'] },
    {
      name: 'saveChange of a head and two lots',
      run: (s) =>
        s.wallets.saveChange({ head: walletHead('w-1'), lots: [lotWrite('w-1', 2, lotState('a')), lotWrite('w-1', 2, lotState('b'))] }),
      // Where updates are not isolated the writer then looks for later states of its lots, and of its head, once.
      commands: isolated ? ['update'] : ['update', 'find', 'find'],
    },
    {
      name: 'saveChanges of many wallets',
      setup: (s) =>
        Promise.all(['w-5', 'w-6'].map((id) => s.wallets.saveChange({ head: walletHead(id, 1), lots: [lotWrite(id, 1, lotState('a'))] }))),
      run: (s) =>
        s.wallets.saveChanges(
          ['w-5', 'w-6'].map((id) => ({ head: walletHead(id, 2), lots: [lotWrite(id, 2, lotState('a', { remaining: 1 }))] })),
        ),
      commands: isolated ? ['update'] : ['update', 'find', 'find'],
    },
    { name: 'listHeads', run: (s) => s.wallets.listHeads(null, 10), commands: ['find'] },
    { name: 'getLots none stored', run: (s) => s.wallets.getLots('w', ['a', 'b']), commands: ['find'] },
    { name: 'listLots none stored', run: (s) => s.wallets.listLots('w', { which: 'open', limit: 8 }), commands: ['find'] },
    {
      name: 'markReminded of many lots',
      run: (s) =>
        s.wallets.markReminded([
          { customer_id: 'w-5', lot_id: 'a' },
          { customer_id: 'w-6', lot_id: 'b' },
        ]),
      commands: ['update'],
    },
    // The head, then the next ledger key (missing), the insert of the entry, the new lot and the head in one command.
    {
      name: 'a credit as the engine makes it',
      run: (s) => credit(s, 'w-4'),
      commands: isolated ? ['find', 'find', 'insert', 'update'] : ['find', 'find', 'insert', 'update', 'find', 'find'],
    },
    // The head, then beside the next ledger key one page of the open lots, the insert, the lot spent and the head.
    {
      name: 'a redemption as the engine makes it, on a wallet of 40 lots',
      setup: async (s) => {
        for (let i = 0; i < 40; i += 1) await credit(s, 'w-7', `lot-${String(i).padStart(2, '0')}`);
      },
      run: (s) => redeem(s, 'w-7'),
      commands: isolated
        ? ['find', 'find', 'find', 'insert', 'update']
        : ['find', 'find', 'find', 'find', 'insert', 'update', 'find', 'find'],
    },
    { name: 'findLotsDueForExpiry', run: (s) => s.wallets.findLotsDueForExpiry(new Date(), 10), commands: ['find'] },
    { name: 'findLotsDueForReminder', run: (s) => s.wallets.findLotsDueForReminder(new Date(), 10), commands: ['find'] },
    { name: 'lotSums of a batch', run: (s) => s.wallets.lotSums(['x', 'y']), commands: ['find'] },
    {
      name: 'append of a change',
      run: (s) => s.ledger.append([ledgerEntry('e-1', { seq: 1 }), ledgerEntry('e-2', { seq: 2 })]),
      commands: ['insert'],
    },
    {
      name: 'appendEach for many wallets',
      run: (s) => s.ledger.appendEach([ledgerEntry('e-1', { customer_id: 'x' }), ledgerEntry('e-1', { customer_id: 'y' })]),
      commands: ['insert'],
    },
    {
      name: 'existingKeys of many wallets',
      run: (s) =>
        s.ledger.existingKeys([
          { customer_id: 'x', seq: 1 },
          { customer_id: 'y', seq: 2 },
        ]),
      commands: ['find'],
    },
    { name: 'entriesAfter a current head', run: (s) => s.ledger.entriesAfter('cust-1', 2), commands: ['find'] },
    { name: 'getEntry', run: (s) => s.ledger.getEntry('cust-1', 'e-1'), commands: ['find'] },
    { name: 'listEntries', run: (s) => s.ledger.listEntries('c-1', { limit: 10 }), commands: ['find'] },
    { name: 'totals of a batch', run: (s) => s.ledger.totals(['x', 'y']), commands: ['aggregate'] },
    { name: 'enqueue', run: (s) => s.dealSyncQueue.enqueue('d-1'), commands: ['insert'] },
    { name: 'list', run: (s) => s.dealSyncQueue.list(10), commands: ['find'] },
    { name: 'remove', run: (s) => s.dealSyncQueue.remove(['a', 'b']), commands: ['delete'] },
    { name: 'countAttempts', run: (s) => s.attempts.countAttempts('k', hourStart), commands: ['aggregate'] },
    { name: 'addAttempt', run: (s) => s.attempts.addAttempt('k', hourStart, hourEnd), commands: ['insert', 'aggregate'] },
  ];
}

describe('MongoDB round trips per store call', async () => {
  const probe = await connectTestDb('round_trips_isolation');
  const isolated = await isolatesUpdates(probe.db);
  await probe.drop();

  let t: TestDb;
  let opened: Awaited<ReturnType<typeof openMongoStores>>;
  let seen: string[] | null = null;

  beforeAll(async () => {
    t = await connectTestDb('round_trips');
    opened = await openMongoStores({ uri: inject('mongodbUri'), database: t.db.databaseName }, { onCommand: (name) => seen?.push(name) });
  });

  afterAll(async () => {
    await opened.close();
    await t.drop();
  });

  it.each(cases(isolated))('$name sends $commands', async ({ setup, run, commands }) => {
    await setup?.(opened.stores);
    seen = [];
    await run(opened.stores);
    const sent = seen;
    seen = null;
    expect(sent).toEqual(commands);
  });
});
