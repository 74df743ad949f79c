import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync, readdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
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
  /**
   * Stops the server (connected clients get BYE and a closed socket), runs `whileDown`, and starts it again
   * on the same port with the same mailboxes.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** Delivers a message into the user's INBOX as a local delivery agent does: a file in the maildir's new/. */
  deliverToMaildir(user: string, raw: string): Promise<void>;
  /**
   * Makes the user's INBOX get a new UIDVALIDITY when the server next opens it (its UID list and index are
   * dropped, so the messages are numbered again). Only while the server is down: inside `restart`.
   */
  renumberInbox(user: string): Promise<void>;
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
      const launched = await launch(binary, dir, port);
      if (launched.child) return running(binary, dir, port, who, launched.child);
      if (tries >= 3 || !/Address already in use/.test(launched.log)) throw new Error(`dovecot did not start (${launched.ready}):\n${launched.log}`);
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(binary: string, dir: string, port: number): Promise<{ child?: ChildProcess; ready: true | string; log: string }> {
  const child = spawn(binary, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const ready = await greeted(port, child, 15_000);
  if (ready === true) return { child, ready, log: '' };
  await stop(child, undefined);
  return { ready, log: output.join('') + (await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '')) };
}

function running(binary: string, dir: string, port: number, who: ProcessUsers, first: ChildProcess): Dovecot {
  let child = first;
  const inbox = (user: string) => path.join(dir, 'mail', user);
  return {
    host: '127.0.0.1',
    port,
    stop: () => stop(child, dir),
    async restart(whileDown) {
      // The master's children (login and imap processes) outlive it for a moment; while one is alive it can
      // still serve a client or rewrite the folder's index, so the server is down only once all are gone.
      const children = child.pid === undefined ? [] : childrenOf(child.pid);
      await stop(child, undefined);
      while (children.some(alive)) await new Promise((resolve) => setTimeout(resolve, 50));
      await whileDown?.();
      // The port was ours a moment ago; the retries cover a socket the kernel has not let go of yet.
      for (let tries = 1; ; tries++) {
        const launched = await launch(binary, dir, port);
        if (launched.child) {
          child = launched.child;
          return;
        }
        if (tries >= 5) throw new Error(`dovecot did not restart (${launched.ready}):\n${launched.log}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    async deliverToMaildir(user, raw) {
      const name = `${Date.now()}.M${randomBytes(6).toString('hex')}.test`;
      for (const sub of ['tmp', 'new', 'cur']) await mkdir(path.join(inbox(user), sub), { recursive: true });
      const temp = path.join(inbox(user), 'tmp', name);
      await writeFile(temp, raw.replace(/\r\n/g, '\n'));
      if (who.root) {
        for (const sub of ['', 'tmp', 'new', 'cur']) await chown(path.join(inbox(user), sub), who.mailUid, who.mailGid);
        await chown(temp, who.mailUid, who.mailGid);
      }
      await rename(temp, path.join(inbox(user), 'new', name));
    },
    async renumberInbox(user) {
      const uidlist = path.join(inbox(user), 'dovecot-uidlist');
      const header = (await readFile(uidlist, 'utf8').catch(() => '')).split('\n')[0] ?? '';
      const old = Number(/\bV(\d+)/.exec(header)?.[1] ?? 0);
      for (const file of await readdir(inbox(user))) {
        if (file === 'dovecot-uidlist' || file.startsWith('dovecot.')) await rm(path.join(inbox(user), file), { force: true });
      }
      // Dovecot dates a new UIDVALIDITY by the clock (or one past the last it gave): never the old one once the second has passed.
      while (Math.floor(Date.now() / 1000) <= old) await new Promise((resolve) => setTimeout(resolve, 100));
    },
  };
}

/** Process ids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The command name is in parentheses and may hold spaces: the parent id is the second field after it.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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
