export * from './bridge'
export * from './contract'
