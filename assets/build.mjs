// Front-end build for Carers Hub (`npm run build`): no network, no bundler, deterministic output.
//
// 1. Compiles assets/scss/app.scss (GOV.UK Frontend + MOJ Frontend, Arial, no crown) with the local `sass`
//    package's JS API into carershub/static/dist/app.css.
// 2. Copies the ES-module builds of both frontends and assets/js/init.js next to it, and the images the CSS
//    refers to into carershub/static/dist/assets/images/.
// 3. Checks the result: every url() in the CSS names a file that was copied (collectstatic's manifest storage
//    fails on a missing one), no GDS Transport font slipped in, and init.js's imports resolve.
//
// The output directory is removed and rebuilt each time, so stale files never survive a build.

import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "carershub", "static", "dist");
const staticUrl = "/static/dist/";
const govuk = path.join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const moj = path.join(root, "node_modules", "@ministryofjustice", "frontend", "moj");

const started = performance.now();

function fail(message) {
  console.error(`build failed: ${message}`);
  process.exit(1);
}

function copyFile(from, to) {
  if (!existsSync(from)) fail(`missing ${path.relative(root, from)} (run \`npm ci\`)`);
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to);
}

function copyDirectory(from, to) {
  if (!existsSync(from)) fail(`missing ${path.relative(root, from)} (run \`npm ci\`)`);
  mkdirSync(to, { recursive: true });
  // Sorted, file by file, so the copy is the same on every machine.
  for (const name of readdirSync(from).sort()) {
    const source = path.join(from, name);
    if (statSync(source).isFile()) cpSync(source, path.join(to, name));
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// 1. Styles. Warnings raised by code inside the two frontends are theirs to fix (counted, not shown); warnings
// about our own stylesheet are shown in full.
let vendorWarnings = 0;
const logger = {
  warn(message, { stack = "" } = {}) {
    const caller = stack
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line && !line.startsWith("node_modules/govuk-frontend/"));
    if (caller === undefined || caller.startsWith("node_modules/")) {
      vendorWarnings += 1;
      return;
    }
    console.warn(`WARNING: ${message}\n${stack}`);
  },
};
const result = sass.compile(path.join(root, "assets", "scss", "app.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  sourceMap: false,
  charset: false,
  logger,
});
const css = result.css + "\n";
writeFileSync(path.join(dist, "app.css"), css);

// 2. Scripts and images.
for (const [from, name] of [
  [path.join(govuk, "govuk-frontend.min.js"), "govuk-frontend.min.js"],
  [path.join(govuk, "govuk-frontend.min.js.map"), "govuk-frontend.min.js.map"],
  [path.join(moj, "moj-frontend.min.js"), "moj-frontend.min.js"],
  [path.join(moj, "moj-frontend.min.js.map"), "moj-frontend.min.js.map"],
  [path.join(root, "assets", "js", "init.js"), "init.js"],
  [path.join(root, "assets", "js", "timeout-warning.js"), "timeout-warning.js"],
  [path.join(root, "assets", "js", "conditional-reveal.js"), "conditional-reveal.js"],
]) {
  copyFile(from, path.join(dist, name));
}
const images = path.join(dist, "assets", "images");
copyDirectory(path.join(govuk, "assets", "images"), images);
copyDirectory(path.join(moj, "assets", "images"), images);

// 3. Checks.
if (/GDS Transport/i.test(css)) fail("app.css mentions the GDS Transport font; these services use Arial");
const missing = new Set();
for (const match of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) {
  const url = match[1];
  if (url.startsWith("data:") || url.startsWith("#")) continue;
  if (!url.startsWith(staticUrl)) fail(`app.css refers to ${url}, outside ${staticUrl}`);
  const file = path.join(dist, url.slice(staticUrl.length).split(/[?#]/)[0]);
  if (!existsSync(file)) missing.add(url);
}
if (missing.size) fail(`app.css refers to files that were not copied: ${[...missing].sort().join(", ")}`);
const init = readFileSync(path.join(dist, "init.js"), "utf8");
for (const match of init.matchAll(/from\s+["'](\.\/[^"']+)["']/g)) {
  if (!existsSync(path.join(dist, match[1]))) fail(`init.js imports ${match[1]}, which is not in ${staticUrl}`);
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
const kilobytes = Math.round(Buffer.byteLength(css) / 1024);
const vendorNote = vendorWarnings ? `; ${vendorWarnings} Sass warning(s) from inside the frontends not shown` : "";
console.log(`built ${path.relative(root, dist)}/ (app.css ${kilobytes} KB) in ${seconds} s${vendorNote}`);
