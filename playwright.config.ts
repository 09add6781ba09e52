import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium by default (the machine cannot download Playwright's own browser);
 * CHROMIUM_PATH overrides it, and CHROMIUM_PATH=playwright uses Playwright's bundled build.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = chromiumPath === 'playwright' ? undefined : chromiumPath;
const port = Number(process.env.PORT ?? 5174);
/** The production build, served by `vite preview` on the next port. */
const builtPort = port + 1;
/**
 * Where that build goes. The static-host and offline specs serve the same folder themselves;
 * BUILT_DIR keeps runs that share a checkout from rebuilding each other's.
 */
const builtDir = process.env.BUILT_DIR ?? 'dist';
/**
 * E2E_WITHOUT_WEBGPU=1 runs the suite on a browser that offers no WebGPU (Chromium on Linux without
 * the flag has navigator.gpu but never an adapter); the WebGPU cases then skip and say why.
 */
const webGpuArgs = process.env.E2E_WITHOUT_WEBGPU ? [] : ['--enable-unsafe-webgpu'];

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  // Training is CPU-heavy and the machine has two cores: one browser at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 300_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  projects: [
    // What `npm run dev` serves: every scenario.
    { name: 'dev', testIgnore: /built\.spec\.ts$/, use: { baseURL: `http://localhost:${port}/` } },
    // What `npm run build` makes and a school would deploy: it must train too, and the
    // responsiveness budget is measured here, on production React (React's development build
    // does several times more work per update on purpose, and React's own advice is to measure
    // performance in production builds).
    { name: 'built', testMatch: /built\.spec\.ts$/, use: { baseURL: `http://localhost:${builtPort}/` } },
    // A phone and an upright tablet, touch enabled, on the dev server: the layout checks, training,
    // and drawing (with a finger on the phone, where the page is one column). A few minutes in all.
    {
      name: 'phone',
      testMatch: /(layout|training|draw)\.spec\.ts$/,
      grep: /layout on this screen|trains the default model on 5k images|a finger draws/,
      use: { baseURL: `http://localhost:${port}/`, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
    },
    {
      name: 'tablet',
      testMatch: /(layout|draw)\.spec\.ts$/,
      grep: /layout on this screen|a mouse drawing gets ten probabilities/,
      use: { baseURL: `http://localhost:${port}/`, viewport: { width: 768, height: 1024 }, hasTouch: true },
    },
  ],
  use: {
    // The page speaks the browser's language: the scenarios read English (i18n.spec.ts opts into zh-CN).
    locale: 'en-US',
    viewport: { width: 1440, height: 960 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // WebGPU and WebGL on SwiftShader, a software GPU, so every backend path really runs.
        ...webGpuArgs,
        '--enable-unsafe-swiftshader',
        '--use-angle=swiftshader',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite --port ${port} --strictPort`,
      url: `http://localhost:${port}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
    },
    {
      // Vite alone, not `npm run build`: `npm test` has already type-checked, and the data is in public/.
      command: `npx vite build --logLevel warn --outDir ${builtDir} --emptyOutDir && npx vite preview --outDir ${builtDir} --port ${builtPort} --strictPort`,
      url: `http://localhost:${builtPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
    },
  ],
});
