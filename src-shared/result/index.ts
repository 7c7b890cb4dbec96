export * from './app-error'
export * from './result'
