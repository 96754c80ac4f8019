// The console's entry module: who is signed in, the navigation their role allows, a hash
// router (#/view/param…) over the view modules, and live refreshes on every commit.
// Roles are the server's to enforce: the navigation only leaves out what would be refused.
import {api, setCsrfToken, shownLogLength, startShowing} from './api.js';
import {el} from './dom.js';
import {subscribe} from './live.js';
import {audit} from './view-audit.js';
import {conflicts} from './view-conflicts.js';
import {devices} from './view-devices.js';
import {overview} from './view-overview.js';
import {publicResults} from './view-public.js';
import {results} from './view-results.js';
import {rounds} from './view-rounds.js';
import {station} from './view-station.js';

const views = {overview, conflicts, station, results, rounds, devices, audit,
               public: publicResults};
const rank = {none: 0, auditor: 1, supervisor: 2, operator: 3};
const byId = (id) => document.getElementById(id);

let session = null;
let rendering = false;
let again = null;  // a refresh asked for while one runs: {keepInputs}
let renders = 0;
let catchUp = null;  // the timer of a refresh that catches up with the last commit
// How long a page whose documents show an older state than the last commit's waits before
// asking again: tallyd renders a busy shared document a few times a second at most.
const kCatchUpMs = 250;

const allowed = (view) => rank[view.access] <= rank[session?.role ?? 'none'];

function route() {
  const [name, ...params] = location.hash.replace(/^#\/?/, '').split('/');
  return {name: name || (session ? 'overview' : 'public'), params};
}

function showNavigation() {
  const links = Object.entries(views).filter(([, view]) => allowed(view))
      .map(([name, view]) => el('li', {}, el('a', {href: `#/${name}`}, view.title)));
  if (!session) links.push(el('li', {}, el('a', {href: '#/login'}, 'Log in')));
  byId('nav').replaceChildren(...links);
  byId('who').hidden = !session;
  if (session) {
    byId('who-name').textContent = session.name;
    byId('who-role').textContent = session.role;
  }
  const current = route().name;
  for (const link of byId('nav').querySelectorAll('a')) {
    if (link.getAttribute('href') === `#/${current}`) link.setAttribute('aria-current', 'page');
  }
}

// What the person was doing in the view (inputs typed, <details> opened, focus), so a
// live refresh does not take it away.
function viewState() {
  const body = byId('view-body');
  const inputs = new Map([...body.querySelectorAll('input[id], select[id]')]
                             .map((input) => [input.id, input.value]));
  const openDetails = new Set([...body.querySelectorAll('details[open][data-history]')]
                                  .map((details) => details.dataset.history));
  const active = body.contains(document.activeElement) ? document.activeElement : null;
  const focused = active && {id: active.id, tag: active.tagName, text: active.textContent};
  return {inputs, openDetails, focused};
}

function restore(state) {
  for (const [id, value] of state.inputs) {
    const input = document.getElementById(id);
    if (input && input.type !== 'password') input.value = value;
  }
  // A control without an id (a Take button) is found again by its kind and its words.
  const focused = state.focused;
  if (!focused) return;
  const target = focused.id ? document.getElementById(focused.id) :
      [...byId('view-body').querySelectorAll(focused.tag)].find((node) => node.textContent === focused.text);
  target?.focus();
}

async function render({keepInputs = false} = {}) {
  if (rendering) {
    again = {keepInputs: keepInputs && (again?.keepInputs ?? true)};
    return;
  }
  rendering = true;
  try {
    const {name, params} = route();
    showNavigation();
    const view = views[name];
    const wantsLogin = name === 'login' || (view && !session && !allowed(view));
    byId('login-view').hidden = !wantsLogin || Boolean(session && name === 'login');
    byId('view').hidden = wantsLogin;
    if (wantsLogin) {
      document.title = 'Log in · TallySync console';
      if (session && name === 'login') location.hash = '#/overview';
      return;
    }
    const state = keepInputs ? viewState() : {inputs: new Map(), openDetails: viewState().openDetails};
    let content;
    startShowing();
    try {
      content = !view ? [el('p', {role: 'alert'}, `There is no page '${name}'.`)] :
                !allowed(view) ?
                    [el('p', {role: 'alert'}, `${view.title} is for the ${view.access} role.`)] :
                    await view.render({params, session, refresh: () => render(),
                                       openDetails: state.openDetails});
    } catch (error) {
      content = [el('p', {class: 'error', role: 'alert'}, error.message)];
    }
    const title = view?.title ?? 'Not found';
    byId('view-title').textContent = title;
    document.title = `${title} · TallySync console`;
    byId('view-body').replaceChildren(...[content].flat().filter(Boolean));
    byId('view').dataset.view = name;
    byId('view').dataset.renders = String(++renders);
    restore(state);
    if (shownLogLength() < Number(document.body.dataset.logLength || 0) && !catchUp) {
      catchUp = setTimeout(() => {
        catchUp = null;
        render({keepInputs: true});
      }, kCatchUpMs);
    }
  } finally {
    rendering = false;
    if (again) {
      const next = again;
      again = null;
      render(next);
    }
  }
}

function signedIn(body) {
  session = body;
  setCsrfToken(body?.csrf_token);
}

async function logIn(event) {
  event.preventDefault();
  const form = event.target;
  const answer = await api('POST', '/api/v1/session', {
    name: form.elements.name.value,
    password: form.elements.password.value,
  });
  form.elements.password.value = '';
  if (!answer.ok) {
    byId('login-error').textContent = answer.message;
    return;
  }
  byId('login-error').textContent = '';
  signedIn(answer.body);
  location.hash = '#/overview';
  render();
}

async function logOut() {
  await api('DELETE', '/api/v1/session');
  signedIn(null);
  location.hash = '#/public';
  render();
}

async function start() {
  byId('login-form').addEventListener('submit', logIn);
  byId('logout').addEventListener('click', logOut);
  const current = await api('GET', '/api/v1/session');
  signedIn(current.ok ? current.body : null);
  window.addEventListener('hashchange', () => {
    render();
    byId('view').focus({preventScroll: true});
  });
  await render();
  subscribe(byId('live'), () => render({keepInputs: true}));
}

start();
