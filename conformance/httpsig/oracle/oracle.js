// oracle.js drives http-message-signatures (npm, RFC 9421) for apisig's conformance tests.
// It reads a JSON array of cases on stdin and writes a JSON array of results on stdout. For each
// case it (1) builds the signature base of the Signature-Input apisig wrote, (2) verifies
// apisig's signature, and (3) signs the same message itself with the same components and
// parameters. The clock is fixed to case.now (Date.now is replaced), as the library reads it.
'use strict';
const crypto = require('crypto');
const { httpbis, createSigner, createVerifier } = require('http-message-signatures');
const { parseDictionary, serializeItem, serializeList } = require('structured-headers');

function keyOf(c, signing) {
  if (c.alg === 'hmac-sha256') return Buffer.from(c.secret, 'base64');
  return signing ? crypto.createPrivateKey(c.privatePEM) : crypto.createPublicKey(c.publicPEM);
}

function headersOf(pairs) {
  const out = {};
  for (const [k, v] of pairs) {
    const n = k.toLowerCase();
    if (n in out) out[n] = [].concat(out[n], v); else out[n] = v;
  }
  return out;
}

function messages(c, extra) {
  const h = headersOf(c.headers.concat(extra || []));
  if (c.kind === 'response') {
    const req = { method: c.method, url: c.url, headers: headersOf(c.reqHeaders) };
    return [{ status: c.status, headers: h }, req];
  }
  return [{ method: c.method, url: c.url, headers: h }];
}

function errText(e) { return (e && e.message) || String(e); }

async function one(c) {
  const r = { id: c.id };
  Date.now = () => c.now * 1000;
  // (1) the signature base of apisig's Signature-Input.
  try {
    const input = parseDictionary(c.apisigInput).get(c.label);
    const fields = input[0].map((item) => serializeItem(item));
    const [msg, req] = messages(c);
    const base = httpbis.createSignatureBase({ fields }, msg, req);
    base.push(['"@signature-params"', [serializeList([input])]]);
    r.base = httpbis.formatSignatureBase(base);
  } catch (e) { r.baseError = errText(e); }
  // (2) verify apisig's signature.
  try {
    const [msg, req] = messages(c, [['Signature-Input', c.apisigInput], ['Signature', c.apisigSignature]]);
    const verifier = createVerifier(keyOf(c, false), c.alg);
    r.verified = await httpbis.verifyMessage({
      keyLookup: async () => ({ id: c.keyid, algs: [c.alg], verify: verifier }),
    }, msg, req);
  } catch (e) { r.verifyError = errText(e); }
  // (3) sign the same message.
  try {
    const [msg, req] = messages(c);
    const pv = { keyid: c.keyid };
    const params = [];
    if (c.created) { params.push('created'); pv.created = new Date(c.created * 1000); } else { pv.created = null; }
    if (c.expires) { params.push('expires'); pv.expires = new Date(c.expires * 1000); }
    params.push('keyid');
    if (c.includeAlg) { params.push('alg'); pv.alg = c.alg; }
    if (c.nonce) { params.push('nonce'); pv.nonce = c.nonce; }
    if (c.tag) { params.push('tag'); pv.tag = c.tag; }
    const signed = await httpbis.signMessage({
      key: createSigner(keyOf(c, true), c.alg, c.keyid), name: c.label, fields: c.fields, params, paramValues: pv,
    }, msg, req);
    r.signatureInput = signed.headers['Signature-Input'];
    r.signature = signed.headers['Signature'];
  } catch (e) { r.signError = errText(e); }
  return r;
}

async function main() {
  const chunks = [];
  for await (const ch of process.stdin) chunks.push(ch);
  const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const out = [];
  for (const c of cases) out.push(await one(c));
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
