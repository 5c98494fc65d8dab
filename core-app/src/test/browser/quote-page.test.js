'use strict';
/*
 * core-app's page in the system's headless Chromium, against a running core-app + aggregator + stub insurers.
 *   node quote-page.test.js <base URL> [screenshot dir]
 * Exits 0 when every step held, 1 with the failing step otherwise. Screenshots go to the screenshot dir
 * (default: core-app/target/browser-screenshots, git-ignored). The core-app under test must allow only a few
 * requests per user (BrowserIT starts it with requests-per-window=4) so that the 429 step is reached.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const BASE = process.argv[2];
const SHOTS = path.resolve(process.argv[3] || path.join(__dirname, '..', '..', '..', 'target', 'browser-screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// the quote's deadline is short in BrowserIT (20 s); waits are generous so a busy machine does not fail the run
const QUOTE_WAIT_MS = 60000;

if (!BASE) {
  console.error('usage: node quote-page.test.js <base URL> [screenshot dir]');
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

async function shot(page, name) {
  const file = path.join(SHOTS, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  console.log('  screenshot ' + file);
}

async function noHorizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'osago-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  });
  const errors = [];
  let page = null;
  try {
    page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));

    step('the page opens with the demo data filled in');
    await page.goto(BASE + '/', { waitUntil: 'load' });
    check(await page.inputValue('#vin') === 'XTA219010K0123456', 'the VIN field does not hold the demo VIN');
    await shot(page, '01-form');

    step('submitting shows the insurers and offers arrive live, before the quote is finished');
    await page.click('#submit');
    await page.waitForSelector('#results:not([hidden])', { timeout: QUOTE_WAIT_MS });
    // the greeting comes from its own request beside the quote's
    await page.waitForFunction(() => /КБМ/.test(document.getElementById('client').textContent), null, { timeout: QUOTE_WAIT_MS })
      .catch(() => check(false, 'the user\'s data from client-info is not shown'));
    await page.waitForSelector('#countdown[data-state=running]', { timeout: QUOTE_WAIT_MS });
    await page.waitForSelector('#insurers li[data-status=offer]', { timeout: QUOTE_WAIT_MS });
    check(await page.isHidden('#summary'), 'the summary was already shown when the first offer arrived');
    const rowsBefore = await page.locator('#insurers li').count();
    const offersBefore = await page.locator('#insurers li[data-status=offer]').evaluateAll((li) => li.map((e) => e.dataset.insurer));
    check(rowsBefore >= 2, 'expected a row per insurer, saw ' + rowsBefore);
    console.log('  ' + rowsBefore + ' insurers, offers so far: ' + offersBefore.join(', '));
    await shot(page, '02-offers-live');

    step('a reload mid-quote resumes it: the same rows and the countdown come back');
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#results:not([hidden])');
    await page.waitForFunction((n) => document.querySelectorAll('#insurers li').length >= n, rowsBefore, { timeout: QUOTE_WAIT_MS });
    for (const insurer of offersBefore) {
      check(await page.locator('#insurers li[data-insurer="' + insurer + '"][data-status=offer]').count() === 1,
        'the offer of ' + insurer + ' is missing after the reload');
    }
    const countdown = await page.getAttribute('#countdown', 'data-state');
    const secondsLeft = Number(await page.getAttribute('#countdown', 'data-seconds'));
    check(countdown === 'running' && secondsLeft > 0,
      'the countdown did not come back running (state ' + countdown + ', ' + secondsLeft + ' s left)');
    console.log('  after the reload: ' + await page.locator('#insurers li').count() + ' rows, countdown at ' + secondsLeft + ' s');
    check(await page.isVisible('#quote-form') === false, 'the form is shown again after the reload');
    await shot(page, '03-resumed-after-reload');

    step('the quote ends with the summary and the countdown says done');
    await page.waitForSelector('#summary:not([hidden])', { timeout: QUOTE_WAIT_MS });
    await page.waitForSelector('#countdown[data-state=done]');
    const summary = await page.textContent('#summary');
    const offers = await page.locator('#insurers li[data-status=offer]').count();
    check(/Предложений: \d+ из \d+/.test(summary), 'unexpected summary: ' + summary);
    check(String(offers) === await page.getAttribute('#summary', 'data-offers'), 'summary and offer rows disagree');
    check(await page.locator('#insurers li[data-status=waiting]').count() === 0, 'an insurer is still waiting after COMPLETED');
    console.log('  summary: ' + summary);
    await shot(page, '04-summary');

    step('at phone width (390 px) nothing overflows sideways');
    await page.setViewportSize({ width: 390, height: 844 });
    check(await noHorizontalOverflow(page), 'the results overflow horizontally at 390 px');
    await shot(page, '05-phone-results');
    await page.click('#new-quote');
    await page.waitForSelector('#quote-form:not([hidden])');
    check(await noHorizontalOverflow(page), 'the form overflows horizontally at 390 px');
    await shot(page, '06-phone-form');

    step('an invalid VIN is refused with a message at the field');
    await page.fill('#vin', 'XTA21901OK0123456');
    await page.click('#submit');
    await page.waitForFunction(() => document.querySelector('[data-error-for="vehicle.vin"]').textContent.trim() !== '');
    check(await page.getAttribute('#vin', 'aria-invalid') === 'true', 'the VIN field is not marked invalid');
    check((await page.textContent('#message')).includes('Проверьте выделенные поля'), 'no message about the fields');
    await shot(page, '07-validation-error');

    step('too many requests from one user end in a 429 message with the wait');
    let limited = false;
    for (let i = 0; i < 10 && !limited; i++) {
      await page.click('#submit');
      await page.waitForFunction(() => !document.querySelector('#submit').disabled);
      limited = (await page.textContent('#message')).includes('Слишком много запросов');
    }
    check(limited, 'no 429 message after 10 more submissions');
    check(/через \d+ с/.test(await page.textContent('#message')), 'the 429 message does not say how long to wait');
    await shot(page, '08-rate-limited');

    check(errors.length === 0, 'JavaScript errors on the page: ' + errors.join(' | '));
    console.log('browser test passed');
  } catch (e) {
    // what the page looked like when the step failed
    if (page) await shot(page, '99-failure').catch(() => {});
    throw e;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error('FAILED at "' + stepName + '": ' + (e && e.stack || e));
  process.exit(1);
});
