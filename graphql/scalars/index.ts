/** The gateway's custom scalars and their input-error helpers. */
export * from './nomenclature.scalars.js';
export { DateScalar } from './date.scalar.js';
export { ScalarInputError, nomenclatureErrorCode } from './input-error.js';
export { createNomenclatureScalar, type NomenclatureScalarSpec } from './nomenclature-scalar.js';
export { parseNomenclatureName } from './nomenclature-name.js';
export { closestValues } from './suggest.js';
