/** Pure merge core: entity resolution, field-level merge with provenance, quality score, d·i search semantics. */
export * from './normalise.js';
export * from './similarity.js';
export * from './evidence.js';
export * from './resolve.js';
export * from './policy.js';
export * from './merge.js';
export * from './score.js';
export * from './search.js';
