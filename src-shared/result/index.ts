export * from './app-error'
export * from './result'
export * from './error-reasons'
