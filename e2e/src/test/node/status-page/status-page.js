'use strict';
// Watches the relay's status page in Debian's chromium for the end-to-end test that drives the relay. Usage:
//   node status-page.js URL      (URL ends with #key=ADMIN_KEY)
// Prints "ready" once the page shows data, then answers each command read from standard input, one a line, with
// "ok CMD" once the page shows what it asks, or "fail CMD: why" after WAIT_MS. Commands:
//   machine ID NAME GROUP   a row for connection ID lists NAME and GROUP
//   machine-any ID          a row for connection ID
//   gone ID                 no row for connection ID
//   rate-above N            messages/s shows more than N
//   errors-above N          the error total shows more than N
//   received-above N        the message total shows more than N
//   quit
const readline = require('readline');
const { chromium } = require('playwright-core');

const WAIT_MS = 15000;
const url = process.argv[2];
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

function number(id) {
  return `Number(document.getElementById('${id}').textContent)`;
}

const conditions = {
  machine: (id, name, group) => [`(() => { const r = [...document.querySelectorAll('#machines tbody tr')]
      .find(r => r.dataset.id === ${JSON.stringify(id)});
      return !!r && r.cells[1].textContent.split(', ').includes(${JSON.stringify(name)})
        && r.cells[2].textContent.split(', ').includes(${JSON.stringify(group)}); })()`],
  'machine-any': (id) => [`[...document.querySelectorAll('#machines tbody tr')].some(r => r.dataset.id === ${JSON.stringify(id)})`],
  gone: (id) => [`![...document.querySelectorAll('#machines tbody tr')].some(r => r.dataset.id === ${JSON.stringify(id)})`],
  'rate-above': (n) => [`${number('rate')} > ${Number(n)}`],
  'errors-above': (n) => [`${number('errors')} > ${Number(n)}`],
  'received-above': (n) => [`${number('received')} > ${Number(n)}`],
};

(async () => {
  const args = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : [];
  const browser = await chromium.launch({ executablePath, args, headless: true });
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error: ' + e.message));
  try {
    await page.goto(url);
    await page.waitForFunction(`${number('connections')} >= 0 && document.getElementById('received').textContent !== '-'`,
      null, { timeout: WAIT_MS });
    console.log('ready');
    const lines = readline.createInterface({ input: process.stdin });
    for await (const line of lines) {
      const [cmd, ...rest] = line.trim().split(/\s+/);
      if (cmd === 'quit') {
        break;
      }
      const condition = conditions[cmd];
      if (!condition) {
        console.log(`fail ${line}: unknown command`);
        continue;
      }
      try {
        await page.waitForFunction(condition(...rest)[0], null, { timeout: WAIT_MS, polling: 100 });
        console.log(`ok ${line}`);
      } catch (e) {
        const shown = await page.evaluate(() => document.body.innerText).catch(() => '?');
        console.log(`fail ${line}: ${e.message.split('\n')[0]} | page: ${shown.replace(/\s+/g, ' ')}`);
      }
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.log('fail start: ' + e.message.split('\n')[0]);
  process.exit(1);
});
