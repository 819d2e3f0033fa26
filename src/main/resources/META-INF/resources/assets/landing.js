// Landing page: shows who is signed in, offers sign-in or sign-out.
import { currentSession, signOut } from './api.js';

const session = await currentSession();
if (session) {
  document.getElementById('who').textContent = `Signed in as ${session.name || session.subject} (${session.role})`;
  document.getElementById('sign-in').hidden = true;
  const out = document.getElementById('sign-out');
  out.hidden = false;
  out.addEventListener('click', () => signOut('/'));
}
