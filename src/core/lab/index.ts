/** The learning lab: a learning-rate sweep (sweep.ts), comparisons of a few runs of one config (compare.ts), and of optimizers (optimizers.ts). */
export * from './sweep';
export * from './compare';
export * from './optimizers';
