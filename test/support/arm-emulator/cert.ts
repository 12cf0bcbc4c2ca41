/**
 * Generates a throwaway certificate authority and a server certificate for 127.0.0.1 at run time, so the emulator
 * can speak HTTPS without any committed key material and without the `openssl` command.
 *
 * The certificates are built as DER by hand (X.509 v3, ECDSA P-256 with SHA-256) and signed with `node:crypto`.
 * Clients trust the CA through Node's standard `NODE_EXTRA_CA_CERTS`; nothing disables verification.
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** A certificate authority: its certificate and the private key that signs server certificates, PEM encoded. */
export interface CertificateAuthority {
  /** The CA certificate: point `NODE_EXTRA_CA_CERTS` at a file holding this. */
  readonly caCertPem: string;
  /** The CA's private key (PKCS#8). Test material only: it lives in a temp file for one run. */
  readonly caKeyPem: string;
}

/** A CA certificate and a server certificate (with its private key) signed by it, all PEM encoded. */
export interface EmulatorCertificates {
  /** The CA certificate: point `NODE_EXTRA_CA_CERTS` at a file holding this. */
  readonly caCertPem: string;
  /** The server certificate, valid for `127.0.0.1` and `localhost`. */
  readonly serverCertPem: string;
  /** The server certificate's private key (PKCS#8). */
  readonly serverKeyPem: string;
}

const CA_NAME = 'vast-azure-poc ARM emulator test CA';
const HOUR_MS = 60 * 60 * 1000;

/**
 * Creates a fresh certificate authority.
 *
 * @param validDays how long the CA certificate stays valid. @default 7
 */
export function generateCertificateAuthority(validDays = 7): CertificateAuthority {
  const ca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = Date.now();
  const caDer = certificate({
    subject: CA_NAME,
    issuer: CA_NAME,
    publicKey: ca.publicKey,
    signer: ca.privateKey,
    notBefore: new Date(now - HOUR_MS),
    notAfter: new Date(now + validDays * 24 * HOUR_MS),
    isCa: true,
  });
  return {
    caCertPem: pem('CERTIFICATE', caDer),
    caKeyPem: ca.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * Issues a server certificate for `127.0.0.1` and `localhost`, signed by `authority`.
 *
 * @param validDays how long the certificate stays valid. @default 7
 */
export function issueServerCertificate(authority: CertificateAuthority, validDays = 7): EmulatorCertificates {
  const server = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = Date.now();
  const serverDer = certificate({
    subject: '127.0.0.1',
    issuer: CA_NAME,
    publicKey: server.publicKey,
    signer: createPrivateKey(authority.caKeyPem),
    notBefore: new Date(now - HOUR_MS),
    notAfter: new Date(now + validDays * 24 * HOUR_MS),
    isCa: false,
  });
  return {
    caCertPem: authority.caCertPem,
    serverCertPem: pem('CERTIFICATE', serverDer),
    serverKeyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/**
 * Creates a fresh CA and a server certificate signed by it.
 *
 * @param validDays how long the certificates stay valid. @default 7
 */
export function generateCertificates(validDays = 7): EmulatorCertificates {
  return issueServerCertificate(generateCertificateAuthority(validDays), validDays);
}

interface CertificateSpec {
  readonly subject: string;
  readonly issuer: string;
  readonly publicKey: KeyObject;
  readonly signer: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

function certificate(spec: CertificateSpec): Buffer {
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const signatureAlgorithm = seq(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive
  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, seq(...(spec.isCa ? [tlv(0x01, Buffer.from([0xff]))] : []))),
    // digitalSignature (bit 0), plus keyCertSign (bit 5) and cRLSign (bit 6) for the CA.
    extension(OID.keyUsage, true, tlv(0x03, spec.isCa ? Buffer.from([0x01, 0x86]) : Buffer.from([0x07, 0x80]))),
    extension(OID.subjectKeyIdentifier, false, tlv(0x04, createHash('sha1').update(spki).digest())),
  ];
  if (!spec.isCa) {
    extensions.push(
      extension(OID.extendedKeyUsage, false, seq(oid(OID.serverAuth))),
      extension(
        OID.subjectAltName,
        false,
        seq(tlv(0x82, Buffer.from('localhost', 'ascii')), tlv(0x87, Buffer.from([127, 0, 0, 1]))),
      ),
    );
  }
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    signatureAlgorithm,
    name(spec.issuer),
    seq(utcTime(spec.notBefore), utcTime(spec.notAfter)),
    name(spec.subject),
    spki,
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.signer);
  return seq(tbs, signatureAlgorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

function name(commonName: string): Buffer {
  return seq(tlv(0x31, seq(oid(OID.commonName), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
}

function utcTime(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-01-02T03:04:05.678Z
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function integer(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && ((b[1] ?? 0) & 0x80) === 0) b = b.subarray(1);
  if (((b[0] ?? 0) & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const n of parts.slice(2)) {
    const groups: number[] = [];
    let v = n;
    do {
      groups.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    groups.forEach((g, i) => out.push(i < groups.length - 1 ? g | 0x80 : g));
  }
  return tlv(0x06, Buffer.from(out));
}

function seq(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function tlv(tag: number, value: Buffer): Buffer {
  const len = value.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else if (len < 0x100) header = [tag, 0x81, len];
  else header = [tag, 0x82, len >> 8, len & 0xff];
  return Buffer.concat([Buffer.from(header), value]);
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${b64.trimEnd()}\n-----END ${label}-----\n`;
}
