export * from './offre.js';
export * from './territory.js';
export { pointAtKm } from './geodesy.js';
export * from './nomenclatures.js';
export * from './validate.js';
export * from './normalise.js';
export * from './phone.js';
export * from './filter.js';
export * from './order.js';
