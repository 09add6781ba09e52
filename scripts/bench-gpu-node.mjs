#!/usr/bin/env node
/**
 * npm run bench:gpu-node -- [bench options]
 *
 * Trains with the app's own code (TrainingSession, buildModel, Trainer) on tfjs-backend-webgpu in
 * Node, over Dawn from the optional npm package `webgpu`, and against model.fit on the same
 * backend: see scripts/bench-gpu-node.entry.mjs for what it prints and its options. It exists for
 * machines with a real GPU but no browser (a Node binary, the data and a Vulkan driver suffice).
 *
 * This wrapper bundles the entry with Vite into node_modules/.bench-gpu-node/ (tfjs and the app's
 * TypeScript inlined; only `webgpu`, a native module, stays outside), then runs the bundle with the
 * remaining arguments. Other modes:
 *
 *   --bundle-only           build the bundle and stop
 *   --payload DIR           build a self-contained folder to carry to a GPU machine: DIR/bench/ (the
 *                           bundle), DIR/node_modules/webgpu (linux-x64 Dawn only), DIR/mnist (the
 *                           data shards) and DIR/node.xz (this Node, stripped); Dawn and Node are
 *                           xz-compressed. Run it there with `node DIR/bench/bench.mjs --data DIR/mnist`.
 *
 * Without a GPU, Dawn needs a Vulkan driver: Mesa's lavapipe 24 or newer works (22.x lacks a feature
 * Dawn requires); point VK_DRIVER_FILES at its ICD json.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const take = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value ?? '';
};
const isBundleOnly = args.includes('--bundle-only') && Boolean(args.splice(args.indexOf('--bundle-only'), 1));
const payloadDir = take('--payload');

if (!existsSync(join(root, 'node_modules/webgpu/package.json'))) {
  console.error('bench:gpu-node needs the optional package `webgpu` (Dawn for Node): npm install webgpu@0.6.2');
  process.exit(2);
}

const outDir = join(root, 'node_modules/.bench-gpu-node');
const { build } = await import('vite');
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: join(root, 'scripts/bench-gpu-node.entry.mjs'),
    outDir,
    emptyOutDir: true,
    minify: false,
    // The WASM binaries (imported with ?url by the engine) go beside the bundle, for --backend wasm.
    ssrEmitAssets: true,
    target: 'node20',
    rollupOptions: { external: ['webgpu'], output: { entryFileNames: 'bench.mjs' } },
  },
  ssr: { noExternal: true, target: 'node' },
  // The engine imports the WASM binaries with ?url; in Node they are read from disk, so each URL
  // becomes the file's path beside the chunk that asks for it, wherever the bundle is carried.
  experimental: {
    renderBuiltUrl: (fileName, { hostId }) => ({
      runtime: `new URL(${JSON.stringify(relative(dirname(hostId), fileName) || fileName)}, import.meta.url).pathname`,
    }),
  },
});

if (payloadDir !== undefined) {
  const dir = resolve(payloadDir || '.gpu');
  rmSync(join(dir, 'bench'), { recursive: true, force: true });
  cpSync(outDir, join(dir, 'bench'), { recursive: true });
  const webgpu = join(dir, 'node_modules/webgpu');
  rmSync(webgpu, { recursive: true, force: true });
  for (const file of ['package.json', 'index.js', 'LICENSE.md', 'dist/linux-x64/dawn.node']) {
    mkdirSync(dirname(join(webgpu, file)), { recursive: true });
    cpSync(join(root, 'node_modules/webgpu', file), join(webgpu, file));
  }
  // Carried files count against a size limit: Dawn (21 MB) and this Node binary go xz-compressed;
  // unpack them there with `xz -d` (or Python's lzma module where xz is missing).
  const xz = (from, to) => spawnSync('sh', ['-c', 'xz -T0 -6 -c "$0" > "$1"', from, to], { stdio: 'inherit' }).status === 0;
  if (xz(join(webgpu, 'dist/linux-x64/dawn.node'), join(webgpu, 'dist/linux-x64/dawn.node.xz'))) {
    rmSync(join(webgpu, 'dist/linux-x64/dawn.node'));
  }
  if (!existsSync(join(dir, 'node.xz'))) {
    const stripped = join(dir, 'node.stripped');
    const isStripped = spawnSync('strip', ['-o', stripped, process.execPath], { stdio: 'inherit' }).status === 0;
    xz(isStripped ? stripped : process.execPath, join(dir, 'node.xz'));
    rmSync(stripped, { force: true });
  }
  const data = join(root, 'public/data/mnist');
  if (!existsSync(join(data, 'manifest.json'))) {
    console.error('public/data/mnist is missing: npm run data');
    process.exit(2);
  }
  rmSync(join(dir, 'mnist'), { recursive: true, force: true });
  cpSync(data, join(dir, 'mnist'), { recursive: true });
  console.log(`payload in ${dir}: run it with  node ${join(dir, 'bench/bench.mjs')} --data ${join(dir, 'mnist')}`);
  process.exit(0);
}
if (isBundleOnly) {
  console.log(`bundle in ${outDir}/bench.mjs`);
  process.exit(0);
}
const run = spawnSync(process.execPath, [join(outDir, 'bench.mjs'), ...args], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
