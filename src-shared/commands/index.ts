export * from './commands'
export * from './command-labels'
