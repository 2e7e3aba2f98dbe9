/**
 * `npm run schema:emit`: rebuilds graphql/schema.graphql from the resolvers in resolvers/index.ts.
 * Needs no network, Redis or config: building the schema only reads decorators and the
 * nomenclature lists. An optional argument overrides the output path.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGatewaySchema } from '../src/server/schema.js';

/** The nearest folder at or above `from` that holds package.json (works from scripts/ and dist/scripts/). */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

const here = dirname(fileURLToPath(import.meta.url));
const target = process.argv[2] ? resolve(process.argv[2]) : join(projectRoot(here), 'graphql', 'schema.graphql');
await buildGatewaySchema({ emitSchemaFile: target });
console.log(`schema written to ${target}`);
