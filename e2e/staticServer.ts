/**
 * A plain static file server for the end-to-end tests, standing in for a school's web host: it
 * serves a build folder under a sub-path, sends cross-origin isolation headers only when asked,
 * and can be shut, as a host out of reach would be.
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface StaticHost {
  /** The app's address, ending in the sub-path, e.g. http://127.0.0.1:41234/mnist-playground/. */
  url: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A network link all responses share, as a classroom's Wi-Fi is shared: its rate, and a delay before each response. */
export interface Link {
  bytesPerSecond: number;
  latencyMs: number;
}

/** Paces chunks so that all responses together stay under the link's rate. */
function pacer(link: Link) {
  let freeAt = 0;
  return () => new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const start = Math.max(Date.now(), freeAt);
      freeAt = start + (chunk.length / link.bytesPerSecond) * 1000;
      setTimeout(() => done(null, chunk), freeAt - Date.now());
    },
  });
}

/** Serves `root` at `prefix` (which starts and ends with '/') on a free port, over `link` when given. */
export async function serveStatic(
  root: string,
  { prefix = '/', headers = {}, link }: { prefix?: string; headers?: Record<string, string>; link?: Link } = {},
): Promise<StaticHost> {
  const requests: string[] = [];
  const paced = link && pacer(link);
  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
    requests.push(path);
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end();
      return;
    }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (file !== normalize(root) && !file.startsWith(normalize(root) + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const { size } = await stat(file);
      if (link) await new Promise((resolve) => setTimeout(resolve, link.latencyMs));
      // No cache headers at all, as many simple hosts do: the browser decides, not the app.
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': size, ...headers });
      if (paced) createReadStream(file).pipe(paced()).pipe(response);
      else createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
