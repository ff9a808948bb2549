// Builds the console into a static folder: app.js (the page, the AWS SDK for JavaScript v3 IVS client and hls.js,
// bundled by esbuild), index.html and style.css. Usage: node build.mjs [outdir] (default dist/). The gateway's
// Maven build runs it with outdir = target/classes/META-INF/resources/console.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? 'dist';
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: ['src/app.js'],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020'],
  legalComments: 'eof',
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
});
for (const f of ['index.html', 'style.css']) copyFileSync(join('src', f), join(out, f));
console.log(`console built into ${out}`);
