// The technician's command grammar and the gateway's frames in words: the same as the Java terminal
// (src/main/cli/ChaperoneTerminal.java, docs/terminal.md), so both clients read alike.

export const OPERATIONS = ['diag.read', 'logs.read', 'net.test', 'config.read', 'config.write', 'device.reboot',
  'hub.reboot', 'firmware.update'];

export const HELP = [
  'commands:',
  '  <device> <op> [json-args]   e.g.  thermostat-1 config.write {"setpoint":22}',
  '  scope                       what this session may do, and the hub\'s devices',
  '  help                        this text',
  '  quit                        leave (the session stays approved until it ends)',
  `operations: ${OPERATIONS.join(' ')}`,
];

/** One typed line: {kind:'send', device, op, args} | {kind:'help'|'scope'|'quit'|'blank'}; throws Error in words. */
export function parseLine(line) {
  const text = (line ?? 'quit').trim();
  if (text === '') return { kind: 'blank' };
  const match = /^(\S+)(?:\s+(\S+))?(?:\s+([\s\S]+))?$/.exec(text);
  const [, first, op, argsText] = match;
  if (first === 'help' || first === '?') return { kind: 'help' };
  if (first === 'scope') return { kind: 'scope' };
  if (first === 'quit' || first === 'exit') return { kind: 'quit' };
  if (!op) throw new Error('expected <device> <op> [json-args]; type help');
  if (!OPERATIONS.includes(op)) throw new Error(`unknown operation '${op}'; type help`);
  let args = {};
  if (argsText !== undefined) {
    try {
      args = JSON.parse(argsText);
    } catch {
      args = null;
    }
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      throw new Error('arguments must be a JSON object, e.g. {"lines":20}');
    }
  }
  return { kind: 'send', device: first, op, args };
}

export function commandFrame(id, send) {
  return JSON.stringify({ type: 'cmd', id, device: send.device, op: send.op, args: send.args });
}

/** What a denial code means, for a person (docs/protocol.md "Technician leg"). */
export const DENIAL_WORDS = {
  out_of_scope: 'this operation on this device is not part of what the resident approved',
  expired: 'the session has expired',
  rate_limited: 'too many commands in a short time; wait a moment',
  audit_unavailable: 'the audit trail cannot record it right now, so nothing was sent',
  device_unknown: 'the hub does not report this device',
  hub_offline: 'the hub is offline',
  session_not_active: 'the session is not active yet; wait for the session frame',
  hub_quarantined: 'the hub failed its attestation and is quarantined',
  update_unsigned: 'the firmware update carries no vendor signature',
  update_signature_invalid: 'the firmware update\'s signature does not verify',
  update_wrong_model: 'the firmware update is for another device model',
  update_downgrade: 'the firmware update would downgrade the device',
};

/** Close codes in words (docs/protocol.md "Close codes"). */
export const CLOSE_WORDS = {
  1000: 'the connection was closed',
  1001: 'the connection went quiet for too long (read idle)',
  1006: 'the connection was lost',
  1008: 'the gateway closed the connection for a policy violation (repeated invalid or refused frames)',
  1009: 'a message was too big',
  1011: 'the gateway hit an internal error',
  4001: 'the session expired',
  4002: 'the resident stopped the session',
  4003: 'the session ended',
  4004: 'the session was suspended',
  4005: 'the audit trail is unavailable, so the gateway closed the session to stay safe',
  4006: 'the hub went offline',
  4007: 'the hub failed its attestation when the session started',
  4008: 'a newer connection to this session took over',
  4009: 'this page fell too far behind (too many unsent messages)',
  4010: 'the hub\'s certificate was revoked',
  4011: 'an operator terminated the session',
  4012: 'the hub\'s certificate expired',
};

/**
 * Whether reconnecting with a new ticket can help after this close (the session may still be approved); 1000 is
 * the page's own `quit`, which leaves the session approved, as the CLI's does.
 */
export function mayReconnect(code) {
  return [1000, 1001, 1006, 1011, 4005, 4006, 4008, 4009].includes(code);
}

export function describeClose(code, reason) {
  const words = CLOSE_WORDS[code] ?? 'the gateway closed the connection';
  return `${words} (${code}${reason ? ` ${reason}` : ''})`;
}

/** A hub value for the screen: redacted markers as words, and no terminal control sequences from the hub. */
export function plain(text) {
  // Only printable text and line breaks reach the terminal: a hub must not steer the technician's screen.
  // eslint-disable-next-line no-control-regex
  return String(text).replace(/\r?\n/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

export function showValue(value, indent = 2) {
  return JSON.stringify(value, (key, v) => (v && typeof v === 'object' && '$redacted' in v
    ? `<${v.$redacted} hidden, ${v.hash}>` : v), indent);
}

export function scopeLines(session) {
  const lines = [`scope v${session.scope?.version ?? '?'}:`];
  for (const grant of session.scope?.grants ?? []) {
    lines.push(`  ${grant.devices.join(', ')} may ${grant.ops.join(', ')}`);
  }
  lines.push('devices:');
  for (const d of session.devices ?? []) lines.push(`  ${d.id} (${d.kind}, ${d.status})`);
  return lines;
}

/** A gateway frame as lines of text, like the Java terminal prints it. */
export function render(frame) {
  const id = frame.id ?? '-';
  switch (frame.type) {
    case 'session':
      return [`[session] ${frame.state}, expires ${frame.expiresAt}`, ...scopeLines(frame)];
    case 'result':
      if (frame.ok) {
        const lines = [`[${id}] ok`];
        if (frame.data != null) lines.push(...showValue(frame.data).split('\n'));
        if (frame.configChange != null) lines.push('config change:', ...showValue(frame.configChange).split('\n'));
        return lines;
      }
      return [`[${id}] failed: ${showValue(frame.error, 0)}`];
    case 'output':
      return String(frame.chunk).replace(/\s+$/, '').split('\n');
    case 'denied':
      return [`[${id}] DENIED ${frame.code}: ${DENIAL_WORDS[frame.code] ?? frame.message}`
        + (frame.escalatable ? ' (you may ask for an escalation)' : '')];
    case 'expiring':
      return [`[!] the session expires in ${frame.inSeconds} s`];
    case 'error':
      return [`[error] ${frame.code}: ${frame.message}`];
    case 'event':
      return [`[event] ${frame.device} ${frame.status}`];
    default:
      return [`[${frame.type}] ${JSON.stringify(frame)}`];
  }
}
