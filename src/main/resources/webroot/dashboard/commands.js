// Screens over the command API: custom commands, quotes, counters and timers
// (/api/v1/communities/{c}/commands, /quotes, /counters, /timers; docs/commands.md).
(function () {
  'use strict';
  const D = window.ChorusDashboard;
  const $ = (id) => document.getElementById(id);
  const slug = (value) => value.trim().replace(/^!/, '').toLowerCase();
  const confirmed = (question) => window.confirm(question);

  // Custom commands: GET list, PUT one by name (the whole definition), DELETE.
  function loadCommands() {
    return D.api('GET', '/commands').then((body) => {
      const rows = $('command-rows');
      rows.textContent = '';
      for (const c of body.items || []) {
        const cooldown = c.globalCooldown + ' / ' + c.personCooldown;
        const response = c.enabled ? c.response : c.response + ' (off)';
        rows.appendChild(D.row(['!' + c.name, response, c.permission, cooldown], [
          { label: 'edit', click: () => editCommand(c) },
          { label: 'delete', click: () => deleteCommand(c.name) },
        ], { 'data-name': c.name }));
      }
    }).catch((e) => D.note('commands-note', e));
  }

  function editCommand(c) {
    $('command-name').value = c.name;
    $('command-response').value = c.response;
    $('command-permission').value = c.permission;
    $('command-global').value = c.globalCooldown;
    $('command-person').value = c.personCooldown;
    $('command-enabled').checked = c.enabled;
    $('command-response').focus();
  }

  function deleteCommand(name) {
    if (!confirmed('Delete !' + name + '?')) return;
    D.api('DELETE', '/commands/' + encodeURIComponent(name))
      .then(() => { D.note('commands-note', '!' + name + ' deleted'); return loadCommands(); })
      .catch((e) => D.note('commands-note', e));
  }

  $('command-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = slug($('command-name').value);
    const definition = {
      response: $('command-response').value,
      permission: $('command-permission').value,
      globalCooldown: Number($('command-global').value || 0),
      personCooldown: Number($('command-person').value || 0),
      enabled: $('command-enabled').checked,
    };
    D.api('PUT', '/commands/' + encodeURIComponent(name), definition).then(() => {
      D.note('commands-note', '!' + name + ' saved');
      $('command-name').value = ''; $('command-response').value = '';
      return loadCommands();
    }).catch((e) => D.note('commands-note', e));
  });

  // Quotes: pages of 50 by number, add, delete (numbers are never reused).
  let lastQuote = 0;
  function loadQuotes(more) {
    if (!more) { lastQuote = 0; $('quote-rows').textContent = ''; }
    return D.api('GET', '/quotes?limit=50&after=' + lastQuote).then((body) => {
      const items = body.items || [];
      for (const q of items) {
        lastQuote = Math.max(lastQuote, q.number);
        $('quote-rows').appendChild(D.row(['#' + q.number, q.text, q.addedBy],
          [{ label: 'delete', click: () => deleteQuote(q.number) }], { 'data-number': q.number }));
      }
      $('quotes-more').hidden = items.length < 50;
    }).catch((e) => D.note('quotes-note', e));
  }

  function deleteQuote(number) {
    if (!confirmed('Delete quote #' + number + '?')) return;
    D.api('DELETE', '/quotes/' + number)
      .then(() => { D.note('quotes-note', 'quote #' + number + ' deleted'); return loadQuotes(false); })
      .catch((e) => D.note('quotes-note', e));
  }

  $('quotes-more').addEventListener('click', () => loadQuotes(true));
  $('quote-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { text: $('quote-text').value };
    if ($('quote-by').value.trim()) body.addedBy = $('quote-by').value.trim();
    D.api('POST', '/quotes', body).then((q) => {
      D.note('quotes-note', 'quote #' + q.number + ' added');
      $('quote-text').value = '';
      return loadQuotes(false);
    }).catch((e) => D.note('quotes-note', e));
  });

  // Counters: there is no list, so the screen keeps the ones looked up in this tab.
  const counters = new Map();
  function showCounters() {
    const rows = $('counter-rows');
    rows.textContent = '';
    for (const [name, value] of counters) {
      rows.appendChild(D.row([name, value], [
        { label: '+1', click: () => changeCounter(name, 'POST', '/increment', { delta: 1 }) },
        { label: '−1', click: () => changeCounter(name, 'POST', '/increment', { delta: -1 }) },
        { label: 'set', click: () => setCounter(name) },
      ], { 'data-name': name }));
    }
  }

  function changeCounter(name, method, suffix, body) {
    return D.api(method, '/counters/' + encodeURIComponent(name) + suffix, body).then((c) => {
      counters.set(c.name || name, c.value);
      showCounters();
      D.note('counters-note', null);
    }).catch((e) => D.note('counters-note', e));
  }

  function setCounter(name) {
    const answer = window.prompt('New value of ' + name, String(counters.get(name)));
    if (answer === null) return;
    if (!/^-?\d{1,18}$/.test(answer.trim())) { D.note('counters-note', new Error('a counter is a whole number')); return; }
    changeCounter(name, 'PUT', '', { value: Number(answer.trim()) });
  }

  $('counter-form').addEventListener('submit', (event) => {
    event.preventDefault();
    changeCounter(slug($('counter-name').value), 'GET', '');
  });

  // Timers: list, PUT by name, DELETE.
  function loadTimers() {
    return D.api('GET', '/timers').then((body) => {
      const rows = $('timer-rows');
      rows.textContent = '';
      for (const t of body.items || []) {
        rows.appendChild(D.row([t.name, t.message, t.intervalSeconds, t.minLines, t.enabled ? 'yes' : 'no'], [
          { label: 'edit', click: () => editTimer(t) },
          { label: 'delete', click: () => deleteTimer(t.name) },
        ], { 'data-name': t.name }));
      }
    }).catch((e) => D.note('timers-note', e));
  }

  function editTimer(t) {
    $('timer-name').value = t.name;
    $('timer-message').value = t.message;
    $('timer-interval').value = t.intervalSeconds;
    $('timer-lines').value = t.minLines;
    $('timer-enabled').checked = t.enabled;
  }

  function deleteTimer(name) {
    if (!confirmed('Delete timer ' + name + '?')) return;
    D.api('DELETE', '/timers/' + encodeURIComponent(name))
      .then(() => { D.note('timers-note', 'timer ' + name + ' deleted'); return loadTimers(); })
      .catch((e) => D.note('timers-note', e));
  }

  $('timer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = slug($('timer-name').value);
    const timer = {
      message: $('timer-message').value,
      intervalSeconds: Number($('timer-interval').value),
      minLines: Number($('timer-lines').value || 0),
      enabled: $('timer-enabled').checked,
    };
    D.api('PUT', '/timers/' + encodeURIComponent(name), timer).then(() => {
      D.note('timers-note', 'timer ' + name + ' saved');
      $('timer-name').value = ''; $('timer-message').value = '';
      return loadTimers();
    }).catch((e) => D.note('timers-note', e));
  });

  D.screen(() => { loadCommands(); loadQuotes(false); loadTimers(); });
})();
