// Screens over the community's other admin routes: moderation settings, a trial check and the
// recent decisions (docs/moderation.md), knowledge facts to review (docs/knowledge.md) and person
// lookup (docs/identity.md).
(function () {
  'use strict';
  const D = window.ChorusDashboard;
  const $ = (id) => document.getElementById(id);
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

  // Moderation settings: the effective settings as JSON; PUT stores them (left-out keys: defaults).
  function loadSettings() {
    return D.api('GET', '/moderation/settings').then((body) => {
      $('moderation-settings').value = JSON.stringify(body.settings || {}, null, 2);
    }).catch((e) => D.note('moderation-note', e));
  }

  $('moderation-reload').addEventListener('click', () => { D.note('moderation-note', null); loadSettings(); });
  $('moderation-form').addEventListener('submit', (event) => {
    event.preventDefault();
    let settings;
    try {
      settings = JSON.parse($('moderation-settings').value);
    } catch (e) {
      D.note('moderation-note', new Error('the settings are not valid JSON: ' + e.message));
      return;
    }
    if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
      D.note('moderation-note', new Error('the settings are one JSON object'));
      return;
    }
    D.api('PUT', '/moderation/settings', settings).then((body) => {
      $('moderation-settings').value = JSON.stringify(body.settings || {}, null, 2);
      D.note('moderation-note', 'settings saved');
    }).catch((e) => D.note('moderation-note', e));
  });

  // What the settings would do with a message, without acting.
  $('check-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
      text: $('check-text').value,
      user: { id: 'dashboard-check', name: 'dashboard', level: $('check-level').value },
      platform: 'web',
    };
    D.api('POST', '/moderation/check', body).then((d) => {
      const lines = [d.action + (d.rule ? ' by ' + d.rule : '') + ' (score ' + Number(d.score).toFixed(2) + ')'
        + (d.exempt ? ', the level is exempt' : '')];
      if (d.detail) lines.push(d.detail);
      for (const f of d.findings || []) lines.push('· ' + f.rule + ': ' + f.action + ' ' + Number(f.score).toFixed(2) + (f.detail ? ' ' + f.detail : ''));
      $('check-result').textContent = lines.join('\n');
      $('check-result').hidden = false;
      D.note('moderation-note', null);
    }).catch((e) => D.note('moderation-note', e));
  });

  // Recent decisions: the interaction log's system.moderation rows (one per decision with a finding).
  function loadDecisions() {
    return D.api('GET', '/interactions?limit=500').then((body) => {
      const rows = $('decision-rows');
      rows.textContent = '';
      for (const i of (body.items || []).filter((x) => x.kind === 'record' && x.type === 'system.moderation').slice(0, 100)) {
        rows.appendChild(D.row([when(i.at), i.authorName || i.authorId, i.text]));
      }
    }).catch((e) => D.note('moderation-note', e));
  }
  $('decisions-reload').addEventListener('click', loadDecisions);

  // Knowledge: facts by status; pending ones are approved or rejected, others archived.
  function loadFacts() {
    const status = $('facts-status').value;
    return D.api('GET', '/knowledge/facts?limit=200' + (status ? '&status=' + status : '')).then((body) => {
      const rows = $('fact-rows');
      rows.textContent = '';
      for (const f of body.items || []) {
        const buttons = f.status === 'pending'
          ? [{ label: 'approve', click: () => review(f.id, 'approved') }, { label: 'reject', click: () => review(f.id, 'rejected') }]
          : f.status === 'approved' ? [{ label: 'archive', click: () => archive(f.id) }] : [];
        const status = D.el('span', { className: 'status-' + f.status, text: f.status });
        rows.appendChild(D.row([f.text, f.subject, status, f.provenance ? f.provenance.proposedBy : ''], buttons, { 'data-id': f.id }));
      }
    }).catch((e) => D.note('knowledge-note', e));
  }

  function review(id, status) {
    D.api('PATCH', '/knowledge/facts/' + encodeURIComponent(id), { status })
      .then(() => { D.note('knowledge-note', 'fact ' + status); return loadFacts(); })
      .catch((e) => D.note('knowledge-note', e));
  }

  function archive(id) {
    if (!window.confirm('Archive this fact? It is never searched again.')) return;
    D.api('DELETE', '/knowledge/facts/' + encodeURIComponent(id))
      .then(() => { D.note('knowledge-note', 'fact archived'); return loadFacts(); })
      .catch((e) => D.note('knowledge-note', e));
  }

  $('facts-filter').addEventListener('submit', (event) => { event.preventDefault(); D.note('knowledge-note', null); loadFacts(); });
  $('fact-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { text: $('fact-text').value.trim() };
    if ($('fact-subject').value.trim()) body.subject = $('fact-subject').value.trim().toLowerCase();
    D.api('POST', '/knowledge/facts', body).then((f) => {
      D.note('knowledge-note', 'fact added (' + f.status + ')');
      $('fact-text').value = ''; $('fact-subject').value = '';
      return loadFacts();
    }).catch((e) => D.note('knowledge-note', e));
  });

  // People: by platform account or by person id; the level the community grants can be changed.
  let person = null;
  function showPerson(p) {
    person = p;
    const fields = $('person-fields');
    fields.textContent = '';
    const pairs = [['person', p.id], ['name', p.displayName], ['nickname', p.nickname], ['pronouns', p.pronouns],
      ['level', p.level || '(from the platform)'], ['first seen', when(p.firstSeen)]];
    for (const [k, v] of pairs) fields.append(D.el('dt', k), D.el('dd', v === null || v === undefined ? '–' : String(v)));
    const rows = $('account-rows');
    rows.textContent = '';
    for (const a of p.accounts || []) rows.appendChild(D.row([a.platform, a.userId, a.displayName + ' (' + a.login + ')']));
    $('person-level').value = p.level || '';
    $('person').hidden = false;
  }

  $('person-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const platform = $('person-platform').value;
    const key = $('person-key').value.trim();
    const path = platform
      ? '/people?platform=' + encodeURIComponent(platform) + '&userId=' + encodeURIComponent(key)
      : '/people/' + encodeURIComponent(key);
    $('person').hidden = true;
    D.api('GET', path).then((p) => { showPerson(p); D.note('people-note', null); })
      .catch((e) => D.note('people-note', e));
  });

  $('level-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!person) return;
    const level = $('person-level').value || null;
    D.api('PUT', '/people/' + encodeURIComponent(person.id) + '/level', { level })
      .then((p) => { showPerson(p); D.note('people-note', 'level ' + (level || 'removed')); })
      .catch((e) => D.note('people-note', e));
  });

  D.screen(() => { loadSettings(); loadDecisions(); loadFacts(); });
})();
