export * from './classify-input'
export * from './expand-inputs'
export * from './image-source'
