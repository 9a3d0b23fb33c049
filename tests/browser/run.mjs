// Browser tests of the web application: Debian's chromium driven by playwright-core against a
// real `opennrm serve` on a temporary database. The acceptance flow of the web issue, an
// axe-core check of every page (no serious or critical violation), no Content-Security-Policy
// violation, screenshots of the main pages at 1280 and 390 px into test-results/, and a run in
// the pseudo-locale that fails on any visible English text not taken from a catalog.
//
// A national action plan (examples/plans/needs-work.toml) is imported with the command line
// before the server starts, as the agencies and users are made.
//
// Usage: node tests/browser/run.mjs [path/to/opennrm]   (default: build/opennrm)

import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = path.resolve(process.argv[2] ?? path.join(root, 'build', 'opennrm'));
const resultsDir = path.join(root, 'test-results');
const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opennrm-browser-'));
const db = path.join(workDir, 'opennrm.db');
const password = 'Brisk-Harbour-Lantern-42';

// ---------------------------------------------------------------------------------------------
// Test bookkeeping: each check is a test; a failed step ends the flow that depends on it.

let passed = 0;
let failed = 0;
let running = 'starting the server and the browser';

async function check(name, work) {
  running = name;
  try {
    await work();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n     ')}`);
    throw new FlowStopped(name);
  }
}

class FlowStopped extends Error {}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------------------------
// The server and its accounts, made with the command line as an operator would.

function cli(args, input = '') {
  return execFileSync(binary, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

function addAgency(name, type) {
  return Number(cli(['agency', 'add', '--db', db, '--name', name, '--type', type]).trim());
}

// Returns the base32 second-factor secret for roles that have one.
function addUser(username, agency, role) {
  const out = cli(['user', 'add', '--db', db, '--username', username, '--agency', String(agency),
                   '--role', role], `${password}\n`);
  return out.trim().split('\n')[0] || null;
}

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

// RFC 6238 with SHA-1, 30-second steps, 6 digits.
function totp(secret, at = Date.now()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(code).padStart(6, '0');
}

function startServer() {
  return new Promise((resolve, reject) => {
    const server = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0'],
                         { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/OpenNRM listening on (http:\/\/[^\s]+)/);
      if (match) resolve({ server, base: match[1] });
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error('server did not start within 10 s')), 10000);
  });
}

function isoDate(date) {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return local.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Page checks.

const cspViolations = [];

async function axeCheck(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    resultTypes: ['violations'],
  }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(serious.length === 0, `axe on ${label}: ${described.join('; ')}`);
  expect(cspViolations.length === 0, `CSP violations: ${cspViolations.join('; ')}`);
}

async function screenshots(page, name) {
  const original = page.viewportSize();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 900 : 844 });
    await page.screenshot({ path: path.join(resultsDir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

// Every page is checked with axe and photographed at both widths.
async function visited(page, name) {
  await axeCheck(page, name);
  await screenshots(page, name);
}

async function signIn(page, base, username, secret) {
  await page.goto(`${base}/signin`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit].button-primary');
  if (secret) {
    await page.waitForSelector('#totp');
    await page.fill('#totp', totp(secret));
    await page.click('button[type=submit].button-primary');
  }
  await page.waitForSelector('form[action="/signout"]', { timeout: 5000 }).catch(() => {});
  expect(await page.locator('form[action="/signout"]').count() === 1,
         `${username} is not signed in: ${page.url()}`);
}

async function signOut(page) {
  await page.click('form[action="/signout"] button');
  await page.waitForURL(/\/signin\?signed_out=1/);
}

// ---------------------------------------------------------------------------------------------
// The acceptance flow.

async function acceptanceFlow(context, base, people, planId) {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const today = new Date();
  const identifiedOn = isoDate(new Date(today.getTime() - 5 * 86400000));
  let caseUrl = '';
  let caseNumber = '';

  await check('sign-in page redirects from / and passes axe', async () => {
    await page.goto(`${base}/`);
    expect(page.url().endsWith('/signin'), `not redirected to /signin: ${page.url()}`);
    await visited(page, 'signin');
  });
  await check('a wrong password is refused with a message', async () => {
    await page.fill('#username', 'officer');
    await page.fill('#password', 'not-the-password');
    await page.click('button[type=submit].button-primary');
    await page.waitForSelector('[role=alert]', { timeout: 5000 });
  });
  await check('the police officer signs in and lands on Today', async () => {
    await signIn(page, base, 'officer', null);
    expect(page.url().endsWith('/today'), `landed on ${page.url()}`);
  });
  await check('new identification of a presumed child', async () => {
    await page.click('nav a[href="/cases/new"]');
    await visited(page, 'new-identification');
    await page.fill('#event-date', identifiedOn);
    await page.selectOption('#f-identified-age_status', 'presumed_child');
    await page.selectOption('#f-identified-sex', 'female');
    await page.selectOption('#f-identified-residence_status', 'irregular');
    await page.fill('#f-identified-citizenship', 'md');
    await page.check('#f-identified-forms-sexual_exploitation');
    await page.fill('#f-identified-countries_of_exploitation', 'RO, MD');
    await page.click('form[action="/cases/new"] button[type=submit]');
    await page.waitForURL(/\/cases\/\d+\?notice=opened/);
    caseUrl = page.url().replace(/\?.*$/, '');
    const heading = await page.locator('h1').innerText();
    caseNumber = (heading.match(/NRM-\d{4}-\d+/) ?? [''])[0];
    expect(caseNumber !== '', `no case number in the heading ${heading}`);
    expect(await page.locator('.status-panel').innerText().then((t) => t.includes('Presumed child')),
           'status panel does not say presumed child');
    await visited(page, 'case');
  });
  await check('Today shows the guardian alert with what to do and the rule', async () => {
    await page.click('nav a[href="/today"]');
    const alert = page.locator('.alert-item', { hasText: 'Guardian missing' });
    expect(await alert.count() === 1, 'no guardian alert on Today');
    const text = await alert.innerText();
    expect(text.includes('R14 Guardian') && text.includes('CETS 197 Art. 10(4)'), text);
    expect(await alert.locator('a.case-link').getAttribute('href') === new URL(caseUrl).pathname,
           'the alert does not link to the case');
    await visited(page, 'today');
  });
  await check('refer to an NGO with the person\'s consent', async () => {
    await page.goto(caseUrl);
    await page.click(`a[href="${new URL(caseUrl).pathname}/refer"]`);
    await visited(page, 'refer');
    await page.selectOption('#to-agency', 'ngo');
    await page.selectOption('#service', 'shelter');
    await page.check('#consent-yes');
    await page.click('form.card button[type=submit]');
    await page.waitForURL(/notice=referred/);
    const timeline = await page.locator('.timeline').innerText();
    expect(timeline.includes('Consent recorded') && timeline.includes('Referral made'), timeline);
  });
  await check('the cases list finds the case by number', async () => {
    await page.goto(`${base}/cases?q=${encodeURIComponent(caseNumber)}`);
    expect(await page.locator(`#case-results a:text-is("${caseNumber}")`).count() === 1,
           'case not found by number');
    await page.goto(`${base}/cases`);
    await visited(page, 'cases');
  });
  await check('the officer signs out', async () => {
    await signOut(page);
    expect(await page.locator('.flash').innerText().then((t) => t.includes('signed out')), 'no message');
  });
  await check('the NGO caseworker accepts the referral', async () => {
    await signIn(page, base, 'caseworker', null);
    expect(await page.locator('a[href^="/referrals#referral-"]').count() === 1,
           'Today does not list the waiting referral');
    await page.click('nav a[href="/referrals"]');
    await visited(page, 'referrals');
    await page.click('form[action$="/accept"] button');
    await page.waitForURL(/notice=accepted/);
    expect(page.url().startsWith(caseUrl), `accepting led to ${page.url()}`);
    await signOut(page);
  });
  await check('the coordinator signs in with the second factor', async () => {
    await page.goto(`${base}/signin`);
    await page.fill('#username', 'coordinator');
    await page.fill('#password', password);
    await page.click('button[type=submit].button-primary');
    await page.waitForSelector('#totp');
    await visited(page, 'signin-second-step');
    await page.fill('#totp', totp(people.coordinator));
    await page.click('button[type=submit].button-primary');
    await page.waitForURL(/\/today$/);
  });
  await check('a forced return during the reflection period is refused with its reason', async () => {
    await page.goto(`${caseUrl}?event=returned`);
    const before = await page.locator('.timeline li').count();
    await page.fill('#f-returned-country', 'md');
    await page.check('#f-returned-voluntary-no');
    await page.click('form.event-form button[type=submit]');
    await page.waitForSelector('#refusal');
    const refusal = await page.locator('#refusal').innerText();
    expect(refusal.includes('R7 No removal while protected'), refusal);
    expect(refusal.includes('Reflection period'), `no grounds named: ${refusal}`);
    expect(refusal.includes('CETS 197 Art. 13(1)'), `no legal source: ${refusal}`);
    expect(await page.locator('.timeline li').count() === before, 'something was saved');
    expect(await page.inputValue('#f-returned-country') === 'md', 'the form lost its values');
    await visited(page, 'refused-return');
  });
  await check('the coordinator overview lists the child without a guardian', async () => {
    await page.click('nav a[href="/overview"]');
    const list = await page.locator('#no-guardian-heading + ul').innerText();
    expect(list.includes(caseNumber), list);
    await visited(page, 'overview');
  });
  await check('the coordinator opens the action plan and records progress', async () => {
    await page.click('nav a[href="/plans"]');
    const row = page.locator('tr', { has: page.locator(`a[href="/plans/${planId}"]`) });
    expect(await row.locator('[data-verdict="needs_work"]').count() === 1, 'no verdict in the list');
    await visited(page, 'plans');
    await page.click(`a[href="/plans/${planId}"]`);
    expect(await page.locator('#verdict-heading [data-verdict="needs_work"]').count() === 1,
           'no verdict on the plan page');
    expect(await page.locator('.coverage-matrix td.gap').count() > 0, 'the matrix shows no gap');
    const a4 = page.locator('#action-4');
    expect(await a4.locator('.is-missing').count() === 2, 'A4 does not show its two missing elements');
    await visited(page, 'plan');
    await page.selectOption('#progress-action', 'A4');
    await page.fill('#progress-percent', '30');
    await page.fill('#progress-note', 'Draft memorandum shared');
    await page.click('form.progress-form button[type=submit]');
    await page.waitForURL(/notice=recorded/);
    expect(await page.locator('.flash').innerText().then((t) => t.includes('Progress recorded')),
           'no confirmation');
    expect(await a4.innerText().then((t) => t.includes('30% done')), 'A4 does not show its progress');
  });
  await check('the jurisdiction page explains the policy', async () => {
    await page.click('nav a[href="/jurisdiction"]');
    expect(await page.locator('.verdict-ok').count() === 1, 'coe-minimum is not compliant');
    await visited(page, 'jurisdiction');
    await signOut(page);
  });
  await check('the administrator sees agencies and users', async () => {
    await signIn(page, base, 'admin', people.admin);
    expect(page.url().endsWith('/admin'), `admin landed on ${page.url()}`);
    expect(await page.locator('table').nth(1).innerText().then((t) => t.includes('caseworker')),
           'no users listed');
    await visited(page, 'admin');
    await signOut(page);
  });
  await check('the rapporteur sees the statistics as charts with tables, printable', async () => {
    await signIn(page, base, 'rapporteur', null);
    expect(page.url().endsWith('/statistics'), `rapporteur landed on ${page.url()}`);
    expect(await page.locator('svg.chart[role="img"]').count() === 3, 'not three charts');
    expect(await page.locator('table.stats-table caption').count() === 3, 'not three tables');
    // One victim in the whole database: every count is hidden, and the page says so.
    expect(await page.locator('svg.chart .gap').count() > 0, 'no gap marks for hidden counts');
    expect(await page.locator('svg.chart rect.bar').count() === 0, 'a hidden count was drawn');
    expect(await page.locator('.flash[role="note"]').count() === 1, 'no note that all is hidden');
    await visited(page, 'statistics');
    await page.emulateMedia({ media: 'print' });
    expect(!(await page.locator('.main-nav').isVisible()), 'the navigation is printed');
    expect(await page.locator('svg.chart').first().isVisible(), 'the charts are not printed');
    await page.emulateMedia({ media: 'screen' });
    await signOut(page);
  });
  await check('an ended session sends you back to sign in with a message', async () => {
    await signIn(page, base, 'officer', null);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'opennrm_session');
    await context.addCookies([{ ...session, value: 'expired-or-revoked-token' }]);
    await page.goto(`${base}/cases`);
    expect(/\/signin\?expired=1/.test(page.url()), `not sent to sign-in: ${page.url()}`);
    expect(await page.locator('.flash').innerText().then((t) => t.includes('session has ended')),
           'no expiry message');
  });
  await check('the French catalog translates the pages', async () => {
    await signIn(page, base, 'officer', null);
    await page.selectOption('#language-select', 'fr');
    await page.click('.language-form button');
    await page.waitForLoadState('load');
    expect(await page.getAttribute('html', 'lang') === 'fr', 'page is not French');
    await page.goto(caseUrl);
    await visited(page, 'case-fr');
    await page.selectOption('#language-select', 'en');
    await page.click('.language-form button');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  });
  // The page stays open for the next run: closing the last page of a persistent context can
  // leave chromium shutting down underneath the next call.
  await context.clearCookies();
  return { page, caseUrl };
}

// ---------------------------------------------------------------------------------------------
// The pseudo-locale run: every text a page shows must come from a catalog. Text in an element
// with translate="no" (case numbers, names, user data) or its own lang (the language names of
// the switcher) is data, not interface.

async function untranslatedText(page) {
  return page.evaluate(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      let element = node.parentElement;
      let text = node.textContent;
      // A chart label drawn on several lines is one SVG <text> of several <tspan>s.
      const label = element?.closest('svg text');
      if (label) {
        if (seen.has(label)) continue;
        seen.add(label);
        element = label;
        text = label.textContent;
      }
      if (!element || element.closest('[translate="no"], [lang]:not(html), script, style')) continue;
      if (element.closest('[hidden]') || element.getClientRects().length === 0) continue;
      const rest = text.replace(/\[[^\]]*\]/g, ' ');
      const words = rest.match(/[A-Za-z]{3,}/g) ?? [];
      if (words.length) found.push(`${rest.trim()} (in <${element.tagName.toLowerCase()}>)`);
    }
    return found;
  });
}

async function pseudoLocaleRun(context, page, base, caseUrl, planId) {
  await check('pseudo-locale: no hard-coded text on any page', async () => {
    await signIn(page, base, 'officer', null);
    const token = await page.inputValue('form[action="/signout"] input[name=csrf_token]');
    await context.request.post(`${base}/locale`, { form: { locale: 'qps', csrf_token: token, back: '/today' } });
    const pages = ['/today', '/cases', '/cases/new', new URL(caseUrl).pathname,
                   `${new URL(caseUrl).pathname}/refer`, '/referrals', '/jurisdiction',
                   '/cases/999999', '/overview', '/plans', `/plans/${planId}`, '/plans/999999'];
    const problems = [];
    for (const address of pages) {
      await page.goto(`${base}${address}`);
      for (const text of await untranslatedText(page)) problems.push(`${address}: ${text}`);
    }
    // A refused event in the pseudo-locale: the refusal comes from the catalog as well.
    await page.goto(`${base}${new URL(caseUrl).pathname}?event=referral_made`);
    await page.selectOption('#f-referral_made-to_agency_type', 'health');
    await page.selectOption('#f-referral_made-service', 'medical');
    await page.click('form.event-form button[type=submit]');
    await page.waitForSelector('#refusal');
    for (const text of await untranslatedText(page)) problems.push(`refusal: ${text}`);
    // The statistics page is the rapporteur's alone.
    await signOut(page);
    await signIn(page, base, 'rapporteur', null);
    const rapporteurToken = await page.inputValue('form[action="/signout"] input[name=csrf_token]');
    await context.request.post(`${base}/locale`,
                               { form: { locale: 'qps', csrf_token: rapporteurToken, back: '/statistics' } });
    await page.goto(`${base}/statistics`);
    for (const text of await untranslatedText(page)) problems.push(`/statistics: ${text}`);
    await page.goto(`${base}/signin`);
    await signOut(page);
    for (const text of await untranslatedText(page)) problems.push(`signin: ${text}`);
    expect(problems.length === 0, `untranslated text:\n     ${problems.join('\n     ')}`);
  });
}

// ---------------------------------------------------------------------------------------------

// Every step has its own timeout, but a browser that stops answering can still hang a call that
// has none; the whole run therefore has a deadline, after which it names the step and fails.
const deadlineSeconds = Number(process.env.BROWSER_TEST_DEADLINE ?? 300);

function startWatchdog(stop) {
  const timer = setTimeout(() => {
    console.log(`FAIL the browser run passed its ${deadlineSeconds} s deadline during: ${running}`);
    console.log(`browser: ${passed} passed, ${failed + 1} failed`);
    stop();
    process.exit(1);
  }, deadlineSeconds * 1000);
  timer.unref();
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

async function main() {
  const startedAt = Date.now();
  let server = null;
  let browser = null;
  startWatchdog(() => {
    // Playwright kills the chromium it launched when this process exits.
    server?.kill('SIGKILL');
  });
  fs.mkdirSync(resultsDir, { recursive: true });
  cli(['init', '--db', db]);
  const police = addAgency('Police North Division', 'police');
  const ngo = addAgency('Safe Harbour Shelter', 'ngo');
  const office = addAgency('National Coordination Office', 'coordinator');
  const it = addAgency('Ministry IT Unit', 'other');
  const rapporteurOffice = addAgency('Office of the National Rapporteur', 'rapporteur');
  const people = {};
  addUser('officer', police, 'frontline_officer');
  addUser('caseworker', ngo, 'caseworker');
  people.coordinator = addUser('coordinator', office, 'coordinator');
  people.admin = addUser('admin', it, 'admin');
  addUser('rapporteur', rapporteurOffice, 'rapporteur');
  const planId = JSON.parse(cli(['plan', 'import', '--db', db,
                                 path.join(root, 'examples/plans/needs-work.toml')])).plan_id;

  const started = await startServer();
  server = started.server;
  const base = started.base;
  // A fresh profile directory (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(path.join(workDir, 'chromium-profile'), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    timeout: 15000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  browser.setDefaultTimeout(10000);
  try {
    const { page, caseUrl } = await acceptanceFlow(browser, base, people, planId);
    await pseudoLocaleRun(browser, page, base, caseUrl, planId);
  } catch (error) {
    if (!(error instanceof FlowStopped)) {
      failed += 1;
      console.log(`FAIL ${error?.stack ?? error}`);
    }
  } finally {
    running = 'closing the browser';
    await withTimeout(browser.close(), 15000);
    server.kill('SIGTERM');
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  console.log(`screenshots in ${path.relative(process.cwd(), resultsDir) || '.'}/ ` +
              `(${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
