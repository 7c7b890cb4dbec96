import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeChangeFeedContract } from '../contract/change-feed.contract'
import { describeDecisionOutboxContract } from '../contract/decision-outbox.contract'
import { describeFeedbackStoreContract } from '../contract/feedback-store.contract'
import { describeItemFindingContract } from '../contract/item-finding.contract'
import { describeItemQueriesContract } from '../contract/item-queries.contract'
import { describeItemRemovalContract } from '../contract/item-removal.contract'
import { describeLeaseContract } from '../contract/lease.contract'
import { describeQueueStoreContract } from '../contract/queue-store.contract'
import { describeSettingsAndProfilesContract } from '../contract/settings-profiles.contract'
import type { MakeStore } from '../contract/store-harness'
import { describeVerdictCacheContract } from '../contract/verdict-cache.contract'
import { describeWatchIndexContract } from '../contract/watch-index.contract'
import type { Store } from '../ports/store'
import { openStore } from './open-store'

/** Each test gets its own data folder; reopening opens the same file again. */
const makeSqliteStore: MakeStore = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gl-store-contract-'))
  let store: Store = await openStore(dir)
  return {
    store,
    async reopen() {
      await store.close()
      store = await openStore(dir)
      return store
    },
    async dispose() {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

describeQueueStoreContract(makeSqliteStore)
describeLeaseContract(makeSqliteStore)
describeItemQueriesContract(makeSqliteStore)
describeItemRemovalContract(makeSqliteStore)
describeItemFindingContract(makeSqliteStore)
describeVerdictCacheContract(makeSqliteStore)
describeFeedbackStoreContract(makeSqliteStore)
describeDecisionOutboxContract(makeSqliteStore)
describeWatchIndexContract(makeSqliteStore)
describeSettingsAndProfilesContract(makeSqliteStore)
// Two connections to one folder: what two processes sharing a data folder have.
describeChangeFeedContract(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gl-feed-contract-'))
  const mine = await openStore(dir)
  const theirs = await openStore(dir)
  return {
    mine,
    theirs,
    async dispose() {
      await mine.close()
      await theirs.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
})
