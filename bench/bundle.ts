import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './jobs';

/** The budget for the minified webview script. */
export const WEBVIEW_BUDGET = 1024 * 1024;

/**
 * The size of dist/webview.js, after `node esbuild.js --production` when `build` (the webview is
 * another engineer's: nothing is built when webview/main.ts does not exist).
 */
export function measureWebview(build: boolean): { bytes: number | null; note: string } {
  const entry = path.join(ROOT, 'webview', 'main.ts');
  const out = path.join(ROOT, 'dist', 'webview.js');
  let note = '';
  if (build && fs.existsSync(entry)) {
    try {
      execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'pipe' });
      note = 'after node esbuild.js --production';
    } catch (e) {
      const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim().split('\n')[0] ?? String(e);
      note = `production build failed: ${stderr}`;
    }
  } else if (build) {
    note = 'webview/main.ts does not exist yet: nothing to build';
  } else {
    note = 'not rebuilt (smoke)';
  }
  return { bytes: fs.existsSync(out) ? fs.statSync(out).size : null, note };
}
