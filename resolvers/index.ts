/** The resolver classes given to buildSchema. Each helper adds its own line. */
import type { NonEmptyArray } from 'type-graphql';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const resolvers: NonEmptyArray<Function> = [
];
