'use strict';
/*
 * OSAGO quote page: posts the form, then streams the request's events over WebSocket.
 * State survives a reload: requestId and token are kept in sessionStorage; on load the page reads the
 * snapshot and reconnects. Every event is applied once (by eventId), in any order.
 */
(function () {
  const STORAGE_KEY = 'osago.request';
  const API = '/api/osago/requests';
  const CLIENT_API = '/api/osago/client';
  const MAX_RECONNECTS = 6;

  const price = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', maximumFractionDigits: 2 });
  const $ = (id) => document.getElementById(id);

  const STATUS_TEXT = { waiting: 'ждём ответа…', declined: 'отказ', failed: 'ошибка', timeout: 'нет ответа вовремя' };
  const MESSAGES = {
    'is required': 'обязательное поле',
    'must be 17 characters': 'VIN — ровно 17 символов',
    'may hold only Latin letters and digits, without I, O and Q': 'только латинские буквы и цифры, без I, O и Q',
    'must not be in the past': 'дата не может быть в прошлом',
    'must not be in the future': 'дата не может быть в будущем',
    'is not valid JSON': 'некорректный запрос',
    'must be a date in the form YYYY-MM-DD': 'укажите дату',
    'must be a whole number': 'укажите целое число',
    'name at least one driver, or set unlimitedDrivers': 'укажите водителя или выберите «без ограничений»',
    'must be empty when unlimitedDrivers is true': 'при «без ограничений» водители не указываются'
  };
  const translate = (m) => MESSAGES[m] || (m.startsWith('must look like') ? 'формат: А123ВС77 (буквы А В Е К М Н О Р С Т У Х)' : m);

  let state = null;       // { requestId, token, streamUrl, snapshotUrl }
  let seen = new Set();   // eventIds applied
  let insurers = new Map(); // id -> { id, name, status, premium }
  let deadline = null;
  let finished = false;
  let socket = null;
  let reconnects = 0;
  let timer = null;

  // ---------- form ----------

  function isoDate(d) {
    const p = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
  }

  function fillDemo() {
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    const values = {
      vin: 'XTA219010K0123456', plate: 'А123ВС77', make: 'LADA', model: 'Vesta', year: 2019, power: 106,
      'owner-last': 'Иванов', 'owner-first': 'Иван', 'owner-middle': 'Иванович', 'owner-birth': '1985-04-12',
      'driver-last': 'Иванов', 'driver-first': 'Иван', 'driver-middle': 'Иванович', 'driver-birth': '1985-04-12',
      licence: '77 12 345678', 'licence-issued': '2005-06-01', 'policy-start': isoDate(tomorrow)
    };
    Object.entries(values).forEach(([id, v]) => { $(id).value = v; });
    $('unlimited').checked = false;
    toggleDriver();
  }

  function toggleDriver() {
    $('driver').hidden = $('unlimited').checked;
  }

  const val = (id) => { const v = $(id).value.trim(); return v === '' ? null : v; };
  const num = (id) => { const v = val(id); return v === null ? null : Number(v); };

  function formRequest() {
    const unlimited = $('unlimited').checked;
    return {
      vehicle: { vin: val('vin'), plate: val('plate'), make: val('make'), model: val('model'), year: num('year'), powerHp: num('power'), category: 'B' },
      owner: { lastName: val('owner-last'), firstName: val('owner-first'), middleName: val('owner-middle'), birthDate: val('owner-birth') },
      unlimitedDrivers: unlimited,
      drivers: unlimited ? [] : [{
        lastName: val('driver-last'), firstName: val('driver-first'), middleName: val('driver-middle'),
        birthDate: val('driver-birth'), licenceNumber: val('licence'), licenceIssued: val('licence-issued')
      }],
      policyStart: val('policy-start')
    };
  }

  function clearErrors() {
    document.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
    document.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  }

  function showFieldErrors(errors) {
    let first = null;
    errors.forEach((err) => {
      const slot = document.querySelector('[data-error-for="' + CSS.escape(err.field || '') + '"]')
        || document.querySelector('[data-error-for=""]');
      slot.textContent = (slot.textContent ? slot.textContent + '; ' : '') + translate(err.message);
      const input = document.querySelector('[name="' + CSS.escape(err.field || '') + '"]');
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      }
    });
    if (first) first.focus();
  }

  function showMessage(text, kind) {
    const m = $('message');
    m.textContent = text;
    m.dataset.kind = kind || 'error';
    m.hidden = !text;
  }

  async function submit(event) {
    event.preventDefault();
    clearErrors();
    showMessage('');
    $('submit').disabled = true;
    // the greeting is asked for beside the quote, so the quote never waits for client-info
    const client = lookUpClient();
    try {
      const response = await fetch(API, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify(formRequest())
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 202) {
        start({ requestId: body.requestId, token: body.token, streamUrl: body.streamUrl, snapshotUrl: body.snapshotUrl,
          client: null });
        const requestId = body.requestId;
        client.then((c) => {
          if (!c || !state || state.requestId !== requestId) return;
          state.client = c;
          sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
          showClient(c);
        });
      } else if (response.status === 400) {
        showFieldErrors(body.errors || []);
        showMessage('Проверьте выделенные поля.');
      } else if (response.status === 429) {
        const wait = response.headers.get('Retry-After');
        showMessage('Слишком много запросов. Попробуйте снова' + (wait ? ' через ' + wait + ' с.' : ' чуть позже.'));
      } else if (response.status === 503) {
        const wait = response.headers.get('Retry-After');
        showMessage('Сервис расчёта временно недоступен. Попробуйте снова' + (wait ? ' через ' + wait + ' с.' : ' чуть позже.'));
      } else {
        showMessage('Сервис временно недоступен (код ' + response.status + '). Попробуйте ещё раз через минуту.');
      }
    } catch (e) {
      showMessage('Нет связи с сервером. Проверьте подключение и попробуйте ещё раз.');
    } finally {
      $('submit').disabled = false;
    }
  }

  // ---------- results ----------

  function reset() {
    seen = new Set();
    insurers = new Map();
    deadline = null;
    finished = false;
    reconnects = 0;
    $('insurers').innerHTML = '';
    $('summary').hidden = true;
    $('summary').textContent = '';
    $('rejected').hidden = true;
    $('rejected').textContent = '';
    $('countdown').textContent = '';
    $('countdown').dataset.state = 'idle';
    setRequestState('waiting', 'Ждём ответа агрегатора…');
    showClient(state && state.client);
  }

  // client-info may be slow or down (204): then the quote simply goes on without the greeting
  async function lookUpClient() {
    try {
      const response = await fetch(CLIENT_API, { headers: { 'Accept': 'application/json' } });
      return response.status === 200 ? await response.json() : null;
    } catch (e) {
      return null;
    }
  }

  function showClient(client) {
    const p = $('client');
    p.hidden = !(client && client.fullName);
    p.textContent = p.hidden ? '' : client.fullName + (client.kbm != null ? ', КБМ ' + client.kbm : '');
  }

  function start(s) {
    state = s;
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    reset();
    $('quote-form').hidden = true;
    $('results').hidden = false;
    connect();
  }

  async function resume() {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    if (!saved) return false;
    try {
      state = JSON.parse(saved);
    } catch (e) {
      sessionStorage.removeItem(STORAGE_KEY);
      return false;
    }
    reset();
    $('quote-form').hidden = true;
    $('results').hidden = false;
    try {
      const response = await fetch(state.snapshotUrl, { headers: { 'Accept': 'application/json' } });
      if (response.status === 403 || response.status === 404) {
        newQuote();
        return false;
      }
      if (response.ok) {
        const snapshot = await response.json();
        snapshot.events.forEach(apply);
      }
    } catch (e) {
      showMessage('Нет связи с сервером, переподключаемся…', 'info');
    }
    if (!finished) connect();
    return true;
  }

  function connect() {
    if (finished || !state) return;
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + state.streamUrl;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => { reconnects = 0; showMessage(''); };
    ws.onmessage = (m) => {
      try { apply(JSON.parse(m.data)); } catch (e) { /* a frame we cannot read is skipped */ }
    };
    ws.onclose = () => {
      if (socket !== ws || finished) return;
      socket = null;
      if (reconnects >= MAX_RECONNECTS) {
        showMessage('Соединение потеряно. Обновите страницу, чтобы увидеть результаты.');
        return;
      }
      const delay = Math.min(8000, 500 * Math.pow(2, reconnects++));
      showMessage('Соединение прервалось, переподключаемся…', 'info');
      setTimeout(connect, delay);
    };
  }

  function apply(ev) {
    if (!ev || !ev.eventId || seen.has(ev.eventId)) return;
    seen.add(ev.eventId);
    switch (ev.type) {
      case 'ACCEPTED':
        (ev.insurers || []).forEach((i) => {
          if (!insurers.has(i.id)) insurers.set(i.id, { id: i.id, name: i.name, status: 'waiting' });
        });
        deadline = ev.deadline ? new Date(ev.deadline) : null;
        setRequestState('running', 'Страховые компании считают стоимость…');
        startCountdown();
        break;
      case 'OFFER':
        upsert(ev, 'offer', { premium: Number(ev.premium), currency: ev.currency || 'RUB' });
        break;
      case 'INSURER_DECLINED':
        upsert(ev, 'declined', { reason: ev.reason });
        break;
      case 'INSURER_FAILED':
        upsert(ev, 'failed', { reason: ev.reason });
        break;
      case 'INSURER_TIMEOUT':
        upsert(ev, 'timeout', { reason: ev.reason });
        break;
      case 'COMPLETED':
        finish();
        insurers.forEach((i) => { if (i.status === 'waiting') i.status = 'timeout'; });
        showSummary(ev.summary || {});
        break;
      case 'REJECTED':
        finish();
        setRequestState('rejected', 'Заявка отклонена.');
        $('rejected').hidden = false;
        $('rejected').textContent = (ev.errors || []).map((e) => (e.field ? e.field + ': ' : '') + translate(e.message)).join('; ');
        break;
      default:
        return;
    }
    render();
  }

  function upsert(ev, status, extra) {
    const current = insurers.get(ev.insurer) || { id: ev.insurer, name: ev.insurerName || ev.insurer };
    insurers.set(ev.insurer, Object.assign(current, { name: ev.insurerName || current.name, status: status }, extra));
  }

  const ORDER = { offer: 0, waiting: 1, declined: 2, failed: 3, timeout: 4 };

  function render() {
    const rows = Array.from(insurers.values()).sort((a, b) =>
      (ORDER[a.status] - ORDER[b.status]) || (a.status === 'offer' ? a.premium - b.premium : 0) || a.name.localeCompare(b.name, 'ru'));
    const best = rows.find((r) => r.status === 'offer');
    const list = $('insurers');
    list.innerHTML = '';
    rows.forEach((r) => {
      const li = document.createElement('li');
      li.dataset.insurer = r.id;
      li.dataset.status = r.status;
      if (best && r === best) li.dataset.best = 'true';
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = r.name;
      const status = document.createElement('span');
      status.className = 'status';
      if (r.status === 'offer') {
        status.textContent = price.format(r.premium);
        status.dataset.premium = String(r.premium);
      } else {
        status.textContent = STATUS_TEXT[r.status] || r.status;
        if (r.reason) status.title = r.reason;
      }
      li.append(name, status);
      list.append(li);
    });
  }

  function startCountdown() {
    clearInterval(timer);
    if (!deadline || finished) return;
    const tick = () => {
      const left = Math.max(0, Math.ceil((deadline.getTime() - Date.now()) / 1000));
      const c = $('countdown');
      c.dataset.seconds = String(left);
      c.dataset.state = 'running';
      c.textContent = left > 0 ? 'осталось ' + left + ' с' : 'подводим итоги…';
      if (left === 0) clearInterval(timer);
    };
    tick();
    timer = setInterval(tick, 1000);
  }

  function finish() {
    finished = true;
    clearInterval(timer);
    const c = $('countdown');
    c.dataset.state = 'done';
    c.textContent = 'готово';
    if (socket) {
      const ws = socket;
      socket = null;
      ws.close();
    }
  }

  function showSummary(s) {
    setRequestState('completed', 'Расчёт завершён.');
    const parts = ['Предложений: ' + (s.offers || 0) + ' из ' + (s.insurers || insurers.size)];
    if (s.declined) parts.push('отказов: ' + s.declined);
    if (s.failed) parts.push('ошибок: ' + s.failed);
    if (s.timedOut) parts.push('без ответа: ' + s.timedOut);
    let text = parts.join(', ') + '.';
    if (s.bestInsurer && s.bestPremium != null) {
      const best = insurers.get(s.bestInsurer);
      text += ' Лучшее предложение: ' + (best ? best.name : s.bestInsurer) + ' — ' + price.format(Number(s.bestPremium)) + '.';
    } else {
      text += ' К сожалению, ни одна компания не сделала предложения.';
    }
    const summary = $('summary');
    summary.textContent = text;
    summary.dataset.offers = String(s.offers || 0);
    if (s.bestInsurer) summary.dataset.bestInsurer = s.bestInsurer;
    summary.hidden = false;
  }

  function setRequestState(code, text) {
    const p = $('request-state');
    p.dataset.state = code;
    p.textContent = text;
  }

  function newQuote() {
    finished = true;
    clearInterval(timer);
    if (socket) { const ws = socket; socket = null; ws.close(); }
    sessionStorage.removeItem(STORAGE_KEY);
    state = null;
    showMessage('');
    $('results').hidden = true;
    $('quote-form').hidden = false;
  }

  // ---------- start ----------

  document.addEventListener('DOMContentLoaded', async () => {
    fillDemo();
    $('unlimited').addEventListener('change', toggleDriver);
    $('quote-form').addEventListener('submit', submit);
    $('new-quote').addEventListener('click', newQuote);
    await resume();
  });
})();
