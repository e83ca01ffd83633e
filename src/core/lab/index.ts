/** The learning lab: a learning-rate sweep (sweep.ts) and comparisons of a few runs of one config (compare.ts). */
export * from './sweep';
export * from './compare';
