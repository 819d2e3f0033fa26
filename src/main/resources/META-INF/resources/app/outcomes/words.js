// Plain words for the API's states and codes (the API's own detail is the fallback for anything not listed).

export const TERMINAL = new Set(['ended', 'revoked', 'expired', 'denied', 'cancelled', 'terminated']);

export const OUTCOME = {
  ended: 'Ended normally',
  revoked: 'You stopped it',
  expired: 'Its time ran out',
  denied: 'You refused the request',
  cancelled: 'The technician withdrew the request',
  terminated: 'Stopped by the gateway operator',
};

export const RESULT = { ok: 'done', failed: 'failed', none: 'no answer' };

export const PERSISTENCE = {
  pending: 'being checked',
  persisted: 'still in place',
  reverted: 'no longer in place (it was changed back)',
  superseded: 'changed again later in the session',
  unknown: 'could not be checked (the hub was offline); checked again when it is back',
};

export const ROLLBACK = {
  restored: 'Rolled back: the setting has its earlier value again.',
  conflict: 'Not rolled back: the setting was changed again since, so nothing was overwritten.',
  offline: 'Not rolled back yet: the hub is offline. Try again when it is back.',
  failed: 'Not rolled back: the hub refused or did not answer.',
};

export const DENIAL = {
  out_of_scope: 'not part of what you approved',
  rate_limited: 'too many commands at once',
  expired: 'the approved time had run out',
  aggregated: 'further refusals, counted together',
  hub_offline: 'the hub was offline',
  device_unknown: 'the device is not known to the hub',
  session_not_active: 'the session had not started yet',
  audit_unavailable: 'the audit trail could not record it, so it was not sent',
  hub_quarantined: 'the hub failed its security check',
};

export const RISK = { high: 'High — please review this session', medium: 'Medium — worth a look', low: 'Low' };

export const NOTIFICATION_KINDS = [
  ['approval.needed', 'A technician asks for access'],
  ['escalation.requested', 'A technician asks for more access'],
  ['anomaly.flagged', 'Unusual activity in a session'],
  ['session.ended', 'A session ended'],
  ['report.ready', 'A session report is ready'],
  ['rollback.done', 'A rollback finished'],
  ['access_review.ready', 'An access review is ready'],
];

export const DELIVERY = { pending: 'waiting to be sent', delivered: 'delivered', dead: 'gave up' };

export function words(map, key) {
  return (key && map[key]) || (key ? String(key).replaceAll('_', ' ') : '—');
}
