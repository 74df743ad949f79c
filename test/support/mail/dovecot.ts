import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const DOVECOT_INSTALL_HINT = 'Install it with `apt-get install -y dovecot-imapd` (Debian; /usr/sbin/dovecot), or set DOVECOT_PATH.';
const SYSTEM_PATHS = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

function findDovecot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.DOVECOT_PATH ? [env.DOVECOT_PATH] : SYSTEM_PATHS;
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * For a mocha `before`: the dovecot binary, or a skip saying how to install it. Under CI a missing dovecot
 * fails instead: CI installs it, and a quietly skipped IMAP test would hide a broken install.
 */
export function dovecotOrSkip(ctx: Pick<Mocha.Context, 'skip'>, env: NodeJS.ProcessEnv = process.env): string {
  const found = findDovecot(env);
  if (found) return found;
  const message = `No dovecot found (looked at ${env.DOVECOT_PATH ? `DOVECOT_PATH=${env.DOVECOT_PATH}` : SYSTEM_PATHS.join(', ')}). ${DOVECOT_INSTALL_HINT}`;
  if (env.CI) throw new Error(`${message} CI installs it, so this is a broken CI setup, not a skip.`);
  console.warn(`    skipping IMAP tests: ${message}`);
  ctx.skip();
}

export interface Dovecot {
  host: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A real Dovecot IMAP server for one test file: its own config, passwd-file users (plain passwords),
 * maildirs and logs in a temp folder, listening on a free loopback port without TLS.
 *
 * Dovecot never runs its login and mail processes as root. As root it uses the Debian package's users
 * (`dovenull` for logins, `dovecot` for everything else, mail included); as anyone else, all of it runs as
 * that user.
 */
export async function startDovecot(binary: string, users: Record<string, string>): Promise<Dovecot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dovecot-'));
  try {
    const who = processUsers();
    await mkdir(path.join(dir, 'mail'));
    await writeFile(path.join(dir, 'passwd'), Object.entries(users).map(([user, pass]) => `${user}:{PLAIN}${pass}::::::\n`).join(''), { mode: 0o600 });
    if (who.root) {
      await chmod(dir, 0o711);
      await chown(path.join(dir, 'mail'), who.mailUid, who.mailGid);
      await chown(path.join(dir, 'passwd'), who.mailUid, who.mailGid);
    }
    for (let tries = 1; ; tries++) {
      const port = await freePort();
      await writeFile(path.join(dir, 'dovecot.conf'), config(dir, port, who));
      const child = spawn(binary, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
      const output: string[] = [];
      child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
      const ready = await greeted(port, child, 15_000);
      if (ready === true) return { host: '127.0.0.1', port, stop: () => stop(child, dir) };
      await stop(child, undefined);
      const log = output.join('') + (await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => ''));
      if (tries >= 3 || !/Address already in use/.test(log)) throw new Error(`dovecot did not start (${ready}):\n${log}`);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

interface ProcessUsers {
  root: boolean;
  internal: string;
  internalGroup: string;
  login: string;
  mailUid: number;
  mailGid: number;
}

function processUsers(): ProcessUsers {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = readFileSync('/etc/group', 'utf8').split('\n').map((line) => line.split(':')).find((fields) => Number(fields[2]) === me.gid);
    return { root: false, internal: me.username, internalGroup: group?.[0] ?? String(me.gid), login: me.username, mailUid: me.uid, mailGid: me.gid };
  }
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'));
  const entry = (name: string) => passwd.find((fields) => fields[0] === name);
  const internal = entry('dovecot');
  if (!internal || !entry('dovenull')) {
    throw new Error(`running as root, dovecot needs the users "dovecot" and "dovenull" that its Debian package creates. ${DOVECOT_INSTALL_HINT}`);
  }
  return { root: true, internal: 'dovecot', internalGroup: 'dovecot', login: 'dovenull', mailUid: Number(internal[2]), mailGid: Number(internal[3]) };
}

function config(dir: string, port: number, who: ProcessUsers): string {
  return `# Generated for one test run.
instance_name = test-${path.basename(dir)}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%n
default_internal_user = ${who.internal}
default_internal_group = ${who.internalGroup}
default_login_user = ${who.login}
first_valid_uid = ${who.mailUid}
first_valid_gid = ${who.mailGid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${who.mailUid} gid=${who.mailGid} home=${dir}/mail/%n
}
# No chroot: only root may chroot, and the tests also run as other users.
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** true once the server greets with `* OK`, else why not. */
async function greeted(port: number, child: ChildProcess, timeoutMs: number): Promise<true | string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return `exited with ${child.exitCode}`;
    const line = await firstLine(port).catch(() => '');
    if (line.startsWith('* OK')) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return `no greeting within ${timeoutMs} ms`;
}

function firstLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (d: Buffer) => {
      text += d.toString();
      // Dovecot says "Waiting for authentication process" before the real greeting while auth starts.
      if (text.includes('\n') && !text.startsWith('* OK Waiting')) {
        socket.end();
        resolve(text);
      } else if (text.startsWith('* OK Waiting')) {
        socket.destroy();
        resolve('');
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(text));
  });
}

async function stop(child: ChildProcess, dir: string | undefined): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
}
