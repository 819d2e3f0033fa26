// The sign-in page: development issuer form (demo, dev, test) or the OIDC provider; ?next= is honoured only for
// paths on this gateway (the server decides, SafeNext).
import { api, currentSession, signOut } from '/assets/api.js';
import { announce } from '/assets/ui.js';

const params = new URLSearchParams(location.search);
const next = params.get('next') || '/';
const $ = (id) => document.getElementById(id);

const [session, providers] = await Promise.all([currentSession(), api('GET', '/auth/providers', undefined, { redirectOnSignIn: false })]);

if (session) {
  $('signed-in-text').textContent = `You are signed in as ${session.name || session.subject} (${session.role}${session.mfa ? ', with a second factor' : ''}).`;
  $('signed-in').hidden = false;
  $('continue').href = safePath(next);
  $('sign-out').addEventListener('click', () => signOut('/signin/'));
}
if (providers.devIssuer) {
  $('dev-form').hidden = false;
  $('dev-form').addEventListener('submit', submit);
  if (!session) $('username').focus();
} else if (providers.oidc) {
  $('oidc').hidden = false;
  $('oidc-start').href = '/auth/oidc/start?next=' + encodeURIComponent(next);
} else {
  $('unavailable').hidden = false;
}

async function submit(event) {
  event.preventDefault();
  const username = $('username');
  const password = $('password');
  const code = $('code');
  const error = $('error');
  error.textContent = '';
  for (const input of [username, password, code]) input.removeAttribute('aria-invalid');
  const missing = [username, password].filter((input) => !input.value.trim());
  if (missing.length) {
    for (const input of missing) input.setAttribute('aria-invalid', 'true');
    error.textContent = 'Enter your username and password.';
    missing[0].focus();
    return;
  }
  $('submit').disabled = true;
  try {
    const signedIn = await api('POST', '/auth/dev-sign-in', {
      username: username.value.trim(), password: password.value, oneTimeCode: code.value.trim() || null, next,
    }, { redirectOnSignIn: false });
    announce('Signed in.');
    location.assign(signedIn.next);
  } catch (failure) {
    $('submit').disabled = false;
    if (failure.code === 'invalid_second_factor') {
      code.setAttribute('aria-invalid', 'true');
      error.textContent = 'The one-time code is wrong.';
      code.focus();
    } else if (failure.code === 'invalid_credentials') {
      password.setAttribute('aria-invalid', 'true');
      error.textContent = 'The username or the password is wrong.';
      password.focus();
    } else {
      error.textContent = failure.message || 'Sign-in failed.';
    }
  }
}

/** The same rule as the server's SafeNext, for the Continue link of an already signed-in visitor. */
function safePath(path) {
  return /^\/(?![\/\\])[^\s\\]*$/.test(path) ? path : '/';
}
