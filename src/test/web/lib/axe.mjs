// axe-core injected from node_modules: a page passes when no violation is serious or critical.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations on the page (WCAG 2.x A/AA and best practices). */
export async function seriousAxeViolations(page) {
  // addScriptTag would be an inline script (the CSP refuses it); evaluate runs in the page's isolated world.
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with a readable list when axe finds a serious or critical violation. */
export async function expectNoSeriousAxe(page) {
  const violations = await seriousAxeViolations(page);
  const report = violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary}`).join('\n')).join('\n');
  assert.equal(violations.length, 0, `axe-core found serious/critical violations on ${page.url()}:\n${report}`);
}
