// The console's entry module: the login form, who is signed in, logout. Every value the
// server sends is rendered with textContent, never as HTML.
import {api, setCsrfToken} from './api.js';

const byId = (id) => document.getElementById(id);

function showSignedIn(session) {
  byId('who-name').textContent = session.name;
  byId('who-role').textContent = session.role;
  byId('who').hidden = false;
  byId('login-view').hidden = true;
  byId('home-view').hidden = false;
}

function showSignedOut() {
  byId('who').hidden = true;
  byId('login-view').hidden = false;
  byId('home-view').hidden = true;
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
  setCsrfToken(answer.body.csrf_token);
  showSignedIn(answer.body);
}

async function logOut() {
  await api('DELETE', '/api/v1/session');
  setCsrfToken('');
  showSignedOut();
}

async function start() {
  byId('login-form').addEventListener('submit', logIn);
  byId('logout').addEventListener('click', logOut);
  const current = await api('GET', '/api/v1/session');
  if (current.ok) {
    setCsrfToken(current.body.csrf_token);
    showSignedIn(current.body);
  } else {
    showSignedOut();
  }
}

start();
