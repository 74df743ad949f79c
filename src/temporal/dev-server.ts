import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributes } from '../../workflows/contract';
import { executableOption, TEMPORAL_CLI } from './binaries';

export interface DevServerOptions {
  /** gRPC port; a free one when absent. */
  port?: number;
  /** Web UI port; no UI when absent. */
  uiPort?: number;
  /** SQLite file that keeps the server's state across restarts; in memory when absent. */
  dbFilename?: string;
}

/**
 * Starts `temporal server start-dev` (the binary found by `locateBinary`) with the journey search
 * attributes registered, so the Web UI can filter journeys from the first one on.
 */
export async function startDevServer(opts: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: executableOption(TEMPORAL_CLI),
      ...(opts.port === undefined ? {} : { port: opts.port }),
      ...(opts.uiPort === undefined ? { ui: false } : { ui: true, uiPort: opts.uiPort }),
      ...(opts.dbFilename === undefined ? {} : { dbFilename: opts.dbFilename }),
      searchAttributes: Object.values(searchAttributes),
    },
  });
}
