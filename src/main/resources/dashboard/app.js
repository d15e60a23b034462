// svdd dashboard: plain JavaScript over the api node's JSON API (see DashboardServer).
'use strict';

const view = document.getElementById('view');
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('svdd-token') || '';
tokenInput.addEventListener('change', () => { sessionStorage.setItem('svdd-token', tokenInput.value); route(); });
// what the shown view runs in the background (a job's event stream, the lists' refresh), stopped on leaving it
let stopView = null;
// the jobs list shows the jobs in this state only ('' for every job), as chosen above it
let jobsState = '';
// ... and those whose name contains this text ('' for every job), as typed above it
let jobsName = '';
// set when the name filter sends the list back to its first page: the filter, drawn again, keeps the typing
let refocusNameFilter = false;

function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (tokenInput.value) { h['Authorization'] = 'Bearer ' + tokenInput.value; }
  return h;
}

async function api(path, options) {
  const o = Object.assign({}, options || {});
  o.headers = headers(o.headers);
  const response = await fetch('/api/' + path, o);
  if (!response.ok) { throw await failure(response); }
  return response.json();
}

// what a refused call says ({"error": message}), as an Error
async function failure(response) {
  let said = '';
  try { said = (await response.json()).error; } catch (e) { /* not JSON */ }
  return new Error(said || response.statusText);
}

function show(message) { document.getElementById('message').textContent = message || ''; }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'onclick' || k === 'onsubmit') { e[k] = v; } else { e.setAttribute(k, v); }
  }
  for (const c of children) { e.append(c instanceof Node ? c : document.createTextNode(String(c))); }
  return e;
}

const svgNs = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...children) {
  const e = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs || {})) { e.setAttribute(k, v); }
  for (const c of children) { e.append(c instanceof Node ? c : document.createTextNode(String(c))); }
  return e;
}

function fmt(x, digits) { return typeof x === 'number' && isFinite(x) ? x.toFixed(digits === undefined ? 3 : digits) : '–'; }
function percent(s) { return s.stepsTotal > 0 ? Math.round(100 * s.stepsDone / s.stepsTotal) : 0; }
function bar(p) { return el('span', { class: 'bar', title: p + ' %' }, el('span', { style: 'width:' + p + '%' })); }

// ---- job list and submission ----
async function jobsView(pageToken) {
  const task = await api('task');
  document.getElementById('task-name').textContent = 'task ' + task.task;
  const rewardSelect = el('select', { id: 'reward' }, ...task.rewards.map(r => el('option', { value: r }, r)));
  const field = (id, label, value) => el('label', {}, label, el('input', { id, value }));
  const form = el('form', { class: 'submit', id: 'submit-form' },
    el('label', {}, 'method', el('select', { id: 'method' },
      ...['svdd', 'best-of-n', 'smc', 'pretrained', 'svdd-r', 'fk', 'beam', 'tree'].map(m => el('option', { value: m }, m)))),
    el('label', {}, 'reward', rewardSelect),
    field('particles', 'particles N', 16), field('candidates', 'candidates M', 4), field('steps', 'steps T', 32),
    field('alpha', 'alpha', ''), field('seed', 'seed', 0), field('name', 'name (optional)', ''),
    el('label', {}, 'more fields of svdd.v1.JobSpec (JSON)', el('textarea', { id: 'extra', rows: 2, cols: 40,
      placeholder: '{"beam": {"endWidth": 4}, "guidance": {"every": 2}}' })),
    el('button', { id: 'submit', type: 'submit' }, 'Submit'));
  form.onsubmit = async (event) => {
    event.preventDefault();
    const spec = { method: val('method'), reward: val('reward'), particles: +val('particles'),
      candidates: +val('candidates'), steps: +val('steps'), seed: val('seed') };
    if (val('alpha') !== '') { spec.alpha = +val('alpha'); }
    if (val('name') !== '') { spec.name = val('name'); }
    try {
      if (val('extra').trim() !== '') {
        let extra;
        try { extra = JSON.parse(val('extra')); } catch (e) { throw new Error('the extra fields are not JSON: ' + e.message); }
        Object.assign(spec, extra);
      }
      const status = await api('jobs', { method: 'POST', body: JSON.stringify(spec), headers: { 'Content-Type': 'application/json' } });
      location.hash = '#/job/' + status.jobId;
    } catch (e) { show(e.message); }
  };
  const stateFilter = el('select', { id: 'state-filter' }, ...['', 'queued', 'running', 'done', 'failed', 'cancelled']
    .map(s => el('option', { value: s }, s || 'every state')));
  stateFilter.value = jobsState;
  stateFilter.onchange = () => {
    jobsState = stateFilter.value;
    if (location.hash.startsWith('#/jobs/')) { location.hash = '#/'; } else { route(); }
  };
  const compare = el('button', { id: 'compare' }, 'Compare selected');
  compare.onclick = () => {
    const ids = [...document.querySelectorAll('input.pick:checked')].map(c => c.value);
    if (ids.length < 2) { show('pick two or more jobs to compare'); return; }
    location.hash = '#/compare/' + ids.join(',');
  };
  const nameFilter = el('input', { id: 'name-filter', type: 'search', placeholder: 'name contains', maxlength: 100,
    value: jobsName });
  const lists = await jobAndNodeLists(pageToken);
  view.replaceChildren(el('h2', {}, 'New job'), form, el('h2', {}, 'Jobs'), el('label', {}, 'show ', stateFilter), ' ',
    el('label', {}, 'named ', nameFilter), lists.jobs, compare, ' ', lists.older, el('h2', {}, 'Nodes'), lists.nodes);
  if (refocusNameFilter) {
    refocusNameFilter = false;
    nameFilter.focus();
    nameFilter.setSelectionRange(nameFilter.value.length, nameFilter.value.length);
  }
  // the lists refresh themselves while shown; what is typed in the form and the jobs picked to compare stay; an
  // answer overtaken by a later request (the name filter typed on meanwhile) is dropped
  let current = lists, asked = 0;
  const refresh = async () => {
    const mine = ++asked;
    const fresh = await jobAndNodeLists(pageToken);
    if (mine !== asked || !current.jobs.isConnected) { return; }
    const picked = new Set([...document.querySelectorAll('input.pick:checked')].map(c => c.value));
    fresh.jobs.querySelectorAll('input.pick').forEach(c => { c.checked = picked.has(c.value); });
    current.jobs.replaceWith(fresh.jobs);
    current.older.replaceWith(fresh.older);
    current.nodes.replaceWith(fresh.nodes);
    current = fresh;
  };
  const timer = setInterval(async () => {
    if (!current.jobs.isConnected) { clearInterval(timer); return; } // another view replaced this one
    if (document.hidden) { return; }
    try { await refresh(); } catch (e) { show(e.message); }
  }, LIST_REFRESH_MS);
  // the list follows the name filter as it is typed, a moment after the last key; an older page goes back to the first
  let typing = null;
  nameFilter.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(async () => {
      jobsName = nameFilter.value;
      if (pageToken) { refocusNameFilter = true; location.hash = '#/'; return; }
      try { await refresh(); } catch (e) { show(e.message); }
    }, NAME_FILTER_PAUSE_MS);
  });
  stopView = () => { clearInterval(timer); clearTimeout(typing); };
}

// How long after the last key typed in the name filter the list is asked again.
const NAME_FILTER_PAUSE_MS = 300;

// How often the job list and the nodes refresh themselves.
const LIST_REFRESH_MS = 5000;

// The job list (one page, in the chosen state), its link to older jobs, and the nodes table, as elements.
async function jobAndNodeLists(pageToken) {
  const query = new URLSearchParams();
  if (pageToken) { query.set('page_token', pageToken); }
  if (jobsState) { query.set('state', jobsState); }
  if (jobsName) { query.set('name', jobsName); }
  const list = await api('jobs' + (query.toString() ? '?' + query : ''));
  const rows = list.jobs.map(j => el('tr', { 'data-job': j.jobId },
    el('td', {}, el('input', { type: 'checkbox', class: 'pick', value: j.jobId })),
    el('td', {}, el('a', { href: '#/job/' + j.jobId }, j.jobId)), el('td', { class: 'name' }, j.spec.name || ''),
    el('td', { class: 'state-' + j.state, title: j.note || '' }, j.state,
      (j.note || '').startsWith('waiting: ') ? el('span', { class: 'waiting' }, ' (waiting)') : ''),
    el('td', {}, j.spec.method), el('td', { class: 'num' }, j.spec.particles),
    el('td', {}, bar(percent(j)), ' ', percent(j) + ' %'), el('td', {}, j.coordinatorNode || ''),
    el('td', {}, new Date(+j.submittedAtMs).toLocaleString())));
  const older = list.nextPageToken ? el('a', { id: 'older', href: '#/jobs/' + encodeURIComponent(list.nextPageToken) },
    'Older jobs →') : el('span', { id: 'older' });
  const nodes = (await api('nodes')).nodes || [];
  const nodeRows = nodes.map(n => el('tr', {},
    el('td', {}, n.address + (n.answering ? ' (answering)' : '')), el('td', {}, n.status),
    el('td', { class: n.reachable ? '' : 'unreachable' }, n.reachable ? 'yes' : 'no'),
    ...nodeLoad(n).map(cell => el('td', { class: 'num' }, cell)),
    el('td', {}, (n.roles || []).join(', ') + (n.rewards && n.rewards.length ? ' (scores ' + n.rewards.join(', ') + ' only)' : ''),
      ...nodeOracles(n, nodes))));
  return {
    jobs: el('table', { id: 'jobs' }, el('tr', {}, ...['', 'job', 'name', 'state', 'method', 'N', 'progress', 'coordinator',
      'submitted'].map(h => el('th', {}, h))), ...rows),
    older,
    nodes: el('table', { id: 'nodes' }, el('tr', {}, ...['node', 'status', 'reachable', 'jobs', 'queued rows',
      'oracle (running+waiting)', 'slots (busy/all)', 'load', 'roles'].map(h => el('th', {}, h))), ...nodeRows),
  };
}

// A node's load cells, as svdd nodes shows them: a dash for a role it lacks, or where it did not answer in time.
function nodeLoad(n) {
  const l = n.load, has = role => l && (n.roles || []).includes(role);
  if (!l) { return ['-', '-', '-', '-', '-']; }
  return [has('coordinator') ? l.jobs || 0 : '-', has('denoiser') ? l.queuedRows || 0 : '-',
    has('reward') ? (l.runningDesigns || 0) + '+' + (l.waitingDesigns || 0) : '-',
    has('reward') && l.slots ? (l.busySlots || 0) + '/' + l.slots : '-',
    (l.loadAverage < 0 ? '?' : Number(l.loadAverage || 0).toFixed(2)) + '/' + l.cores];
}

// A line per oracle node n has opened, by reward, as svdd nodes shows them: marked where another of the nodes scores
// that reward with another oracle (a job scored by both would fail).
function nodeOracles(n, nodes) {
  return Object.entries((n.load || {}).oracles || {}).sort().map(([reward, oracle]) => {
    const other = nodes.find(o => ((o.load || {}).oracles || {})[reward] && o.load.oracles[reward] !== oracle);
    return el('div', { class: 'node-oracle' + (other ? ' differs' : ''),
      title: 'an oracle this node has opened: program, version and the settings that change a score'
        + (other ? '; a job scored by this node and ' + other.address + ' would fail' : '') },
    'scores ' + reward + ' by ' + oracle + (other ? ' (differs from ' + other.address + '\'s)' : ''));
  });
}

function val(id) { return document.getElementById(id).value; }

// ---- one job: live progress, values, samples ----
async function jobView(id) {
  const status = await api('jobs/' + id);
  const history = [];
  const stateCell = el('span', { id: 'job-state' });
  // shown while the job's events stream in: the page is live; gone once the stream ends (the job's end, an error)
  const live = el('span', { id: 'live', class: 'live', title: 'this page hears the job as it runs' }, ' ● live');
  live.hidden = true;
  const progress = el('span', { id: 'progress' });
  const chart = el('div', { id: 'values' }, 'No values yet.');
  const weighted = ['smc', 'fk'].includes(status.spec.method);
  const essHistory = [];
  const essChart = el('div', { id: 'ess-chart' });
  const work = el('p', { id: 'work' });
  const scorers = el('p', { id: 'job-oracles', title: 'the oracle that scored each reward: program, version and the settings that change a score' });
  const cancel = el('button', { id: 'cancel' }, 'Cancel');
  const remove = el('button', { id: 'delete', disabled: true }, 'Delete');
  const samples = el('div', { id: 'samples-area' });
  cancel.onclick = async () => { try { render(await api('jobs/' + id + '/cancel', { method: 'POST' })); } catch (e) { show(e.message); } };
  remove.onclick = async () => {
    if (!confirm('Delete job ' + id + ' and its samples? This cannot be undone.')) { return; }
    try { await api('jobs/' + id + '/delete', { method: 'POST' }); location.hash = '#/'; } catch (e) { show(e.message); }
  };
  const ended = state => ['DONE', 'FAILED', 'CANCELLED'].includes(state);
  function render(s) {
    // the cancel's answer may come after the stream's end: an ended job never looks running again
    if (ended(stateCell.textContent) && !ended(s.state)) { return; }
    stateCell.textContent = s.state; stateCell.className = 'state-' + s.state;
    progress.replaceChildren(bar(percent(s)), ' ', s.stepsDone + ' / ' + s.stepsTotal + ' particle-steps, ' + s.finished + ' of '
      + s.trajectories + ' done' + (s.coordinatorNode ? ', coordinator ' + s.coordinatorNode : ''));
    // values are NaN ("NaN" in JSON) until some particle has one
    if ((s.state === 'RUNNING' || history.length === 0) && Number.isFinite(+s.valueMedian)) {
      history.push([+s.valueQ10, +s.valueMedian, +s.valueQ90]);
      chart.replaceChildren(quantileChart(history));
      if (weighted && typeof s.ess === 'number') {
        essHistory.push([s.ess, s.ess, s.ess]);
        essChart.replaceChildren(quantileChart(essHistory));
      }
    }
    const early = +s.earlyOracleCalls || 0;
    work.textContent = (+s.denoisedRows) + ' denoiser rows · ' + (+s.designsScored) + ' designs scored: ' + (+s.oracleCalls) + ' oracle calls, '
      + (early ? early + ' by ' + earlyValuer(s.spec) + ', ' : '')
      + (+s.archiveAnswers) + ' from the archive, ' + Math.max(0, s.designsScored - s.oracleCalls - early - s.archiveAnswers)
      + ' cache hits, ' + (+s.designsFailed) + ' could not be scored'
      + (s.oracleSeconds ? ' · ' + fmt(s.oracleSeconds, 1) + ' oracle-seconds' : '')
      + (+s.startedAtMs && +s.endedAtMs ? ' · ran ' + fmt((s.endedAtMs - s.startedAtMs) / 1000, 1) + ' s' : '')
      + (weighted ? ' · ESS ' + fmt(s.ess, 1) + ' of ' + s.spec.particles + ', ' + s.resamplings + ' resamplings' : '')
      + (s.note ? ' · ' + s.note : '');
    scorers.textContent = Object.entries(s.oracles || {}).sort()
      .map(([reward, oracle]) => 'scored ' + (reward || '(default)') + ' by ' + oracle).join(' · ');
    cancel.disabled = ended(s.state);
    remove.disabled = !ended(s.state);
    if (s.error) { show(s.error); }
    if (s.state === 'DONE' && !samples.hasChildNodes()) { loadSamples(id, samples); }
  }
  view.replaceChildren(el('h2', {}, 'Job ', id, status.spec.name ? el('span', { id: 'job-name' }, ' · ' + status.spec.name) : ''),
    el('p', {}, 'state ', stateCell, live, ' · ', status.spec.method, ', N = ',
    status.spec.particles, ', M = ', status.spec.candidates, ', T = ', status.spec.steps, ', reward ', status.spec.reward,
    status.modelDigest ? el('span', { id: 'job-model', title: 'the digest of the weights and settings of the model the job runs under' },
      ', model ' + status.modelDigest) : '', ' ', cancel, ' ', remove),
    el('p', {}, progress), work, scorers, el('h3', {}, 'Soft values of the particles (q10, median, q90) as the job runs'), chart,
    weighted ? el('h3', {}, 'Effective sample size of the weights at each barrier') : '', essChart,
    el('h3', {}, 'Samples'), samples);
  const seen = (await api('jobs/' + id + '/history')).statuses;
  seen.forEach(render);
  render(status);
  stream(id, render, on => { live.hidden = !on; });
}

// Server-sent events read through fetch, so that the token travels in a header: the job's statuses as they come, to
// onStatus; live(true) once the server watches the job for this page, live(false) when the stream ends.
async function stream(id, onStatus, live) {
  const controller = new AbortController();
  stopView = () => controller.abort();
  try {
    const response = await fetch('/api/jobs/' + id + '/events', { headers: headers(), signal: controller.signal });
    if (!response.ok) { throw await failure(response); }
    live(true);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) { break; }
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const lines = event.split('\n');
        const data = lines.filter(l => l.startsWith('data:')).map(l => l.slice(5).trim()).join('');
        const type = lines.filter(l => l.startsWith('event:')).map(l => l.slice(6).trim()).join('');
        if (type === 'deleted') { show(data); } // the job is gone: no status follows
        else if (data) { onStatus(JSON.parse(data)); }
      }
    }
  } catch (e) { if (e.name !== 'AbortError') { show(e.message); } } finally { live(false); }
}

function quantileChart(history) {
  const w = 560, h = 200, pad = 36;
  const all = history.flat().filter(isFinite);
  const lo = Math.min(...all, 0), hi = Math.max(...all, lo + 1e-9);
  const x = i => pad + (history.length < 2 ? 0 : i * (w - 2 * pad) / (history.length - 1));
  const y = v => h - pad - (v - lo) * (h - 2 * pad) / (hi - lo);
  const line = (k, color) => svg('g', {}, svg('polyline', { fill: 'none', stroke: color, 'stroke-width': 2,
    points: history.map((q, i) => x(i) + ',' + y(q[k])).join(' ') }),
    ...(history.length < 2 ? history.map((q, i) => svg('circle', { cx: x(i), cy: y(q[k]), r: 3, fill: color })) : []));
  return svg('svg', { width: w, height: h, class: 'chart' },
    svg('line', { x1: pad, y1: h - pad, x2: w - pad, y2: h - pad, stroke: '#999' }),
    svg('text', { x: 2, y: y(hi) + 4 }, fmt(hi, 2)), svg('text', { x: 2, y: y(lo) + 4 }, fmt(lo, 2)),
    svg('text', { x: w - pad - 60, y: h - 8 }, 'progress →'),
    line(0, '#9bb4e8'), line(1, '#1f4fb3'), line(2, '#9bb4e8'));
}

async function loadSamples(id, area) {
  const { samples } = await api('jobs/' + id + '/samples');
  let key = 'reward', descending = true;
  const table = el('table', { id: 'samples' });
  function draw() {
    const sorted = samples.map((s, i) => [s, i]).sort((a, b) => {
      const d = key === 'reward' ? a[0].reward - b[0].reward : a[0].particle - b[0].particle;
      return descending ? -d : d;
    });
    const head = el('tr', {}, el('th', { class: 'sortable', id: 'sort-particle' }, 'particle'),
      el('th', { class: 'sortable', id: 'sort-reward' }, 'reward ' + (key === 'reward' ? (descending ? '▼' : '▲') : '')),
      el('th', {}, 'method'), el('th', {}, 'design'));
    head.querySelector('#sort-reward').onclick = () => { descending = key === 'reward' ? !descending : true; key = 'reward'; draw(); };
    head.querySelector('#sort-particle').onclick = () => { descending = key === 'particle' ? !descending : false; key = 'particle'; draw(); };
    table.replaceChildren(head, ...sorted.map(([s, i]) => el('tr', { class: 'sample' },
      el('td', { class: 'num' }, s.particle), el('td', { class: 'num reward' }, fmt(s.reward)), el('td', {}, s.method),
      el('td', {}, el('a', { href: '#/job/' + id + '/sample/' + i, class: 'open-design' }, short(s.sequence))))));
  }
  draw();
  const download = el('button', { id: 'download-designs' }, 'Download designs');
  download.onclick = () => saveDesigns(id).catch(e => show(e.message));
  area.replaceChildren(el('p', {}, download, ' in the task\'s design file format (what svdd results prints)'), table);
}

// the designs file comes through fetch, which sends the token, then is saved from memory under the server's name
async function saveDesigns(id) {
  const response = await fetch('/api/jobs/' + id + '/designs', { headers: headers() });
  if (!response.ok) { throw await failure(response); }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') || '');
  const link = el('a', { href: URL.createObjectURL(await response.blob()), download: name ? name[1] : 'svdd-' + id + '.txt' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

// what valued a job's earlier steps instead of its reward, whose calls its status counts apart
function earlyValuer(spec) {
  return (spec.valueEstimator || '').toLowerCase() === 'mc' ? 'the value network'
    : 'the early reward ' + ((spec.earlyValue || {}).reward || '');
}

function short(text, most) { const n = most || 48; return text.length > n ? text.slice(0, n) + '…' : text; }

// ---- one design ----
async function designView(id, index) {
  const { samples } = await api('jobs/' + id + '/samples');
  const s = samples[index];
  if (!s) { throw new Error('job ' + id + ' has no sample ' + index); }
  const picture = el('div', { id: 'design' });
  view.replaceChildren(el('h2', {}, 'Design ', index, ' of job ', el('a', { href: '#/job/' + id }, id)),
    el('p', {}, 'reward ', fmt(s.reward), Number.isFinite(s.naturalness) ? ' · naturalness ' + fmt(s.naturalness) + ' nats/symbol' : '',
      ' · particle ', s.particle),
    el('p', { class: 'sequence' }, s.sequence), s.structure ? el('p', { class: 'sequence' }, s.structure) : '', picture);
  const image = /^(\d+)x(\d+):(.*)$/.exec(s.sequence);
  if (image) {
    picture.append(greyImage(+image[1], +image[2], image[3]));
  } else if (/^[.()]+$/.test(s.structure || '')) {
    picture.append(arcDiagram(s.sequence, s.structure));
  } else {
    const response = await fetch('/api/picture?design=' + encodeURIComponent(s.sequence), { headers: headers() });
    if (response.ok) {
      picture.append(el('img', { src: URL.createObjectURL(await response.blob()), alt: s.sequence, class: 'depiction' }));
    }
  }
}

function greyImage(w, h, base64) {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const canvas = el('canvas', { width: w, height: h, class: 'design', style: 'width:' + 8 * w + 'px' });
  const ctx = canvas.getContext('2d');
  const data = ctx.createImageData(w, h);
  for (let i = 0; i < w * h; i++) {
    data.data.set([bytes[i], bytes[i], bytes[i], 255], 4 * i);
  }
  ctx.putImageData(data, 0, 0);
  return canvas;
}

// An RNA's secondary structure as an arc diagram: bases on a line, each base pair an arc above it.
function arcDiagram(sequence, structure) {
  const n = structure.length, step = Math.max(6, Math.min(14, 900 / n)), w = n * step + 20, h = n * step / 2 + 40;
  const base = h - 20, stack = [], arcs = [];
  for (let i = 0; i < n; i++) {
    if (structure[i] === '(') { stack.push(i); }
    if (structure[i] === ')' && stack.length) {
      const j = stack.pop(), x1 = 10 + j * step, x2 = 10 + i * step, r = (x2 - x1) / 2;
      arcs.push(svg('path', { d: `M ${x1} ${base} A ${r} ${r} 0 0 1 ${x2} ${base}`, fill: 'none', stroke: '#1f4fb3' }));
    }
  }
  const letters = [...sequence].map((c, i) => svg('text', { x: 10 + i * step - 3, y: base + 14 }, c));
  return svg('svg', { width: w, height: h, id: 'arcs' }, svg('line', { x1: 10, y1: base, x2: w - 10, y2: base, stroke: '#aaa' }),
    ...arcs, ...letters);
}

// ---- comparison of jobs' reward distributions ----
async function compareView(ids) {
  const sets = await Promise.all(ids.map(async id => ({ id, status: await api('jobs/' + id),
    samples: (await api('jobs/' + id + '/samples')).samples })));
  const w = 200 * sets.length + 80, h = 320, pad = 50;
  const all = sets.flatMap(s => s.samples.map(x => x.reward));
  if (all.length === 0) { throw new Error('none of these jobs has samples yet'); }
  const lo = Math.min(...all), hi = Math.max(...all, lo + 1e-9);
  const y = v => h - pad - (v - lo) * (h - 2 * pad) / (hi - lo);
  const parts = [svg('text', { x: 2, y: y(hi) + 4 }, fmt(hi, 2)), svg('text', { x: 2, y: y(lo) + 4 }, fmt(lo, 2))];
  sets.forEach((set, k) => {
    const cx = 100 + 200 * k;
    const rewards = set.samples.map(x => x.reward).sort((a, b) => a - b);
    rewards.forEach((r, i) => parts.push(svg('circle', { cx: cx - 30 + 60 * ((i * 0.618) % 1), cy: y(r), r: 3, fill: '#3b6fd4', 'fill-opacity': 0.6 })));
    const median = rewards[Math.floor(rewards.length / 2)];
    parts.push(svg('line', { x1: cx - 40, x2: cx + 40, y1: y(median), y2: y(median), stroke: '#a11', 'stroke-width': 2 }));
    const label = set.status.spec.name ? short(set.status.spec.name, 20) : set.id.slice(0, 8);
    parts.push(svg('text', { x: cx - 60, y: h - 26 }, set.status.spec.method + ' · ' + label));
    parts.push(svg('text', { x: cx - 60, y: h - 10 }, 'median ' + fmt(median, 2) + ', n = ' + rewards.length));
  });
  view.replaceChildren(el('h2', {}, 'Reward distributions'), svg('svg', { width: w, height: h, id: 'comparison' }, ...parts));
}

// ---- routing ----
async function route() {
  if (stopView) { stopView(); stopView = null; }
  show('');
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  try {
    if (parts[0] === 'job' && parts[2] === 'sample') { await designView(parts[1], +parts[3]); }
    else if (parts[0] === 'job') { await jobView(parts[1]); }
    else if (parts[0] === 'compare') { await compareView(parts[1].split(',')); }
    else if (parts[0] === 'jobs' && parts[1]) { await jobsView(decodeURIComponent(parts[1])); }
    else { await jobsView(); }
  } catch (e) { show(e.message); }
}

window.addEventListener('hashchange', route);
route();
