import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CliResult } from './cli';

const ROOT = path.resolve(__dirname, '../..');

/** Runs a TypeScript entry point (`src/worker.ts`, `src/demo/main.ts`, ...) as `npm run` would, in a child process. */
export function runScript(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, file), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
