/** The CLI's contract with scripts: 0 all done, 1 some items failed, 2 a usage error. */
export const EXIT_OK = 0
export const EXIT_ITEMS_FAILED = 1
export const EXIT_USAGE = 2
