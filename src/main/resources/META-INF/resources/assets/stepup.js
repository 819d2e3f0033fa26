// Step-up for decisions that need a fresh sign-in with a second factor (RFC 9470): withStepUp(action) runs the
// action; when the gateway answers step_up_required or mfa_required it asks the person to sign in again and
// retries the action once. Development issuer: an accessible dialog (password + one-time code). OIDC: a
// full-page redirect to the provider with max_age=0 and the MFA acr, coming back to this page.

import { ApiError, api, currentSession } from './api.js';
import { el, announce } from './ui.js';

const STEP_UP_CODES = new Set(['step_up_required', 'mfa_required']);

export function needsStepUp(error) {
  return error instanceof ApiError && STEP_UP_CODES.has(error.code);
}

/** Runs `action()`; after a step-up refusal re-authenticates and runs it once more. */
export async function withStepUp(action) {
  try {
    return await action();
  } catch (error) {
    if (!needsStepUp(error)) throw error;
    await reauthenticate(error);
    return action();
  }
}

let providersPromise;
function providers() {
  providersPromise ??= api('GET', '/auth/providers', undefined, { redirectOnSignIn: false });
  return providersPromise;
}

/** Resolves once the person signed in again with a second factor; rejects when they cancel. */
export async function reauthenticate(reason) {
  const available = await providers();
  if (available.oidc) {
    const next = location.pathname + location.search + location.hash;
    location.assign('/auth/oidc/start?step-up=true&next=' + encodeURIComponent(next));
    return new Promise(() => {}); // the page is going away
  }
  const session = await currentSession();
  if (!session) {
    location.assign('/signin/?next=' + encodeURIComponent(location.pathname + location.search));
    return new Promise(() => {});
  }
  return devIssuerDialog(session, reason);
}

function devIssuerDialog(session, reason) {
  return new Promise((resolve, reject) => {
    const opener = document.activeElement;
    const error = el('p', { class: 'alert error', role: 'alert', id: 'stepup-error' });
    const password = el('input', { id: 'stepup-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const code = el('input', {
      id: 'stepup-code', name: 'oneTimeCode', inputmode: 'numeric', autocomplete: 'one-time-code',
      required: true, maxlength: '20', 'aria-describedby': 'stepup-code-hint',
    });
    const submit = el('button', { type: 'submit', class: 'primary' }, 'Confirm');
    const cancel = el('button', { type: 'button' }, 'Cancel');
    const form = el('form', { method: 'dialog', class: 'stack' },
      el('h2', { id: 'stepup-title' }, 'Confirm it is you'),
      el('p', { id: 'stepup-why' }, reasonText(reason), ' Signed in as ', el('strong', {}, session.name || session.subject), '.'),
      error,
      el('div', { class: 'field' }, el('label', { for: 'stepup-password' }, 'Password'), password),
      el('div', { class: 'field' },
        el('label', { for: 'stepup-code' }, 'One-time code'),
        el('span', { class: 'hint', id: 'stepup-code-hint' }, 'From your authenticator (the demo accounts use the code the banner shows).'),
        code),
      el('div', { class: 'row' }, submit, cancel));
    const dialog = el('dialog', { 'aria-labelledby': 'stepup-title', 'aria-describedby': 'stepup-why', id: 'stepup-dialog' }, form);
    let settled = false;
    const finish = (ok, value) => {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      if (opener && typeof opener.focus === 'function') opener.focus();
      ok ? resolve(value) : reject(value);
    };
    cancel.addEventListener('click', () => finish(false, new ApiError(401, { code: 'step_up_cancelled', detail: 'The confirmation was cancelled.' }, null)));
    dialog.addEventListener('cancel', (event) => { event.preventDefault(); cancel.click(); });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      error.textContent = '';
      try {
        await api('POST', '/auth/dev-sign-in', { username: session.subject, password: password.value, oneTimeCode: code.value },
          { redirectOnSignIn: false });
        announce('Confirmed. Trying again.');
        finish(true);
      } catch (failure) {
        error.textContent = failure.code === 'invalid_second_factor' ? 'The one-time code is wrong.'
          : failure.code === 'invalid_credentials' ? 'The password is wrong.' : (failure.message || 'That did not work.');
        password.setAttribute('aria-invalid', String(failure.code === 'invalid_credentials'));
        code.setAttribute('aria-invalid', String(failure.code === 'invalid_second_factor'));
        submit.disabled = false;
        (failure.code === 'invalid_second_factor' ? code : password).focus();
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    password.focus();
  });
}

function reasonText(reason) {
  if (reason && reason.code === 'mfa_required') return 'This needs a sign-in with a second factor.';
  return 'This decision needs a recent sign-in with a second factor.';
}
