export const en = {
  'app.title': 'Greenlight',
  'add.placeholder': 'Paste files, folders or image URLs (one per line or separated by spaces)…',
  'add.button': 'Add to queue',
  'add.hint': 'Enter adds, Shift+Enter for a new line',
  'add.added': 'Added {count} to the queue',
  'empty.title': 'No images yet',
  'empty.body':
    'Paste a folder, files or image URLs above to start. With no account configured, Greenlight scans offline with its local engine.',
  'engine.local': 'Local engine (offline)',
  'engine.green': 'Alibaba Green',
  'credentials.none': 'No Alibaba Cloud account configured',
  'credentials.configured': 'Account {id} ({source})',
  'filter.search': 'Filter by name…',
  'filter.all': 'All',
  'filter.block': 'Blocked',
  'filter.review': 'Review',
  'filter.pass': 'Passed',
  'filter.failed': 'Failed',
  'filter.queued': 'Waiting',
  'status.summary':
    '{done} of {total} done · {failed} failed · {blocked} blocked · {review} to review',
  'status.idle': 'Ready',
  'item.state.queued': 'Waiting',
  'item.state.running': 'Scanning',
  'item.state.done': 'Done',
  'item.state.failed': 'Failed',
  'item.state.cancelled': 'Cancelled',
  'list.count': '{shown} of {total}',
  'list.loadMore': 'Load more',
  'error.generic': 'Something went wrong: {message}',
} as const

export type MessageKey = keyof typeof en
export type Messages = Record<MessageKey, string>
