// The web terminal's pure modules, run in Node (no browser): the command grammar mirrors the Java CLI's parser
// (ChaperoneTerminal.parseLine), hub text cannot steer the screen, and a DPoP proof is what the gateway checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, createHash, verify } from 'node:crypto';
import { commandFrame, describeClose, mayReconnect, parseLine, plain, render } from '../../../main/resources/META-INF/resources/terminal/commands.js';
import { ProofKey, sha256 } from '../../../main/resources/META-INF/resources/terminal/dpop.js';

test('lines parse like the Java terminal: device op [json-args], help, scope, quit, blank', () => {
  assert.deepEqual(parseLine('  thermostat-1   config.write {"setpoint": 22} '),
    { kind: 'send', device: 'thermostat-1', op: 'config.write', args: { setpoint: 22 } });
  assert.deepEqual(parseLine('light-1 diag.read'), { kind: 'send', device: 'light-1', op: 'diag.read', args: {} });
  assert.deepEqual(parseLine('lock-1 logs.read {"lines": 20, "filter": "a b"}'),
    { kind: 'send', device: 'lock-1', op: 'logs.read', args: { lines: 20, filter: 'a b' } });
  for (const [line, kind] of [['help', 'help'], ['?', 'help'], ['scope', 'scope'], ['quit', 'quit'], ['exit', 'quit'],
    ['   ', 'blank'], ['', 'blank'], [null, 'quit']]) {
    assert.equal(parseLine(line).kind, kind, String(line));
  }
});

test('bad lines are refused in the page with the Java terminal\'s words, before anything is sent', () => {
  assert.throws(() => parseLine('thermostat-1'), { message: 'expected <device> <op> [json-args]; type help' });
  assert.throws(() => parseLine('thermostat-1 config.delete'), { message: "unknown operation 'config.delete'; type help" });
  for (const args of ['[1,2]', '"text"', '42', 'null', '{broken']) {
    assert.throws(() => parseLine(`thermostat-1 diag.read ${args}`),
      { message: 'arguments must be a JSON object, e.g. {"lines":20}' }, args);
  }
});

test('a command frame is the protocol\'s cmd with the given id', () => {
  assert.equal(commandFrame('c-1-abc', parseLine('light-1 config.write {"on":true}')),
    '{"type":"cmd","id":"c-1-abc","device":"light-1","op":"config.write","args":{"on":true}}');
});

test('hub text loses every control character but tab and newline; redacted values are shown as hidden', () => {
  assert.equal(plain('ok\u001b[2J\u001b]0;owned\u0007\tdone\r\nnext\u009b'), 'ok\uFFFD[2J\uFFFD]0;owned\uFFFD\tdone\nnext\uFFFD');
  assert.deepEqual(render({ type: 'result', id: 'c-2', ok: true, data: { psk: { $redacted: 'secret', hash: 'hmac-sha256:ab' } } }),
    ['[c-2] ok', '{', '  "psk": "<secret hidden, hmac-sha256:ab>"', '}']);
  assert.deepEqual(render({ type: 'denied', id: 'c-3', code: 'out_of_scope', message: 'x', escalatable: true }),
    ['[c-3] DENIED out_of_scope: this operation on this device is not part of what the resident approved (you may ask for an escalation)']);
});

test('close codes read as in docs/protocol.md, and only recoverable ones offer a reconnect', () => {
  assert.equal(describeClose(4002, ''), 'the resident stopped the session (4002)');
  assert.equal(describeClose(4011, 'terminated'), 'an operator terminated the session (4011 terminated)');
  assert.equal(describeClose(4999, ''), 'the gateway closed the connection (4999)');
  assert.deepEqual([4001, 4002, 4003, 4004, 4005, 4006, 4008, 1000, 1006, 1008].map(mayReconnect),
    [false, false, false, false, true, true, true, true, true, false]);
});

test('a DPoP proof is an ES256 dpop+jwt by the key in its header, with htm, htu, iat, a fresh jti and ath', async () => {
  const key = await ProofKey.create();
  const ticket = 'eyJ0.eyJ0.sig';
  const proofs = [await key.proof('GET', 'ws://gw.test/ws/sessions/s1', ticket), await key.proof('GET', 'ws://gw.test/ws/sessions/s1', ticket)];
  const [header, claims, signature] = proofs[0].split('.');
  const h = JSON.parse(Buffer.from(header, 'base64url'));
  const c = JSON.parse(Buffer.from(claims, 'base64url'));
  assert.deepEqual(Object.keys(h), ['typ', 'alg', 'jwk']);
  assert.equal(h.typ, 'dpop+jwt');
  assert.equal(h.alg, 'ES256');
  assert.deepEqual(Object.keys(h.jwk).sort(), ['crv', 'kty', 'x', 'y']);
  assert.equal(c.htm, 'GET');
  assert.equal(c.htu, 'ws://gw.test/ws/sessions/s1');
  assert.ok(Math.abs(c.iat - Date.now() / 1000) <= 2);
  assert.equal(c.ath, createHash('sha256').update(ticket).digest('base64url'));
  assert.equal(c.ath, await sha256(ticket));
  assert.notEqual(c.jti, JSON.parse(Buffer.from(proofs[1].split('.')[1], 'base64url')).jti);
  const publicKey = createPublicKey({ key: h.jwk, format: 'jwk' });
  assert.ok(verify('sha256', Buffer.from(`${header}.${claims}`), { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url')));
  assert.equal(key.pair.privateKey.extractable, false);
  await assert.rejects(crypto.subtle.exportKey('pkcs8', key.pair.privateKey));
  const mint = JSON.parse(Buffer.from((await key.proof('POST', 'http://gw.test/api/v1/sessions/s1/tickets')).split('.')[1], 'base64url'));
  assert.equal(mint.ath, undefined);
});
