import net from 'node:net';

/**
 * A free port below the kernel's ephemeral range (Linux: 32768–60999). A port found free by
 * `listen(0)` and used seconds later by a server the test starts can meanwhile be handed out by the
 * OS to any other `listen(0)` (another test's server, a child's local object storage): ports chosen
 * here are never handed out that way.
 */
export async function portOutsideEphemeralRange(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer().once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
