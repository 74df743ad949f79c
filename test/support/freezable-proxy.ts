import net from 'node:net';

/**
 * A TCP proxy that can stop passing bytes while keeping every connection open: what a peer sees when the
 * network to its server goes silent (calls hang, nothing is refused).
 */
export class FreezableProxy {
  private frozen = false;
  private readonly sockets = new Set<net.Socket>();

  private readonly server = net.createServer((client) => this.pipe(client));

  private constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  static async start(target: string): Promise<FreezableProxy> {
    const at = target.lastIndexOf(':');
    const proxy = new FreezableProxy(target.slice(0, at), Number(target.slice(at + 1)));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.port, this.host);
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      this.sockets.add(from);
      from.on('data', (chunk) => {
        if (!this.frozen) to.write(chunk);
      });
      from.on('close', () => {
        this.sockets.delete(from);
        to.destroy();
      });
      from.on('error', () => to.destroy());
    }
  }

  get address(): string {
    return `127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** From now on, bytes either way are dropped; connections stay open. */
  freeze(): void {
    this.frozen = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
