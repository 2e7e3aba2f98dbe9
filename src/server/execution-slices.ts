/**
 * Execution in slices: graphql-js resolves synchronous fields (a long list, the fields of each of its
 * items) in one go, which would hold the event loop for as long as the work lasts. Every field
 * resolver is wrapped (once, at boot) so that once the current turn of the event loop has spent
 * `sliceMs` resolving fields, every further field of that turn is queued instead of run, its value a
 * promise graphql-js waits for. The queue is drained on later turns, `sliceMs` at a time, first in
 * first out (so concurrent requests share the time), letting health checks, other requests and timers
 * run in between. A turn's slice starts at the first field it resolves and ends with the turn (a
 * setImmediate), so work that fits in a slice stays synchronous and costs a counter increment.
 */
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';

/** Fields resolved between two clock reads. */
const CHECK_EVERY = 32;

/** Wraps every field resolver of `schema` (in place) so execution yields to the event loop every `sliceMs`. */
export function resolveInSlices(
  schema: GraphQLSchema,
  sliceMs = 20,
  now: () => number = () => performance.now(),
): GraphQLSchema {
  let sliceStart: number | undefined;
  let spent = false;
  let calls = 0;
  const queue: Array<() => void> = [];
  let head = 0;
  let draining = false;
  const endSlice = () => {
    sliceStart = undefined;
    spent = false;
  };
  const drain = () => {
    sliceStart = now();
    spent = false;
    while (head < queue.length && !spent && now() - sliceStart <= sliceMs) queue[head++]!();
    if (head < queue.length) setImmediate(drain);
    else [queue.length, head, draining] = [0, 0, false];
    endSlice();
  };
  const later = (run: () => unknown) =>
    new Promise<unknown>((resolve, reject) => {
      queue.push(() => {
        try {
          resolve(run());
        } catch (err) {
          reject(err);
        }
      });
      if (!draining) {
        draining = true;
        setImmediate(drain);
      }
    });
  const inSlices =
    (resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> =>
    (source, args, context, info) => {
      if (sliceStart === undefined) {
        sliceStart = now();
        setImmediate(endSlice);
      } else if (!spent && ++calls % CHECK_EVERY === 0 && now() - sliceStart > sliceMs) {
        spent = true;
      }
      return spent ? later(() => resolve(source, args, context, info)) : resolve(source, args, context, info);
    };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()))
      field.resolve = inSlices(field.resolve ?? defaultFieldResolver);
  }
  return schema;
}
