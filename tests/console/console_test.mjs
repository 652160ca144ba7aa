// The operator console in a real browser: Debian's chromium driven by playwright-core, against a
// `marquee play` it starts on 127.0.0.1 with a token. Presses next, puts a takeover on screen,
// checks the thumbnail and /api/v1/status, and that a wrong token shows an error.
// Usage: node console_test.mjs MARQUEE_BINARY SOURCE_DIR OUT_DIR
// With MARQUEE_UPDATE_SCREENSHOTS=1 it also writes the README's docs/console.png.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const [marquee, source, out] = process.argv.slice(2);
if (!marquee || !source || !out) {
  console.error("usage: node console_test.mjs MARQUEE_BINARY SOURCE_DIR OUT_DIR");
  process.exit(2);
}
const deadline = setTimeout(() => fail("took longer than 120 s"), 120_000);
let player, context, failed = 0, passed = 0;

function fail(why) {
  console.error("FAIL: " + why);
  cleanup().finally(() => process.exit(1));
}
async function cleanup() {
  clearTimeout(deadline);
  if (context) await context.close().catch(() => {});
  if (player && player.exitCode === null) player.kill("SIGTERM");
}
function check(what, ok, detail = "") {
  if (ok) { passed++; console.log("ok: " + what); }
  else { failed++; console.error("FAIL: " + what + (detail ? " (" + detail + ")" : "")); }
}
const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// 30 s: under a loaded CI machine (the suite runs two tests at a time) chromium takes seconds.
async function until(what, test, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await test().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error("timed out waiting for " + what);
    await sleep(50);
  }
}

// A screen of its own: a config naming the demo playlist, a token, and a state folder, all in
// a scratch folder, so nothing from an earlier run is replayed.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "marquee-console-"));
const port = await freePort();
const token = "console-test-" + Math.random().toString(36).slice(2);
fs.writeFileSync(path.join(scratch, "token"), token + "\n", { mode: 0o600 });
fs.mkdirSync(path.join(scratch, "state"));
fs.writeFileSync(path.join(scratch, "marquee.yaml"), [
  `playlist: ${path.join(source, "playlists/expo-hall.yaml")}`,
  `state_dir: ${path.join(scratch, "state")}`,
  "control:",
  `  bind: 127.0.0.1:${port}`,
  `  token_file: ${path.join(scratch, "token")}`,
  "",
].join("\n"));
const base = `http://127.0.0.1:${port}`;
const api = (p) => fetch(base + p, { headers: { Authorization: "Bearer " + token } });

try {
  player = spawn(marquee, ["play", "--config", path.join(scratch, "marquee.yaml"), "--window", "1280x720"], {
    env: { ...process.env, SDL_VIDEODRIVER: "dummy", SDL_AUDIODRIVER: "dummy" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let playerLog = "";
  player.stderr.on("data", (d) => { playerLog += d; });
  player.on("exit", (code) => { if (code !== null && code !== 0) console.error(playerLog); });
  await until("the control server", async () => (await api("/api/v1/help")).ok);

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "marquee-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run"],
    viewport: { width: 1280, height: 620 },
  });
  const page = context.pages()[0] || await context.newPage();
  await page.goto(base + "/");

  // The token: asked once; a wrong one shows an error.
  await page.waitForSelector("#token-form:not([hidden])");
  await page.fill("#token-input", "not-the-token");
  await page.click("#token-entry button");
  await until("the wrong-token error", async () =>
    (await page.textContent("#token-error")) === "wrong token");
  check("a wrong token shows an error", true);
  check("the console stays hidden without the token", await page.isHidden("#console"));
  await page.fill("#token-input", token);
  await page.click("#token-entry button");
  await page.waitForSelector("#console:not([hidden])");
  check("the right token opens the console", true);
  check("the token is kept for the tab", (await page.evaluate(() => sessionStorage.getItem("marquee-token"))) === token);
  const screenName = (await (await api("/api/v1/status")).json()).screen;
  await until("the screen's name", async () => (await page.textContent("#screen-name")) === screenName);
  check("the page names the screen", screenName.length > 0, screenName);

  // The thumbnail's pixels, hashed, once a new one has loaded.
  const thumbnail = async () => page.evaluate(() => {
    const img = document.getElementById("thumb");
    const c = document.createElement("canvas");
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    c.getContext("2d").drawImage(img, 0, 0);
    return c.toDataURL("image/png");
  }).then((d) => createHash("sha256").update(d).digest("hex"));
  const loaded = async () => Number((await page.getAttribute("#thumb", "data-loaded")) || 0);
  await until("the first thumbnail", async () => (await loaded()) >= 1);
  await sleep(1500);  // the settled picture, after its own second refresh
  const slideBefore = await page.textContent("#slide");
  const thumbBefore = await thumbnail();

  // Next: the slide and the thumbnail change.
  let count = await loaded();
  await page.click("#btn-next");
  await until("the next slide", async () => (await page.textContent("#slide")) !== slideBefore);
  await until("a new thumbnail", async () => (await loaded()) > count);
  await sleep(1500);
  const thumbAfterNext = await thumbnail();
  check("next changes the slide", true, await page.textContent("#slide"));
  check("next changes the thumbnail", thumbAfterNext !== thumbBefore);
  check("the page says next was applied", /^next ✓/.test(await page.textContent("#message")));

  // A takeover from the form.
  const text = "Keynote starts in 5 minutes · Festival Pavilion, Pier 3";
  count = await loaded();
  await page.fill("#takeover-text", text);
  await page.fill("#takeover-title", "Up next");
  await page.selectOption("#takeover-style", "info");
  await page.fill("#takeover-duration", "5m");
  await page.click("#btn-takeover");
  await until("the takeover on screen", async () =>
    (await page.getAttribute("#operator", "data-takeovers")) === "1");
  await until("a new thumbnail", async () => (await loaded()) > count);
  await sleep(1500);
  const thumbAfterTakeover = await thumbnail();
  check("the takeover changes the thumbnail", thumbAfterTakeover !== thumbAfterNext);

  // /api/v1/status agrees with the page.
  const status = await (await api("/api/v1/status")).json();
  const shown = await page.textContent("#slide");
  check("status has the slide the page shows", shown.startsWith(status.slide.id + " "), shown + " vs " + status.slide.id);
  check("status has the takeover", status.operators.takeovers.length === 1 &&
        status.operators.takeovers[0].text === text && status.operators.takeovers[0].style === "info");
  check("status names the screen", status.screen === screenName);
  const noToken = await fetch(base + "/api/v1/status");
  check("status without the token is refused", noToken.status === 401);

  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, "console.png") });
  if (process.env.MARQUEE_UPDATE_SCREENSHOTS === "1") {
    await page.screenshot({ path: path.join(source, "docs/console.png") });
    console.log("wrote " + path.join(source, "docs/console.png"));
  }

  // Clear: the takeover goes.
  await page.click("#btn-clear");
  await until("the takeover off", async () =>
    (await page.getAttribute("#operator", "data-takeovers")) === "0");
  check("clear ends the takeover", true);
} catch (e) {
  failed++;
  console.error("FAIL: " + (e && e.stack || e));
}
await cleanup();
fs.rmSync(scratch, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
