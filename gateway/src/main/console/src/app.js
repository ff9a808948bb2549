// The OpenIVS console: a single page that calls the public IVS API of this suite with the AWS SDK for JavaScript v3
// (SigV4-signed requests to the page's own origin, the gateway). Credentials live in sessionStorage only.
import * as Ivs from '@aws-sdk/client-ivs';
import Hls from 'hls.js';
import { h, clear, copyField, errorText, fmtTime, badge } from './dom.js';
import { signPlaybackToken } from './token.js';
import { objectStore, presigningLoader } from './s3.js';

const CREDS = 'openivs.console.credentials';
const main = document.getElementById('main');
const flash = document.getElementById('flash');
let client = null;
let cleanups = [];

// ---------------------------------------------------------------------------------------------- session & API

function credentials() {
  try { return JSON.parse(sessionStorage.getItem(CREDS) || 'null'); } catch { return null; }
}

function makeClient(c) {
  return new Ivs.IvsClient({
    region: c.region,
    endpoint: location.origin,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
    maxAttempts: 3,
  });
}

/** Calls an IVS operation by name, e.g. api('ListChannels', {}). Errors propagate as the SDK gives them. */
function api(op, input = {}) {
  return client.send(new Ivs[`${op}Command`](input));
}

/** Lists every page of a paginated operation. */
async function listAll(op, key, input = {}) {
  const items = [];
  let nextToken;
  do {
    const r = await api(op, { ...input, nextToken });
    items.push(...(r[key] || []));
    nextToken = r.nextToken;
  } while (nextToken);
  return items;
}

function showError(e) {
  flash.className = '';
  flash.textContent = errorText(e);
}

function info(text) {
  flash.className = 'info';
  flash.textContent = text;
}

/** Runs an action with its button disabled (progress), showing any error as AWS gave it. */
async function act(button, fn) {
  flash.textContent = '';
  if (button) button.disabled = true;
  try {
    return await fn();
  } catch (e) {
    showError(e);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

/** Repeats fn every ms while the current page is shown (first run at once). */
function poll(ms, fn) {
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try { await fn(); } catch (e) { showError(e); }
  };
  tick();
  const id = setInterval(tick, ms);
  cleanups.push(() => { stopped = true; clearInterval(id); });
}

// ---------------------------------------------------------------------------------------------- routing

const routes = [
  [/^#\/signin$/, signInPage],
  [/^#\/channels$/, channelsPage],
  [/^#\/channels\/new$/, () => channelForm(null)],
  [/^#\/channel\/([^/]+)\/edit$/, (arn) => channelForm(arn)],
  [/^#\/channel\/([^/]+)$/, channelPage],
  [/^#\/recording-configurations$/, recordingConfigurationsPage],
  [/^#\/recordings$/, () => recordingsPage(null)],
  [/^#\/recordings\/([^/]+)$/, recordingsPage],
  [/^#\/recording\/([^/]+)\/(.+)$/, recordingPage],
  [/^#\/ad-configurations$/, adConfigurationsPage],
  [/^#\/playback-keys$/, playbackKeysPage],
  [/^#\/token$/, tokenPage],
  [/^#\/restriction-policies$/, restrictionPoliciesPage],
];

function go(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

async function route() {
  cleanups.forEach((f) => f());
  cleanups = [];
  flash.textContent = '';
  const c = credentials();
  if (!c && location.hash !== '#/signin') { go('#/signin'); return; }
  if (c && !client) client = makeClient(c);
  renderWho(c);
  const hash = location.hash || '#/channels';
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', hash.startsWith(a.getAttribute('href')));
  }
  for (const [re, page] of routes) {
    const m = hash.match(re);
    if (m) {
      clear(main).append(h('p', { class: 'muted' }, 'Loading…'));
      try {
        await page(...m.slice(1).map(decodeURIComponent));
      } catch (e) {
        clear(main).append(h('h1', {}, 'Error'));
        showError(e);
      }
      main.focus();
      return;
    }
  }
  go('#/channels');
}

function renderWho(c) {
  const who = clear(document.getElementById('who'));
  document.getElementById('nav').hidden = !c;
  if (!c) return;
  who.append(`${c.accessKeyId} · ${c.region}`, h('button', {
    type: 'button',
    onclick: () => { sessionStorage.removeItem(CREDS); client = null; go('#/signin'); },
  }, 'Sign out'));
}

function page(title, ...content) {
  clear(main).append(h('h1', {}, title), ...content);
}

// ---------------------------------------------------------------------------------------------- sign-in

function signInPage() {
  const form = h('form', { class: 'stack card-form' },
    h('label', {}, 'Access key ID', h('input', { name: 'accessKeyId', required: true, autocomplete: 'username', spellcheck: 'false' })),
    h('label', {}, 'Secret access key', h('input', { name: 'secretAccessKey', type: 'password', required: true, autocomplete: 'current-password' })),
    h('label', {}, 'Region', h('input', { name: 'region', value: 'us-west-2', required: true })),
    h('p', { class: 'hint muted' }, 'The keys stay in this tab\'s session storage; every call is signed in the browser ' +
      'with AWS Signature Version 4 and sent to ', h('code', {}, location.origin), '.'),
    h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', id: 'signin' }, 'Sign in')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const c = Object.fromEntries(new FormData(form));
    c.accessKeyId = c.accessKeyId.trim();
    c.region = c.region.trim();
    await act(form.querySelector('button'), async () => {
      const candidate = makeClient(c);
      await candidate.send(new Ivs.ListChannelsCommand({ maxResults: 1 }));
      sessionStorage.setItem(CREDS, JSON.stringify(c));
      client = candidate;
      go('#/channels');
    });
  });
  clear(main).append(h('section', { class: 'card signin' }, h('h1', {}, 'Sign in'), form));
}

// ---------------------------------------------------------------------------------------------- channels

async function channelsPage() {
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'channels' },
    h('thead', {}, h('tr', {}, ...['Name', 'State', 'Health', 'Viewers', 'Type', 'Latency', 'Authorized', 'ARN'].map((t) => h('th', {}, t)))),
    body));
  page('Channels', h('div', { class: 'actions' }, h('a', { class: 'button primary', href: '#/channels/new' }, 'Create channel')),
    h('section', { class: 'card' }, table));
  poll(5000, async () => {
    const [channels, streams] = await Promise.all([listAll('ListChannels', 'channels'), listAll('ListStreams', 'streams')]);
    const live = new Map(streams.map((s) => [s.channelArn, s]));
    clear(body);
    if (!channels.length) body.append(h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No channels yet.')));
    for (const c of channels) {
      const s = live.get(c.arn);
      body.append(h('tr', {},
        h('td', { 'data-label': 'Name' }, h('a', { href: `#/channel/${encodeURIComponent(c.arn)}` }, c.name || '(no name)')),
        h('td', { 'data-label': 'State' }, badge(s ? s.state : 'OFFLINE')),
        h('td', { 'data-label': 'Health' }, s ? badge(s.health) : '–'),
        h('td', { 'data-label': 'Viewers' }, s ? String(s.viewerCount ?? 0) : '–'),
        h('td', { 'data-label': 'Type' }, c.type),
        h('td', { 'data-label': 'Latency' }, c.latencyMode),
        h('td', { 'data-label': 'Authorized' }, c.authorized ? 'yes' : 'no'),
        h('td', { 'data-label': 'ARN', class: 'mono' }, c.arn)));
    }
  });
}

const CHANNEL_TYPES = ['STANDARD', 'BASIC', 'ADVANCED_SD', 'ADVANCED_HD'];

async function channelForm(arn) {
  const [channel, recordings, policies, ads, tags] = await Promise.all([
    arn ? api('GetChannel', { arn }).then((r) => r.channel) : null,
    listAll('ListRecordingConfigurations', 'recordingConfigurations'),
    listAll('ListPlaybackRestrictionPolicies', 'playbackRestrictionPolicies'),
    listAll('ListAdConfigurations', 'adConfigurations'),
    arn ? api('ListTagsForResource', { resourceArn: arn }).then((r) => r.tags || {}) : {},
  ]);
  const c = channel || { type: 'STANDARD', latencyMode: 'LOW', authorized: false, insecureIngest: false, containerFormat: 'TS' };
  const select = (name, options, value, label = (o) => o) => h('select', { name, id: `f-${name}` },
    ...options.map((o) => h('option', { value: o.value ?? o, selected: (o.value ?? o) === (value ?? '') }, o.label ?? label(o))));
  const form = h('form', { class: 'stack', id: 'channel-form' },
    h('label', {}, 'Name', h('input', { name: 'name', id: 'f-name', value: c.name || '', maxlength: 128, pattern: '[a-zA-Z0-9-_]*' }),
      h('span', { class: 'hint' }, 'Letters, digits, - and _ (up to 128).')),
    h('label', {}, 'Channel type', select('type', CHANNEL_TYPES, c.type)),
    h('label', {}, 'Preset (advanced types only)', select('preset', ['', 'HIGHER_BANDWIDTH_DELIVERY', 'CONSTRAINED_BANDWIDTH_DELIVERY'], c.preset, (o) => o || '(none)')),
    h('label', {}, 'Latency mode', select('latencyMode', ['LOW', 'NORMAL'], c.latencyMode)),
    h('label', {}, 'Container format', select('containerFormat', ['TS', 'FRAGMENTED_MP4'], c.containerFormat)),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'authorized', checked: !!c.authorized }), 'Authorized (private) playback'),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'insecureIngest', checked: !!c.insecureIngest }), 'Insecure (plain RTMP) ingest allowed'),
    h('label', {}, 'Recording configuration', select('recordingConfigurationArn',
      [{ value: '', label: '(none)' }, ...recordings.map((r) => ({ value: r.arn, label: `${r.name || r.arn} (${r.state})` }))], c.recordingConfigurationArn)),
    h('label', {}, 'Playback restriction policy', select('playbackRestrictionPolicyArn',
      [{ value: '', label: '(none)' }, ...policies.map((p) => ({ value: p.arn, label: p.name || p.arn }))], c.playbackRestrictionPolicyArn)),
    h('label', {}, 'Ad configuration (server-side ad insertion)', select('adConfigurationArn',
      [{ value: '', label: '(none)' }, ...ads.map((a) => ({ value: a.arn, label: a.name || a.arn }))], c.adConfigurationArn)),
    h('label', {}, 'Tags', h('textarea', { name: 'tags', id: 'f-tags', placeholder: 'key=value, one a line' },
      Object.entries(tags).map(([k, v]) => `${k}=${v}`).join('\n')), h('span', { class: 'hint' }, 'key=value, one a line.')),
    h('div', { class: 'actions' },
      h('button', { class: 'primary', type: 'submit', id: 'save' }, arn ? 'Save changes' : 'Create channel'),
      h('a', { class: 'button', href: arn ? `#/channel/${encodeURIComponent(arn)}` : '#/channels' }, 'Cancel')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const input = {
      name: f.get('name'), type: f.get('type'), latencyMode: f.get('latencyMode'), containerFormat: f.get('containerFormat'),
      authorized: f.get('authorized') === 'on', insecureIngest: f.get('insecureIngest') === 'on',
      recordingConfigurationArn: f.get('recordingConfigurationArn'), playbackRestrictionPolicyArn: f.get('playbackRestrictionPolicyArn'),
      adConfigurationArn: f.get('adConfigurationArn'),
    };
    if (f.get('preset')) input.preset = f.get('preset');
    const newTags = parseTags(f.get('tags'));
    await act(form.querySelector('#save'), async () => {
      if (arn) {
        await api('UpdateChannel', { arn, ...input });
        const removed = Object.keys(tags).filter((k) => !(k in newTags));
        if (removed.length) await api('UntagResource', { resourceArn: arn, tagKeys: removed });
        if (Object.keys(newTags).length) await api('TagResource', { resourceArn: arn, tags: newTags });
        go(`#/channel/${encodeURIComponent(arn)}`);
      } else {
        if (!input.recordingConfigurationArn) delete input.recordingConfigurationArn;
        if (!input.playbackRestrictionPolicyArn) delete input.playbackRestrictionPolicyArn;
        if (!input.adConfigurationArn) delete input.adConfigurationArn;
        const r = await api('CreateChannel', { ...input, tags: newTags });
        go(`#/channel/${encodeURIComponent(r.channel.arn)}`);
      }
    });
  });
  page(arn ? `Edit ${c.name || 'channel'}` : 'Create channel', h('section', { class: 'card' }, form));
}

function parseTags(text) {
  const tags = {};
  for (const line of String(text || '').split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const i = t.indexOf('=');
    if (i < 0) tags[t] = ''; else tags[t.slice(0, i).trim()] = t.slice(i + 1).trim();
  }
  return tags;
}

async function channelPage(arn) {
  const [{ channel: c }, keys, tags] = await Promise.all([
    api('GetChannel', { arn }),
    listAll('ListStreamKeys', 'streamKeys', { channelArn: arn }),
    api('ListTagsForResource', { resourceArn: arn }).then((r) => r.tags || {}),
  ]);
  const enc = encodeURIComponent(arn);

  // stream key
  const keyBox = h('div');
  const renderKey = async (list) => {
    clear(keyBox);
    if (!list.length) { keyBox.append(h('p', { class: 'muted' }, 'No stream key.')); return null; }
    const { streamKey } = await api('GetStreamKey', { arn: list[0].arn });
    const field = copyField('Stream key', streamKey.value, { id: 'stream-key', secret: true });
    keyBox.append(field, h('p', { class: 'muted mono' }, streamKey.arn));
    return streamKey;
  };
  let streamKey = await renderKey(keys);
  const replaceKey = h('button', { type: 'button', class: 'danger', id: 'replace-key' }, 'Replace stream key');
  replaceKey.onclick = () => act(replaceKey, async () => {
    if (!confirm('Replace the stream key? Encoders using the old key are refused from now on.')) return;
    if (streamKey) await api('DeleteStreamKey', { arn: streamKey.arn });
    await api('CreateStreamKey', { channelArn: arn });
    streamKey = await renderKey(await listAll('ListStreamKeys', 'streamKeys', { channelArn: arn }));
    renderIngest();
  });

  // ingest
  const ingestBox = h('div');
  const renderIngest = () => {
    clear(ingestBox);
    const key = streamKey ? streamKey.value : '<stream key>';
    ingestBox.append(
      copyField('RTMPS server', `rtmps://${c.ingestEndpoint}:443/app/`, { id: 'rtmps-url' }),
      copyField('RTMP server', `rtmp://${c.ingestEndpoint}:1935/app/`, { id: 'rtmp-url' }),
      c.srt ? copyField('SRT URL', `srt://${c.srt.endpoint}:9000?streamid=${key}&passphrase=${c.srt.passphrase}`, { id: 'srt-url', secret: true }) : '',
      h('details', {}, h('summary', {}, 'OBS settings'), h('dl', { class: 'kv' },
        h('dt', {}, 'Service'), h('dd', {}, 'Custom…'),
        h('dt', {}, 'Server'), h('dd', { class: 'mono' }, `rtmps://${c.ingestEndpoint}:443/app/`),
        h('dt', {}, 'Stream Key'), h('dd', {}, 'the stream key above'),
        h('dt', {}, 'Keyframe interval'), h('dd', {}, '2 s'),
        h('dt', {}, 'Rate control'), h('dd', {}, 'CBR, up to 8.5 Mbps (STANDARD) / 1.5 Mbps (BASIC)'),
        h('dt', {}, 'B-frames'), h('dd', {}, '0 for LOW latency'))));
  };
  renderIngest();

  // live state, health, viewers, stop
  const stats = h('div', { class: 'stats', id: 'live' });
  const stop = h('button', { type: 'button', class: 'danger', id: 'stop-stream' }, 'Stop stream');
  stop.onclick = () => act(stop, async () => {
    await api('StopStream', { channelArn: arn });
    info('StopStream accepted: the encoder is disconnected and the stream key stays valid.');
  });
  let lastState = null;

  // preview
  const video = h('video', { id: 'preview', controls: true, muted: true, playsinline: true, autoplay: true });
  const levels = h('select', { id: 'rendition', 'aria-label': 'Rendition' }, h('option', { value: '-1' }, 'Auto'));
  const latency = h('span', { id: 'latency', class: 'muted' });
  let hls = null;
  const startPreview = () => {
    if (hls) hls.destroy();
    hls = null;
    if (Hls.isSupported()) {
      hls = new Hls({ lowLatencyMode: c.latencyMode === 'LOW', liveDurationInfinity: true });
      hls.on(Hls.Events.MANIFEST_PARSED, (_, d) => {
        clear(levels).append(h('option', { value: '-1' }, 'Auto'),
          ...d.levels.map((l, i) => h('option', { value: String(i) }, `${l.height || '?'}p ${Math.round((l.bitrate || 0) / 1000)} kbps`)));
        video.play().catch(() => {});
      });
      hls.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) setTimeout(startPreview, 3000); });
      hls.loadSource(c.playbackUrl);
      hls.attachMedia(video);
    } else {
      video.src = c.playbackUrl;
    }
  };
  levels.onchange = () => { if (hls) hls.currentLevel = Number(levels.value); };
  cleanups.push(() => { if (hls) hls.destroy(); });
  const latencyTimer = setInterval(() => {
    latency.textContent = hls && Number.isFinite(hls.latency) && hls.latency > 0 ? `latency ${hls.latency.toFixed(1)} s` : '';
  }, 1000);
  cleanups.push(() => clearInterval(latencyTimer));

  // sessions
  const sessionList = h('div', { class: 'table-wrap' });
  const timeline = h('div', { id: 'timeline' });
  let shownSession = null;
  const showSession = async (streamId) => {
    shownSession = streamId;
    const { streamSession: s } = await api('GetStreamSession', { channelArn: arn, streamId });
    const events = [...(s.truncatedEvents || [])].sort((a, b) => new Date(a.eventTime) - new Date(b.eventTime));
    clear(timeline).append(h('h3', {}, `Session ${s.streamId}`),
      h('p', { class: 'muted' }, `${fmtTime(s.startTime)} → ${s.endTime ? fmtTime(s.endTime) : 'live'}`),
      s.ingestConfiguration?.video ? h('p', { class: 'muted' }, `Ingest: ${s.ingestConfiguration.video.codec} ` +
        `${s.ingestConfiguration.video.videoWidth}x${s.ingestConfiguration.video.videoHeight} ` +
        `${s.ingestConfiguration.video.targetFramerate} fps, ${Math.round((s.ingestConfiguration.video.targetBitrate || 0) / 1000)} kbps`) : '',
      events.length ? h('ol', { class: 'timeline' }, ...events.map((e) => h('li', { class: e.type === 'IVS Stream State Change' && /Failure/.test(e.name) ? 'Failure' : '' },
        h('strong', {}, e.name), ' ', h('span', { class: 'muted' }, `${fmtTime(e.eventTime)} · ${e.type}`), e.code ? h('span', {}, ` · ${e.code}`) : '')))
        : h('p', { class: 'muted' }, 'No events.'));
  };
  const refreshSessions = async () => {
    const sessions = (await api('ListStreamSessions', { channelArn: arn, maxResults: 20 })).streamSessions || [];
    clear(sessionList).append(sessions.length ? h('table', { class: 'responsive' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Stream'), h('th', {}, 'Start'), h('th', {}, 'End'), h('th', {}, 'Errors'))),
      h('tbody', {}, ...sessions.map((s) => h('tr', {},
        h('td', { 'data-label': 'Stream' }, h('button', { type: 'button', class: 'link', onclick: () => act(null, () => showSession(s.streamId)) }, s.streamId)),
        h('td', { 'data-label': 'Start' }, fmtTime(s.startTime)),
        h('td', { 'data-label': 'End' }, s.endTime ? fmtTime(s.endTime) : 'live'),
        h('td', { 'data-label': 'Errors' }, s.hasErrorEvent ? 'yes' : 'no')))))
      : h('p', { class: 'muted' }, 'No stream sessions yet.'));
    const wanted = shownSession && sessions.some((s) => s.streamId === shownSession) ? shownSession : sessions[0]?.streamId;
    if (wanted) await showSession(wanted);
  };

  // tags
  const tagBox = h('dl', { class: 'kv', id: 'tags' }, ...Object.entries(tags).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

  const del = h('button', { type: 'button', class: 'danger', id: 'delete-channel' }, 'Delete channel');
  del.onclick = () => act(del, async () => {
    if (!confirm(`Delete channel ${c.name || c.arn}?`)) return;
    await api('DeleteChannel', { arn });
    go('#/channels');
  });

  // InsertAdBreak (channels with an ad configuration, while live)
  const adBreakForm = h('form', { class: 'actions', id: 'ad-break-form' },
    h('label', { for: 'ad-break-duration' }, 'Ad break (seconds)'),
    h('input', { id: 'ad-break-duration', name: 'durationSeconds', type: 'number', min: 1, max: 300, value: 30, required: true }),
    h('button', { type: 'submit', id: 'ad-break' }, 'Insert ad break'));
  adBreakForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(adBreakForm.querySelector('button'), async () => {
      const durationSeconds = Number(adBreakForm.querySelector('input').value);
      const r = await api('InsertAdBreak', { channelArn: arn, durationSeconds });
      info(`Ad break ${r.adBreakId} inserted (${durationSeconds} s).`);
    });
  });

  page(c.name || 'Channel',
    h('div', { class: 'actions' }, h('a', { class: 'button', href: `#/channel/${enc}/edit`, id: 'edit-channel' }, 'Edit'), del),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', {}, 'Live preview'), video,
        h('div', { class: 'actions' }, h('label', { for: 'rendition' }, 'Rendition'), levels, latency)),
      h('section', { class: 'card' }, h('h2', {}, 'Stream'), stats, h('div', { class: 'actions' }, stop),
        c.adConfigurationArn ? adBreakForm : '',
        c.recordingConfigurationArn ? h('p', {}, h('a', { href: `#/recordings/${encodeURIComponent(c.recordingConfigurationArn)}`, id: 'channel-recordings' }, 'Recordings of this configuration')) : ''),
      h('section', { class: 'card' }, h('h2', {}, 'Ingest'), ingestBox),
      h('section', { class: 'card' }, h('h2', {}, 'Stream key'), keyBox, h('div', { class: 'actions' }, replaceKey)),
      h('section', { class: 'card' }, h('h2', {}, 'Channel'), h('dl', { class: 'kv' },
        ...[['ARN', c.arn], ['Type', c.type], ['Preset', c.preset || '–'], ['Latency mode', c.latencyMode],
          ['Container format', c.containerFormat || 'TS'], ['Authorized', c.authorized ? 'yes' : 'no'],
          ['Insecure ingest', c.insecureIngest ? 'yes' : 'no'], ['Recording configuration', c.recordingConfigurationArn || '–'],
          ['Restriction policy', c.playbackRestrictionPolicyArn || '–'], ['Ad configuration', c.adConfigurationArn || '–'],
          ['Playback URL', c.playbackUrl]]
          .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
      h('section', { class: 'card' }, h('h2', {}, 'Tags'), tagBox)),
    h('section', { class: 'card' }, h('h2', {}, 'Stream sessions'), sessionList, timeline));

  startPreview();
  poll(4000, async () => {
    let s = null;
    try {
      s = (await api('GetStream', { channelArn: arn })).stream;
    } catch (e) {
      if (e.name !== 'ChannelNotBroadcasting') throw e;
    }
    clear(stats).append(
      h('div', {}, h('div', { class: 'muted' }, 'State'), h('div', { class: 'stat' }, badge(s ? s.state : 'OFFLINE'))),
      h('div', {}, h('div', { class: 'muted' }, 'Health'), h('div', { class: 'stat', id: 'health' }, s ? badge(s.health) : '–')),
      h('div', {}, h('div', { class: 'muted' }, 'Viewers'), h('div', { class: 'stat', id: 'viewers' }, s ? String(s.viewerCount ?? 0) : '–')),
      s ? h('div', {}, h('div', { class: 'muted' }, 'Started'), h('div', {}, fmtTime(s.startTime))) : '');
    stop.disabled = !s;
    const state = s ? s.state : 'OFFLINE';
    if (state !== lastState && lastState !== null && state === 'LIVE') startPreview();
    lastState = state;
    await refreshSessions();
  });
}

// ---------------------------------------------------------------------------------------------- recording configurations

async function recordingConfigurationsPage() {
  const list = await listAll('ListRecordingConfigurations', 'recordingConfigurations');
  const form = h('form', { class: 'stack' },
    h('label', {}, 'Name', h('input', { name: 'name', maxlength: 128 })),
    h('label', {}, 'S3 bucket name', h('input', { name: 'bucketName', required: true })),
    h('label', {}, 'Thumbnails', h('select', { name: 'thumb' }, h('option', { value: 'INTERVAL' }, 'Every N seconds'), h('option', { value: 'DISABLED' }, 'Disabled'))),
    h('label', {}, 'Thumbnail interval (seconds)', h('input', { name: 'interval', type: 'number', min: 1, max: 60, value: 60 })),
    h('label', {}, 'Reconnect window (seconds)', h('input', { name: 'reconnect', type: 'number', min: 0, max: 300, value: 0 })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create recording configuration')));
  onCreate(form, 'CreateRecordingConfiguration', (f) => ({
    destinationConfiguration: { s3: { bucketName: f.get('bucketName') } },
    thumbnailConfiguration: f.get('thumb') === 'DISABLED' ? { recordingMode: 'DISABLED' }
      : { recordingMode: 'INTERVAL', targetIntervalSeconds: Number(f.get('interval')) },
    recordingReconnectWindowSeconds: Number(f.get('reconnect')),
  }));
  page('Recording configurations',
    h('section', { class: 'card' }, resourceTable(list, ['name', 'state', 'arn'], (r) => ({
      label: 'Delete', run: async () => { await api('DeleteRecordingConfiguration', { arn: r.arn }); route(); },
    }), (r) => h('span', {}, `bucket ${r.destinationConfiguration?.s3?.bucketName} · `,
      h('a', { href: `#/recordings/${encodeURIComponent(r.arn)}` }, 'Recordings')))),
    h('section', { class: 'card' }, h('h2', {}, 'Create'), form));
}

/** On submit: the operation with the form's input (an optional name added), then the page again. */
function onCreate(form, op, toInput) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    act(form.querySelector('button[type=submit]'), async () => {
      const input = toInput(f);
      if (f.get('name')) input.name = f.get('name');
      await api(op, input);
      route();
    });
  });
}

/** A table of resources with the given fields, an extra column and one action per row. */
function resourceTable(items, fields, action, extra) {
  if (!items.length) return h('p', { class: 'muted' }, 'None yet.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' },
    h('thead', {}, h('tr', {}, ...fields.map((f) => h('th', {}, f)), extra ? h('th', {}, 'detail') : '', h('th', {}, ''))),
    h('tbody', {}, ...items.map((r) => {
      const a = action(r);
      const b = h('button', { type: 'button', class: 'danger' }, a.label);
      b.onclick = () => act(b, async () => { if (confirm(`${a.label} ${r.name || r.arn}?`)) await a.run(); });
      return h('tr', {}, ...fields.map((f) => h('td', { 'data-label': f, class: f === 'arn' ? 'mono' : '' }, String(r[f] ?? '–'))),
        extra ? h('td', { 'data-label': 'detail' }, extra(r) ?? '–') : '', h('td', {}, b));
    }))));
}

// ---------------------------------------------------------------------------------------------- playback keys and tokens

async function playbackKeysPage() {
  const list = await listAll('ListPlaybackKeyPairs', 'keyPairs');
  const form = h('form', { class: 'stack' },
    h('label', {}, 'Name', h('input', { name: 'name', maxlength: 128 })),
    h('label', {}, 'Public key (PEM, ECDSA P-384)', h('textarea', { name: 'publicKeyMaterial', required: true, placeholder: '-----BEGIN PUBLIC KEY-----' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Import key pair')));
  onCreate(form, 'ImportPlaybackKeyPair', (f) => ({ publicKeyMaterial: f.get('publicKeyMaterial') }));
  page('Playback key pairs',
    h('section', { class: 'card' }, resourceTable(list, ['name', 'arn'], (k) => ({
      label: 'Delete', run: async () => { await api('DeletePlaybackKeyPair', { arn: k.arn }); route(); },
    }))),
    h('section', { class: 'card' }, h('h2', {}, 'Import'), h('p', { class: 'muted' },
      'Make a key pair with: openssl ecparam -name secp384r1 -genkey -noout -out private.pem; openssl ec -in private.pem -pubout -out public.pem'), form));
}

async function tokenPage() {
  const channels = await listAll('ListChannels', 'channels');
  const out = h('div');
  const form = h('form', { class: 'stack' },
    h('label', {}, 'Channel', h('select', { name: 'channel' }, ...channels.map((c) => h('option', { value: c.arn }, `${c.name || c.arn}${c.authorized ? ' (private)' : ''}`)))),
    h('label', {}, 'Private key (PEM, PKCS#8 or SEC1 EC P-384)', h('textarea', { name: 'key', required: true, placeholder: '-----BEGIN PRIVATE KEY-----' }),
      h('span', { class: 'hint' }, 'The key is used in this page only (Web Crypto) and never sent anywhere.')),
    h('label', {}, 'Valid for (seconds)', h('input', { name: 'ttl', type: 'number', min: 1, value: 3600 })),
    h('label', {}, 'Allowed origin (optional)', h('input', { name: 'origin', placeholder: 'https://example.com' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Sign token')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    act(form.querySelector('button'), async () => {
      const { channel } = await api('GetChannel', { arn: f.get('channel') });
      const token = await signPlaybackToken(f.get('key'), channel.arn, Number(f.get('ttl')), f.get('origin'));
      const url = `${channel.playbackUrl}?token=${token}`;
      clear(out).append(copyField('Token', token, { id: 'token' }), copyField('Playback URL with token', url, { id: 'token-url' }),
        h('video', { controls: true, muted: true, id: 'token-preview' }));
      const v = out.querySelector('video');
      if (Hls.isSupported()) { const p = new Hls(); p.loadSource(url); p.attachMedia(v); cleanups.push(() => p.destroy()); }
    });
  });
  page('Playback token helper', h('section', { class: 'card' }, form, out));
}

// ---------------------------------------------------------------------------------------------- restriction policies

async function restrictionPoliciesPage() {
  const list = await listAll('ListPlaybackRestrictionPolicies', 'playbackRestrictionPolicies');
  const form = h('form', { class: 'stack' },
    h('label', {}, 'Name', h('input', { name: 'name', maxlength: 128 })),
    h('label', {}, 'Allowed countries', h('input', { name: 'countries', placeholder: 'US, DE (empty: all)' })),
    h('label', {}, 'Allowed origins', h('input', { name: 'origins', placeholder: 'https://example.com (empty: all)' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'strict' }), 'Strict origin enforcement'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create policy')));
  const split = (s) => String(s || '').split(/[\s,]+/).filter(Boolean);
  onCreate(form, 'CreatePlaybackRestrictionPolicy', (f) => ({
    allowedCountries: split(f.get('countries')), allowedOrigins: split(f.get('origins')),
    enableStrictOriginEnforcement: f.get('strict') === 'on',
  }));
  page('Playback restriction policies',
    h('section', { class: 'card' }, resourceTable(list, ['name', 'arn'], (p) => ({
      label: 'Delete', run: async () => { await api('DeletePlaybackRestrictionPolicy', { arn: p.arn }); route(); },
    }), (p) => `countries: ${(p.allowedCountries || []).join(' ') || 'all'}; origins: ${(p.allowedOrigins || []).join(' ') || 'all'}`)),
    h('section', { class: 'card' }, h('h2', {}, 'Create'), form));
}

// ---------------------------------------------------------------------------------------------- ad configurations

async function adConfigurationsPage() {
  const list = await listAll('ListAdConfigurations', 'adConfigurations');
  const form = h('form', { class: 'stack', id: 'ad-configuration-form' },
    h('label', {}, 'Name', h('input', { name: 'name', maxlength: 128, pattern: '[a-zA-Z0-9-_]*' })),
    h('label', {}, 'MediaTailor playback configuration ARNs (1 to 3, one a line; the first is the default)',
      h('textarea', { name: 'mediaTailor', required: true, placeholder: 'arn:aws:mediatailor:us-west-2:123456789012:playbackConfiguration/my-config' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'postRoll' }), 'Post-roll ad break'),
    h('label', {}, 'Post-roll duration (seconds)', h('input', { name: 'postRollSeconds', type: 'number', min: 1, max: 300, value: 15 })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create ad configuration')));
  onCreate(form, 'CreateAdConfiguration', (f) => ({
    mediaTailorPlaybackConfigurations: String(f.get('mediaTailor')).split(/\s+/).filter(Boolean)
      .map((playbackConfigurationArn) => ({ playbackConfigurationArn })),
    postRollConfiguration: { enabled: f.get('postRoll') === 'on', durationSeconds: Number(f.get('postRollSeconds')) },
  }));
  page('Ad configurations',
    h('p', { class: 'muted' }, 'A channel with an ad configuration takes InsertAdBreak (its page has the button); the break is '
      + 'marked in its HLS playlists and recordings (EXT-X-DATERANGE with SCTE-35, EXT-X-CUE-OUT/IN) for an ad stitcher.'),
    h('section', { class: 'card' }, resourceTable(list.map((a) => ({ ...a,
      mediaTailor: (a.mediaTailorPlaybackConfigurations || []).map((m) => m.playbackConfigurationArn.split('/').pop()).join(', '),
      postRoll: a.postRollConfiguration?.enabled ? `${a.postRollConfiguration.durationSeconds} s` : 'off',
    })), ['name', 'mediaTailor', 'postRoll', 'arn'], (a) => ({
      label: 'Delete', run: async () => { await api('DeleteAdConfiguration', { arn: a.arn }); route(); },
    }))),
    h('section', { class: 'card' }, h('h2', {}, 'Create'), form));
}

// ---------------------------------------------------------------------------------------------- recordings (object store)

const STORE = 'openivs.console.store';

/** The object store settings kept in sessionStorage (endpoint and keys of the S3-compatible store). */
function storeSettings() {
  try { return JSON.parse(sessionStorage.getItem(STORE) || 'null'); } catch { return null; }
}

function storeClient() {
  const s = storeSettings();
  return s && objectStore({ ...s, region: credentials().region });
}

/** The form for the object store's endpoint and keys (the S3 API is not the IVS API: its own credentials). */
function storeForm(onSaved) {
  const s = storeSettings() || { endpoint: `${location.protocol}//${location.hostname}:9000`, accessKeyId: '', secretAccessKey: '' };
  const form = h('form', { class: 'stack', id: 'store-form' },
    h('label', {}, 'S3 endpoint', h('input', { name: 'endpoint', required: true, value: s.endpoint, type: 'url' })),
    h('label', {}, 'S3 access key ID', h('input', { name: 'storeAccessKeyId', required: true, value: s.accessKeyId, autocomplete: 'off' })),
    h('label', {}, 'S3 secret access key', h('input', { name: 'storeSecretAccessKey', required: true, type: 'password', value: s.secretAccessKey, autocomplete: 'off' }),
      h('span', { class: 'hint' }, 'Kept in this tab\'s session storage; requests are presigned in the page (./ivs up prints the local store\'s keys).')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'store-save' }, 'Use this store')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    sessionStorage.setItem(STORE, JSON.stringify({ endpoint: f.get('endpoint'), accessKeyId: f.get('storeAccessKeyId'), secretAccessKey: f.get('storeSecretAccessKey') }));
    onSaved();
  });
  return form;
}

/** Child prefixes one level below prefix, newest first (numeric path parts compared as numbers). */
async function children(store, bucket, prefix) {
  const { prefixes } = await store.list(bucket, prefix, '/');
  const part = (p) => p.slice(prefix.length, -1);
  return prefixes.sort((a, b) => (Number(part(b)) - Number(part(a))) || part(b).localeCompare(part(a)));
}

/** The newest recordings of one channel folder: ivs/v1/{account}/{channel}/{y}/{m}/{d}/{h}/{min}/{recording}/. */
async function channelRecordings(store, bucket, channelPrefix, max) {
  const found = [];
  const walk = async (prefix, depth) => {
    for (const p of await children(store, bucket, prefix)) {
      if (found.length >= max) return;
      if (depth === 5) found.push(p); else await walk(p, depth + 1);
    }
  };
  await walk(channelPrefix, 0);
  return found;
}

/** A recording's metadata file: ended, failed, or started (in that order of preference). */
async function recordingMetadata(store, bucket, prefix) {
  const { keys } = await store.list(bucket, `${prefix}events/`);
  for (const name of ['recording-ended.json', 'recording-failed.json', 'recording-started.json']) {
    if (keys.some((k) => k.key === `${prefix}events/${name}`)) return store.json(bucket, `${prefix}events/${name}`);
  }
  return null;
}

async function recordingsPage(rcArn) {
  const configs = await listAll('ListRecordingConfigurations', 'recordingConfigurations');
  if (!rcArn && configs.length) { go(`#/recordings/${encodeURIComponent(configs[0].arn)}`); return; }
  const rc = configs.find((r) => r.arn === rcArn);
  const chooser = h('label', {}, 'Recording configuration', h('select', { id: 'recordings-config', onchange: (e) => go(`#/recordings/${encodeURIComponent(e.target.value)}`) },
    ...configs.map((r) => h('option', { value: r.arn, selected: r.arn === rcArn }, `${r.name || r.arn} (bucket ${r.destinationConfiguration?.s3?.bucketName})`))));
  const out = h('div', { id: 'recordings' });
  const settings = h('section', { class: 'card' }, h('h2', {}, 'Object store'), storeForm(() => route()));
  page('Recordings', h('section', { class: 'card' }, chooser), h('section', { class: 'card' }, h('h2', {}, 'Recorded sessions'), out), settings);
  if (!rc) { out.append(h('p', { class: 'muted' }, 'No recording configuration.')); return; }
  const store = storeClient();
  if (!store) { out.append(h('p', { class: 'muted' }, 'Set the object store below to list the recordings.')); return; }
  const bucket = rc.destinationConfiguration.s3.bucketName;
  const account = rc.arn.split(':')[4];
  const names = Object.fromEntries((await listAll('ListChannels', 'channels')).map((c) => [c.arn.split('/').pop(), c.name || c.arn]));
  const load = async () => {
    const base = `ivs/v1/${account}/`;
    const channelPrefixes = (await store.list(bucket, base, '/')).prefixes;
    const prefixes = (await Promise.all(channelPrefixes.map((p) => channelRecordings(store, bucket, p, 20)))).flat();
    const rows = await Promise.all(prefixes.map(async (prefix) => ({ prefix, meta: await recordingMetadata(store, bucket, prefix) })));
    rows.sort((a, b) => String(b.meta?.recording_started_at).localeCompare(String(a.meta?.recording_started_at)));
    clear(out);
    if (!rows.length) { out.append(h('p', { class: 'muted' }, `No recordings in bucket ${bucket} yet.`)); return; }
    out.append(h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' },
      h('thead', {}, h('tr', {}, ...['Started', 'Channel', 'Status', 'Duration', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, ...rows.map(({ prefix, meta }) => {
        const channelId = prefix.split('/')[3];
        const ms = meta?.media?.hls?.duration_ms;
        return h('tr', { class: 'recording' },
          h('td', { 'data-label': 'Started' }, fmtTime(meta?.recording_started_at)),
          h('td', { 'data-label': 'Channel' }, names[channelId] || channelId),
          h('td', { 'data-label': 'Status' }, meta?.recording_status || '–'),
          h('td', { 'data-label': 'Duration' }, ms !== undefined ? `${(ms / 1000).toFixed(1)} s` : '–'),
          h('td', {}, h('a', { class: 'button', href: `#/recording/${encodeURIComponent(bucket)}/${encodeURIComponent(prefix)}` }, 'Play')));
      })))));
  };
  await load();
  poll(10000, load);
}

async function recordingPage(bucket, prefix) {
  const store = storeClient();
  if (!store) { go('#/recordings'); return; }
  const meta = await recordingMetadata(store, bucket, prefix);
  const video = h('video', { id: 'recording-video', controls: true, muted: true, playsinline: true, autoplay: true });
  const breaks = h('div', { id: 'ad-breaks' }, h('p', { class: 'muted' }, 'Reading the playlists…'));
  const thumbs = h('div', { id: 'thumbnails', class: 'thumbs' });
  const hlsMeta = meta?.media?.hls || {};
  page('Recording',
    h('p', { class: 'mono' }, `s3://${bucket}/${prefix}`),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h2', {}, 'Playback'), video),
      h('section', { class: 'card' }, h('h2', {}, 'Recording'), h('dl', { class: 'kv' },
        ...[['Channel', meta?.channel_arn || '–'], ['Status', meta?.recording_status || '–'], ['Started', fmtTime(meta?.recording_started_at)],
          ['Ended', fmtTime(meta?.recording_ended_at)], ['Duration', hlsMeta.duration_ms !== undefined ? `${(hlsMeta.duration_ms / 1000).toFixed(1)} s` : '–'],
          ['Renditions', (hlsMeta.renditions || []).map((r) => `${r.path} ${r.resolution_width}x${r.resolution_height}`).join(', ') || '–']]
          .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])))),
    h('section', { class: 'card' }, h('h2', {}, 'Ad breaks'), breaks),
    h('section', { class: 'card' }, h('h2', {}, 'Thumbnails'), thumbs));

  // hls.js on the master playlist; every playlist and segment request presigned by the loader
  const master = store.objectUrl(bucket, `${prefix}${hlsMeta.path || 'media/hls'}/${hlsMeta.playlist || 'master.m3u8'}`);
  if (Hls.isSupported()) {
    const player = new Hls({ loader: presigningLoader(Hls.DefaultConfig.loader, store) });
    player.on(Hls.Events.LEVEL_UPDATED, (_, { details }) => {
      const ranges = Object.values(details.dateRanges || {});
      clear(breaks);
      if (!ranges.length) { breaks.append(h('p', { class: 'muted' }, 'No ad break in this recording.')); return; }
      breaks.append(h('div', { class: 'table-wrap' }, h('table', { class: 'responsive' },
        h('thead', {}, h('tr', {}, ...['ID', 'Start', 'Planned', 'Duration', 'SCTE-35'].map((t) => h('th', {}, t)))),
        h('tbody', {}, ...ranges.map((d) => h('tr', { class: 'ad-break', 'data-id': d.id, 'data-planned': d.plannedDuration ?? '', 'data-duration': d.duration ?? '',
          'data-scte35-out': d.attr['SCTE35-OUT'] || '' },
          h('td', { 'data-label': 'ID', class: 'mono' }, d.id), h('td', { 'data-label': 'Start' }, fmtTime(d.startDate)),
          h('td', { 'data-label': 'Planned' }, d.plannedDuration !== null && d.plannedDuration !== undefined ? `${d.plannedDuration} s` : '–'),
          h('td', { 'data-label': 'Duration' }, d.duration !== null && d.duration !== undefined ? `${d.duration.toFixed(3)} s` : '–'),
          h('td', { 'data-label': 'SCTE-35' }, [d.attr['SCTE35-OUT'] ? 'OUT' : '', d.attr['SCTE35-IN'] ? 'IN' : ''].filter(Boolean).join(' + ') || '–')))))));
    });
    player.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) showError(new Error(`hls.js: ${d.details}`)); });
    player.loadSource(master);
    player.attachMedia(video);
    cleanups.push(() => player.destroy());
  } else {
    breaks.replaceChildren(h('p', { class: 'muted' }, 'This browser cannot play HLS with hls.js.'));
  }

  // thumbnails: the sequential ones (the first 12) and the latest
  const { keys } = await store.list(bucket, `${prefix}media/`);
  const jpegs = keys.map((k) => k.key).filter((k) => k.endsWith('.jpg'));
  if (!jpegs.length) thumbs.append(h('p', { class: 'muted' }, 'No thumbnails.'));
  for (const key of jpegs.slice(0, 12)) {
    thumbs.append(h('figure', {}, h('img', { src: await store.presignUrl(store.objectUrl(bucket, key)), alt: `thumbnail ${key.slice(prefix.length)}`, loading: 'lazy' }),
      h('figcaption', { class: 'muted' }, key.slice(prefix.length + 'media/'.length))));
  }
}

window.addEventListener('hashchange', route);
route();
