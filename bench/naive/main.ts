/** Child-process entry of the naive gateway: SOURCES_FILE (with its `${ENV}` references), PORT, HOST. */
import { loadSourcesFile } from '../../connectors/sources-file.js';
import { CONNECTOR_NAMES } from '../../connectors/registry.js';
import { startNaiveGateway } from './server.js';

const file = process.env.SOURCES_FILE;
if (!file) throw new Error('SOURCES_FILE is required');
const gateway = await startNaiveGateway(
  loadSourcesFile(file, process.env, CONNECTOR_NAMES),
  Number(process.env.PORT ?? 0),
  process.env.HOST ?? '127.0.0.1',
);
process.on('SIGTERM', () => void gateway.stop().then(() => process.exit(0)));
