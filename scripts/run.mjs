// Small helpers shared by the build, test and bench scripts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Runs a command with inherited output; exits this process with its code when it fails. */
export function run(command, args, options = {}) {
  console.log(`\n> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false, ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

export const chromePath = () => process.env.CHROME_PATH ?? '/usr/lib/chromium/chromium';

/**
 * The end-to-end tests drive Debian's Chromium. As root we install it (as CI does);
 * otherwise we say exactly what to install and stop.
 */
export function ensureChromium() {
  if (fs.existsSync(chromePath())) return;
  if (typeof process.getuid === 'function' && process.getuid() === 0) {
    console.log(`Chromium not found at ${chromePath()}: installing Debian's chromium package...`);
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-dejavu-core']);
    if (fs.existsSync(chromePath())) return;
  }
  console.error(
    `Chromium is needed for the browser tests and was not found at ${chromePath()}.\n` +
      `Install Debian's package as root:  apt-get update && apt-get install -y chromium\n` +
      `or point CHROME_PATH at a Chromium binary (not chromium-headless-shell: it cannot load extensions).`,
  );
  process.exit(1);
}
