'use strict';
/*
 * The aggregator's operator page in the system's headless Chromium, against a running aggregator whose insurers
 * are set up by the caller (OperatorPageIT): one breaker forced open, another insurer switched off.
 *   node operator-page.test.js <base URL> <user> <password> <breaker insurer> <switched-off insurer> <screenshot file>
 * Exits 0 when every step held, 1 with the failing step otherwise.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const [BASE, USER, PASSWORD, FORCED, OFF, SHOT] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = 30000;

if (!SHOT) {
  console.error('usage: node operator-page.test.js <base URL> <user> <password> <breaker insurer> <switched-off insurer> <screenshot file>');
  process.exit(2);
}

let stepName = 'start';
function step(name) {
  stepName = name;
  console.log('step: ' + name);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'osago-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 620 },
    httpCredentials: { username: USER, password: PASSWORD },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  const errors = [];
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));

    step('the page opens and lists every insurer');
    await page.goto(BASE + '/operator.html', { waitUntil: 'load' });
    await page.waitForSelector('#status[data-state=ok]', { timeout: WAIT_MS });
    const rows = await page.locator('#insurers tbody tr').count();
    check(rows >= 3, 'expected a row per insurer, saw ' + rows);

    step('the insurer whose breaker an operator forced open is shown so');
    const forced = page.locator('tr[data-insurer="' + FORCED + '"]');
    await page.waitForSelector('tr[data-insurer="' + FORCED + '"][data-breaker=FORCED_OPEN]', { timeout: WAIT_MS });
    check(/forced open/.test(await forced.locator('.breaker').textContent()), 'the breaker badge does not say forced open');
    check(await forced.getAttribute('data-enabled') === 'true', FORCED + ' is shown switched off');

    step('the insurer an operator switched off is shown off, with who did it');
    const off = page.locator('tr[data-insurer="' + OFF + '"]');
    await page.waitForSelector('tr[data-insurer="' + OFF + '"][data-enabled=false]', { timeout: WAIT_MS });
    check((await off.locator('.traffic').textContent()).trim() === 'off', 'the traffic badge does not say off');
    check(/by /.test(await off.textContent()), 'who switched it off is not shown');

    step('an insurer with calls shows its rate and latency, live');
    await page.waitForFunction(() => [...document.querySelectorAll('#insurers tbody tr')]
      .some((tr) => /\d+ ms/.test(tr.children[5].textContent)), null, { timeout: WAIT_MS });
    const before = await page.textContent('#status');
    await page.waitForFunction((text) => document.querySelector('#status').textContent !== text, before, { timeout: WAIT_MS });

    step('screenshot');
    fs.mkdirSync(path.dirname(path.resolve(SHOT)), { recursive: true });
    await page.screenshot({ path: SHOT, fullPage: true });
    console.log('  screenshot ' + path.resolve(SHOT));

    check(errors.length === 0, 'errors in the page: ' + errors.join('; '));
    console.log('operator page test passed');
  } finally {
    await context.close();
  }
}

main().catch((e) => {
  console.error('FAILED at step "' + stepName + '": ' + e.message);
  process.exit(1);
});
