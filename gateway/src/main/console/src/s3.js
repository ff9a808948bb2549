// The object store of recordings, read from the browser: S3 GETs presigned with SigV4 (query authentication) by the
// signer the AWS SDK for JavaScript v3 uses, so a request carries no custom header (no CORS preflight) and every URL,
// including the ones hls.js and <img> load, is an ordinary S3 URL. The store must allow the console's origin (CORS);
// ./ivs configures its S3Proxy so. Path-style addressing: {endpoint}/{bucket}/{key}.
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';

const UNSIGNED = 'x-amz-content-sha256';

/** A store client: endpoint (e.g. http://127.0.0.1:9000), region, accessKeyId, secretAccessKey. */
export function objectStore({ endpoint, region, accessKeyId, secretAccessKey }) {
  const base = new URL(endpoint);
  const signer = new SignatureV4({
    service: 's3', region, sha256: Sha256, uriEscapePath: false, credentials: { accessKeyId, secretAccessKey },
  });

  /** A presigned GET URL (valid 15 minutes) for a URL under the endpoint, its own query kept. */
  async function presignUrl(url) {
    const u = new URL(url, base);
    const query = {};
    for (const [k, v] of u.searchParams) if (!k.startsWith('X-Amz-')) query[k] = v;
    const signed = await signer.presign({
      method: 'GET', protocol: u.protocol, hostname: u.hostname, port: u.port ? Number(u.port) : undefined,
      path: u.pathname, query, headers: { host: u.host, [UNSIGNED]: 'UNSIGNED-PAYLOAD' },
    }, { expiresIn: 900, unhoistableHeaders: new Set([UNSIGNED]), unsignableHeaders: new Set([UNSIGNED]) });
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(signed.query)) q.append(k, v);
    return `${u.origin}${signed.path}?${q}`;
  }

  /** The URL of an object (not signed): path-style, each key segment encoded as S3 canonicalises it. */
  function objectUrl(bucket, key) {
    const path = key.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
    return `${base.origin}${base.pathname.replace(/\/$/, '')}/${encodeURIComponent(bucket)}/${path.join('/')}`;
  }

  async function get(url) {
    const r = await fetch(await presignUrl(url));
    if (!r.ok) {
      const text = await r.text();
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] || 'Error';
      const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] || text.slice(0, 200);
      const e = new Error(`${message} (HTTP ${r.status}, ${url})`);
      e.name = code;
      e.status = r.status;
      throw e;
    }
    return r;
  }

  /** ListObjectsV2, every page: the common prefixes (with a delimiter) and the keys under prefix. */
  async function list(bucket, prefix, delimiter) {
    const prefixes = [];
    const keys = [];
    let token;
    do {
      const u = new URL(objectUrl(bucket, ''));
      u.searchParams.set('list-type', '2');
      u.searchParams.set('prefix', prefix);
      if (delimiter) u.searchParams.set('delimiter', delimiter);
      if (token) u.searchParams.set('continuation-token', token);
      const xml = new DOMParser().parseFromString(await (await get(u.toString())).text(), 'application/xml');
      for (const p of xml.querySelectorAll('CommonPrefixes > Prefix')) prefixes.push(p.textContent);
      for (const c of xml.querySelectorAll('Contents')) {
        keys.push({ key: c.querySelector('Key').textContent, size: Number(c.querySelector('Size')?.textContent || 0) });
      }
      token = xml.querySelector('IsTruncated')?.textContent === 'true' ? xml.querySelector('NextContinuationToken')?.textContent : null;
    } while (token);
    return { prefixes, keys };
  }

  return {
    presignUrl,
    objectUrl,
    list,
    json: async (bucket, key) => (await get(objectUrl(bucket, key))).json(),
  };
}

/** An hls.js loader class (playlists and fragments) that presigns each URL before hls.js's own loader fetches it. */
export function presigningLoader(Base, store) {
  return class extends Base {
    load(context, config, callbacks) {
      store.presignUrl(context.url).then((url) => {
        context.url = url;
        super.load(context, config, callbacks);
      }, (e) => callbacks.onError({ code: 0, text: String(e) }, context, null, this.stats));
    }
  };
}
