// Browser tests need a real Chromium. Find it; if it is missing, install Debian's
// `chromium` package when we are root, otherwise stop with a clear message.
// Never skip the browser tests silently.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

function findChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const path = execSync(`command -v ${name}`, { encoding: "utf8", shell: "/bin/bash" }).trim();
      if (path) return path;
    } catch {}
  }
  return null;
}

let path = findChromium();
if (!path) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    console.error("Browser tests need Chromium. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).");
    process.exit(1);
  }
  console.log("Chromium is missing: installing Debian's chromium package…");
  try {
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit", shell: "/bin/bash" });
  } catch (error) {
    console.error("Could not install chromium with apt-get; browser tests cannot run.", error.message);
    process.exit(1);
  }
  path = findChromium();
  if (!path) {
    console.error("apt-get finished but no chromium binary was found; browser tests cannot run.");
    process.exit(1);
  }
}
console.log(`Chromium for browser tests: ${path}`);
