// Signs an IVS playback authorization token (a JWT, ES384) with a private key the user pastes: Web Crypto in the
// page, the key is never sent anywhere.

const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const utf8 = (s) => new TextEncoder().encode(s);

function pemBlock(pem, label) {
  const m = pem.match(new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`));
  return m ? Uint8Array.from(atob(m[1].replace(/\s+/g, '')), (c) => c.charCodeAt(0)) : null;
}

function derLength(n) {
  if (n < 0x80) return [n];
  const bytes = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

const der = (tag, content) => Uint8Array.from([tag, ...derLength(content.length), ...content]);

/** Wraps a SEC1 EC private key (openssl ecparam -genkey) into PKCS#8, the only EC format Web Crypto imports. */
function sec1ToPkcs8(sec1) {
  const algorithm = der(0x30, [
    0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, // 1.2.840.10045.2.1 ecPublicKey
    0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, // 1.3.132.0.34 secp384r1
  ]);
  return der(0x30, [0x02, 0x01, 0x00, ...algorithm, ...der(0x04, sec1)]);
}

export async function signPlaybackToken(pem, channelArn, ttlSeconds, origin) {
  const pkcs8 = pemBlock(pem, 'PRIVATE KEY') || (pemBlock(pem, 'EC PRIVATE KEY') && sec1ToPkcs8(pemBlock(pem, 'EC PRIVATE KEY')));
  if (!pkcs8) throw new Error('Paste a PEM private key (BEGIN PRIVATE KEY or BEGIN EC PRIVATE KEY).');
  const key = await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign']);
  const payload = { 'aws:channel-arn': channelArn, exp: Math.floor(Date.now() / 1000) + ttlSeconds };
  if (origin) payload['aws:access-control-allow-origin'] = origin;
  const input = `${b64url(utf8(JSON.stringify({ alg: 'ES384', typ: 'JWT' })))}.${b64url(utf8(JSON.stringify(payload)))}`;
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-384' }, key, utf8(input));
  return `${input}.${b64url(sig)}`;
}
