/** Child-process entry of the ceiling: CEILING_RESPONSES names a JSON file of CeilingResponses; PORT, HOST. */
import { readFileSync } from 'node:fs';
import { startCeiling, type CeilingResponses } from './server.js';

const file = process.env.CEILING_RESPONSES;
if (!file) throw new Error('CEILING_RESPONSES (a JSON file of responses by request body) is required');
const responses = JSON.parse(readFileSync(file, 'utf8')) as CeilingResponses;
const server = await startCeiling(responses, Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
