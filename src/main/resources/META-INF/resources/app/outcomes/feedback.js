// Feedback on an ended session: one per household (docs/api.md "Feedback"); a second attempt shows the refusal.
import { get, post } from '/assets/api.js';
import { h, replace, time, say, problemText } from './dom.js';
import { TERMINAL } from './words.js';

const RATINGS = [[1, 'Very poor'], [2, 'Poor'], [3, 'All right'], [4, 'Good'], [5, 'Very good']];

export async function showFeedback(container, session) {
  const slot = h('div', { id: 'feedback-body' });
  container.append(slot);
  if (!TERMINAL.has(session.state)) {
    slot.append(h('p', {}, 'You can leave feedback once the session has ended.'));
    return;
  }
  const given = await get(`/api/v1/sessions/${encodeURIComponent(session.id)}/feedback`);
  if (given.length) {
    thanks(slot, given[0]);
    return;
  }
  slot.append(form(session, slot));
}

function thanks(slot, feedback) {
  replace(slot, h('p', { id: 'feedback-given' }, `Your household rated this session ${feedback.rating} of 5`,
    feedback.comment ? `: “${feedback.comment}”.` : '.', ' Given ', time(feedback.createdAt), '.'));
}

function form(session, slot) {
  const comment = h('textarea', { id: 'feedback-comment', name: 'comment', maxlength: 1000, rows: 3 });
  const problem = h('p', { id: 'feedback-problem', class: 'problem', 'aria-live': 'assertive' });
  const node = h('form', { class: 'feedback', novalidate: true },
    h('fieldset', {}, h('legend', {}, 'How was this session?'),
      h('div', { class: 'ratings' }, RATINGS.map(([value, label]) => {
        const id = `rating-${value}`;
        return h('span', { class: 'rating' }, h('input', { type: 'radio', name: 'rating', id, value, required: true }),
          h('label', { for: id }, `${value} — ${label}`));
      }))),
    h('label', { for: 'feedback-comment' }, 'Comment (optional, up to 1,000 characters)'), comment,
    h('button', { type: 'submit', class: 'primary' }, 'Send feedback'), problem);
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    const rating = node.querySelector('input[name="rating"]:checked');
    if (!rating) {
      problem.textContent = 'Choose a rating from 1 to 5.';
      return;
    }
    try {
      const saved = await post(`/api/v1/sessions/${encodeURIComponent(session.id)}/feedback`,
        { rating: Number(rating.value), comment: comment.value.trim() || null });
      thanks(slot, saved);
      say('Thank you: your feedback was saved.');
    } catch (error) {
      problem.textContent = problemText(error, {
        feedback_exists: 'Your household has already left feedback on this session. Only one is kept, so this one was not saved.',
        session_not_ended: 'Feedback can be given once the session has ended.',
      });
    }
  });
  return node;
}
