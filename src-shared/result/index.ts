export * from './app-error'
export * from './result'
export * from './error-reasons'
export * from './retry-can-fix'
