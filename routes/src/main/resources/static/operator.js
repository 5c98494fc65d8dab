'use strict';
// Polls GET /osago/insurers (same origin: the browser sends the operator's HTTP Basic credentials) and redraws.
(function () {
  const PERIOD_MS = 3000;
  const body = document.querySelector('#insurers tbody');
  const status = document.getElementById('status');

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function when(instant) {
    return instant ? new Date(instant).toLocaleTimeString() : '';
  }

  function number(value, suffix) {
    return value === null || value === undefined ? '–' : value + (suffix || '');
  }

  function row(insurer) {
    const tr = el('tr');
    tr.dataset.insurer = insurer.id;
    tr.dataset.enabled = String(insurer.enabled);
    tr.dataset.breaker = insurer.breaker.state;

    const name = el('td');
    name.append(el('div', insurer.name), el('div', insurer.id, 'small'));

    const traffic = el('td');
    traffic.append(el('span', insurer.enabled ? 'on' : 'off', 'badge traffic ' + (insurer.enabled ? 'on' : 'off')));
    if (insurer.changedBy) {
      traffic.append(el('div', 'by ' + insurer.changedBy + (insurer.changedAt ? ' at ' + when(insurer.changedAt) : ''), 'small'));
    }

    const breaker = el('td');
    const state = insurer.breaker.state;
    breaker.append(el('span', state.replace('_', ' ').toLowerCase(), 'badge breaker ' + state));
    const counts = Object.entries(insurer.breaker.states).map(([s, n]) => n + ' ' + s.replace('_', ' ').toLowerCase());
    if (counts.length) breaker.append(el('div', counts.join(', '), 'small'));

    const rate = insurer.successRate === null ? null : (insurer.successRate * 100).toFixed(1);
    const error = el('td', insurer.lastError || '', 'error');
    if (insurer.lastErrorAt) error.append(el('div', when(insurer.lastErrorAt), 'small'));

    tr.append(name, traffic, breaker, el('td', insurer.callsPerSecond.toFixed(2), 'num'),
      el('td', number(rate, ' %'), 'num'), el('td', number(insurer.p50Ms, ' ms'), 'num'),
      el('td', number(insurer.p99Ms, ' ms'), 'num'), error);
    return tr;
  }

  async function refresh() {
    try {
      const response = await fetch('osago/insurers', { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const overview = await response.json();
      body.replaceChildren(...overview.insurers.map(row));
      document.getElementById('window').textContent = Math.round(overview.windowSeconds / 60);
      document.getElementById('instances').textContent = overview.instances;
      status.textContent = 'updated ' + when(overview.at);
      status.dataset.state = 'ok';
    } catch (e) {
      status.textContent = 'cannot read the insurers: ' + e.message;
      status.dataset.state = 'error';
    } finally {
      setTimeout(refresh, PERIOD_MS);
    }
  }

  refresh();
})();
