#!/usr/bin/env python3
"""Generate leakscan's quality corpus (corpus/<category>/...) and its labels (labels.jsonl).

Every token is made here, in the shape its provider documents (prefix, length, alphabet,
checksum where one is documented); none is copied from documentation or from another
scanner's test data. Key material (RSA, EC P-256, Ed25519, PGP, PuTTY, age) is built from
scratch in pure Python so that blocks are structurally valid.

Deterministic: by default every random choice comes from random.Random(SEED), so a rerun
rewrites the same bytes and labels cannot drift from files. `--fresh` draws from
secrets.SystemRandom() instead (same shapes, new values).

Usage: make_corpus.py [--out DIR] [--fresh]
  writes DIR/corpus/ (replaced) and DIR/labels.jsonl; DIR defaults to this script's folder.

Stdlib only.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import re
import secrets
import shutil
import string
import struct
import textwrap
import urllib.parse
import zlib

SEED = 0x1EA65CA9
rng = random.Random(SEED)

LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
DIG = string.digits
ALNUM = UPPER + LOWER + DIG
LALNUM = LOWER + DIG
UALNUM = UPPER + DIG
HEX = "0123456789abcdef"
UHEX = "0123456789ABCDEF"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
B32 = UPPER + "234567"


# ----------------------------------------------------------------------------- random bits
def r(alpha, n):
    return "".join(rng.choice(alpha) for _ in range(n))


def hexs(n):
    return r(HEX, n)


def digits(n):
    return rng.choice("123456789") + r(DIG, n - 1)


def rbytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def uuid4():
    x = rng.getrandbits(128)
    x &= ~(0xF000 << 64)
    x |= 0x4000 << 64
    x &= ~(0xC000 << 48)
    x |= 0x8000 << 48
    h = "%032x" % x
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def b64(b):
    return base64.b64encode(b).decode()


def b64url(b, pad=False):
    s = base64.urlsafe_b64encode(b).decode()
    return s if pad else s.rstrip("=")


def bs(s):
    return base64.b64encode(s.encode()).decode()


def pw(n=18, symbols=""):
    """A password as a password manager makes one: letters, digits, optional symbols."""
    alpha = ALNUM + symbols
    while True:
        s = r(alpha, n)
        if any(c in DIG for c in s) and any(c in UPPER for c in s) and any(c in LOWER for c in s):
            if not symbols or any(c in symbols for c in s):
                return s


B62 = DIG + UPPER + LOWER


def base62(n, width):
    out = ""
    while n:
        n, m = divmod(n, 62)
        out = B62[m] + out
    return out.rjust(width, "0")


def crc_token(prefix, nrand=30):
    """GitHub / npm style: prefix + 30 base62 chars + 6-char base62 CRC32 of the random part."""
    body = r(ALNUM, nrand)
    return prefix + body + base62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)


def jwt(payload, alg="HS256", kid=None):
    header = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    p = b64url(json.dumps(payload, separators=(",", ":")).encode())
    if alg == "HS256":
        sig = hmac.new(rbytes(32), (h + "." + p).encode(), hashlib.sha256).digest()
    elif alg == "EdDSA":
        sig = rbytes(64)
    else:
        sig = rbytes(256)
    return h + "." + p + "." + b64url(sig)


# ----------------------------------------------------------------------------- DER / PEM
def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(x):
    return der(0x02, x.to_bytes(x.bit_length() // 8 + 1, "big"))


def der_seq(*items):
    return der(0x30, b"".join(items))


def der_set(*items):
    return der(0x31, b"".join(items))


def der_oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.insert(0, 0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(enc)
    return der(0x06, out)


DER_NULL = b"\x05\x00"


def der_octet(b):
    return der(0x04, b)


def der_bits(b):
    return der(0x03, b"\x00" + b)


def pem(label, data, width=64):
    body = b64(data)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (label, "\n".join(lines), label)


# ----------------------------------------------------------------------------- RSA
SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def probable_prime(n):
    for p in SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(12):
        a = rng.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def gen_prime(bits):
    while True:
        p = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if probable_prime(p):
            return p


class RSAKey:
    def __init__(self, bits=2048):
        e = 65537
        while True:
            p, q = gen_prime(bits // 2), gen_prime(bits // 2)
            phi = (p - 1) * (q - 1)
            if p != q and phi % e:
                break
        if p < q:
            p, q = q, p
        self.n, self.e, self.p, self.q = p * q, e, p, q
        self.d = pow(e, -1, phi)

    def pkcs1(self):
        n, e, d, p, q = self.n, self.e, self.d, self.p, self.q
        return der_seq(*(der_int(x) for x in (0, n, e, d, p, q, d % (p - 1), d % (q - 1), pow(q, -1, p))))

    def pkcs1_pem(self):
        return pem("RSA PRIVATE KEY", self.pkcs1())

    def pkcs8_pem(self):
        return pem("PRIVATE KEY", der_seq(der_int(0), der_seq(der_oid("1.2.840.113549.1.1.1"), DER_NULL),
                                          der_octet(self.pkcs1())))

    def spki(self):
        return der_seq(der_seq(der_oid("1.2.840.113549.1.1.1"), DER_NULL),
                       der_bits(der_seq(der_int(self.n), der_int(self.e))))

    def public_pem(self):
        return pem("PUBLIC KEY", self.spki())

    def ssh_public(self, comment):
        blob = sshstr(b"ssh-rsa") + mpint(self.e) + mpint(self.n)
        return "ssh-rsa %s %s" % (b64(blob), comment)

    def sign(self, data):
        digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(data).digest()
        k = (self.n.bit_length() + 7) // 8
        em = b"\x00\x01" + b"\xff" * (k - len(digest_info) - 3) + b"\x00" + digest_info
        return pow(int.from_bytes(em, "big"), self.d, self.n).to_bytes(k, "big")

    def certificate_pem(self, cn, serial):
        alg = der_seq(der_oid("1.2.840.113549.1.1.11"), DER_NULL)
        name = der_seq(der_set(der_seq(der_oid("2.5.4.3"), der(0x0C, cn.encode()))))
        validity = der_seq(der(0x17, b"240101000000Z"), der(0x17, b"341231000000Z"))
        tbs = der_seq(der(0xA0, der_int(2)), der_int(serial), alg, name, validity, name, self.spki())
        return pem("CERTIFICATE", der_seq(tbs, alg, der_bits(self.sign(tbs))))


def sshstr(b):
    return struct.pack(">I", len(b)) + b


def mpint(x):
    return sshstr(x.to_bytes(x.bit_length() // 8 + 1, "big"))


def openssh_rsa_pem(key, comment):
    pub = sshstr(b"ssh-rsa") + mpint(key.e) + mpint(key.n)
    chk = rng.getrandbits(32)
    priv = struct.pack(">II", chk, chk) + sshstr(b"ssh-rsa") + mpint(key.n) + mpint(key.e) + mpint(key.d) + \
        mpint(pow(key.q, -1, key.p)) + mpint(key.p) + mpint(key.q) + sshstr(comment.encode())
    return _openssh_wrap(pub, priv)


def _openssh_wrap(pub, priv):
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") + struct.pack(">I", 1) + \
        sshstr(pub) + sshstr(priv)
    return pem("OPENSSH PRIVATE KEY", blob, width=70)


# ----------------------------------------------------------------------------- Ed25519
ED_Q = 2 ** 255 - 19
ED_D = -121665 * pow(121666, -1, ED_Q) % ED_Q
ED_I = pow(2, (ED_Q - 1) // 4, ED_Q)


def _xrecover(y):
    xx = (y * y - 1) * pow(ED_D * y * y + 1, -1, ED_Q)
    x = pow(xx, (ED_Q + 3) // 8, ED_Q)
    if (x * x - xx) % ED_Q:
        x = x * ED_I % ED_Q
    return ED_Q - x if x % 2 else x


ED_BY = 4 * pow(5, -1, ED_Q) % ED_Q
ED_B = (_xrecover(ED_BY), ED_BY)


def _ed_add(P, Q):
    (x1, y1), (x2, y2) = P, Q
    t = ED_D * x1 * x2 * y1 * y2
    return ((x1 * y2 + x2 * y1) * pow(1 + t, -1, ED_Q) % ED_Q, (y1 * y2 + x1 * x2) * pow(1 - t, -1, ED_Q) % ED_Q)


def _ed_mul(P, e):
    R = (0, 1)
    while e:
        if e & 1:
            R = _ed_add(R, P)
        P = _ed_add(P, P)
        e >>= 1
    return R


def ed25519_pub(seed):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    x, y = _ed_mul(ED_B, a)
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def openssh_ed25519(comment):
    seed = rbytes(32)
    pk = ed25519_pub(seed)
    pub = sshstr(b"ssh-ed25519") + sshstr(pk)
    chk = rng.getrandbits(32)
    priv = struct.pack(">II", chk, chk) + sshstr(b"ssh-ed25519") + sshstr(pk) + sshstr(seed + pk) + \
        sshstr(comment.encode())
    return _openssh_wrap(pub, priv), "ssh-ed25519 %s %s" % (b64(pub), comment), seed, pk


def putty_ed25519(comment):
    seed = rbytes(32)
    pk = ed25519_pub(seed)
    pub = sshstr(b"ssh-ed25519") + sshstr(pk)
    priv = sshstr(seed)
    macdata = b"".join(sshstr(x) for x in (b"ssh-ed25519", b"none", comment.encode(), pub, priv))
    mac = hmac.new(b"", macdata, hashlib.sha256).hexdigest()
    pub64 = b64(pub)
    lines = [pub64[i:i + 64] for i in range(0, len(pub64), 64)]
    return "\n".join(["PuTTY-User-Key-File-3: ssh-ed25519", "Encryption: none", "Comment: " + comment,
                      "Public-Lines: %d" % len(lines)] + lines + ["Private-Lines: 1", b64(priv),
                                                                  "Private-MAC: " + mac])


# ----------------------------------------------------------------------------- EC P-256
P256_P = 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
P256_G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
          0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def _p256_add(P, Q):
    if P is None:
        return Q
    if Q is None:
        return P
    (x1, y1), (x2, y2) = P, Q
    if x1 == x2 and (y1 + y2) % P256_P == 0:
        return None
    if P == Q:
        lam = (3 * x1 * x1 - 3) * pow(2 * y1, -1, P256_P) % P256_P
    else:
        lam = (y2 - y1) * pow(x2 - x1, -1, P256_P) % P256_P
    x3 = (lam * lam - x1 - x2) % P256_P
    return (x3, (lam * (x1 - x3) - y1) % P256_P)


def ec_p256_pem():
    d = rng.randrange(1, P256_N)
    R, P, e = None, P256_G, d
    while e:
        if e & 1:
            R = _p256_add(R, P)
        P = _p256_add(P, P)
        e >>= 1
    point = b"\x04" + R[0].to_bytes(32, "big") + R[1].to_bytes(32, "big")
    sec1 = der_seq(der_int(1), der_octet(d.to_bytes(32, "big")), der(0xA0, der_oid("1.2.840.10045.3.1.7")),
                   der(0xA1, der_bits(point)))
    spki = der_seq(der_seq(der_oid("1.2.840.10045.2.1"), der_oid("1.2.840.10045.3.1.7")), der_bits(point))
    return pem("EC PRIVATE KEY", sec1), pem("PUBLIC KEY", spki)


# ----------------------------------------------------------------------------- PGP, age
def crc24(data):
    crc = 0xB704CE
    for b in data:
        crc ^= b << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def pgp_private_block(uid):
    seed = rbytes(32)
    pk = ed25519_pub(seed)
    created = struct.pack(">I", 1700000000 + rng.randrange(0, 40000000))
    oid = bytes.fromhex("2b06010401da470f01")
    pub_mpi = struct.pack(">H", 263) + b"\x40" + pk
    sec_mpi = struct.pack(">H", 256) + seed
    body = b"\x04" + created + b"\x16" + bytes([len(oid)]) + oid + pub_mpi + b"\x00" + sec_mpi + \
        struct.pack(">H", sum(sec_mpi) % 65536)
    pkt = bytes([0xC5, len(body)]) + body
    u = uid.encode()
    pkt += bytes([0xCD, len(u)]) + u
    sig = b"\x04\x13\x16\x0a" + rbytes(110)
    pkt += bytes([0xC2, len(sig)]) + sig
    body64 = b64(pkt)
    lines = [body64[i:i + 64] for i in range(0, len(body64), 64)]
    chk = b64(crc24(pkt).to_bytes(3, "big"))
    return "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n%s\n=%s\n-----END PGP PRIVATE KEY BLOCK-----" % (
        "\n".join(lines), chk)


BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values):
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk


def bech32(hrp, data):
    acc, bits, out = 0, 0, []
    for b in data:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((acc >> bits) & 31)
    if bits:
        out.append((acc << (5 - bits)) & 31)
    hv = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    pm = _bech32_polymod(hv + out + [0] * 6) ^ 1
    out += [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32[d] for d in out)


def png_b64(w=8, h=8):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + rbytes(w * 3) for _ in range(h))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return b64(data)


# ----------------------------------------------------------------------------- files and labels
FILES = {}      # path -> text
LABELS = []     # label dicts, in file order
CRLF = set()


def S(secret, provider, kind, raw=None, encoding=None, at=None):
    """A positive: `secret` as it is (decoded), `raw` the text as it appears in the file if different
    (encoded forms), `at` the text to locate it by when neither appears whole (a key split over
    string literals: its first fragment)."""
    d = {"secret": secret, "provider": provider, "kind": kind}
    if raw is not None and raw != secret:
        d["raw"] = raw
    if encoding:
        d["encoding"] = encoding
    if at is not None:
        d["at"] = at
    return d


MARK = re.compile("\u00ab(\\w+)\u00bb")   # «name»


def put(path, body, *labels, crlf=False, **vals):
    """Write one corpus file. `body` is dedented, then every «name» is replaced by vals[name].
    Each label is located by searching the final text for its raw text (or its secret): every
    occurrence, on distinct lines, becomes one label; a label that is not found is an error."""
    assert path not in FILES, path
    text = textwrap.dedent(body)
    if text.startswith("\n"):
        text = text[1:]

    def sub(m):
        return vals[m.group(1)]
    text = MARK.sub(sub, text)
    if not text.endswith("\n"):
        text += "\n"
    FILES[path] = text
    if crlf:
        CRLF.add(path)
    cat = path.split("/", 1)[0]
    for lab in labels:
        needle = lab.get("at", lab.get("raw", lab["secret"]))
        start, lines = 0, []
        while True:
            i = text.find(needle, start)
            if i < 0:
                break
            ln = text.count("\n", 0, i) + 1
            if ln not in lines:
                lines.append(ln)
            start = i + 1
        if not lines:
            raise SystemExit("label not found in %s: %s" % (path, needle[:40]))
        span = (lab["secret"] if "at" in lab else needle).count("\n")
        for ln in lines:
            d = {"path": path, "line": ln, "secret": lab["secret"], "category": cat,
                 "provider": lab["provider"], "kind": lab["kind"]}
            if span:
                d["end_line"] = ln + span
            if "encoding" in lab:
                d["encoding"] = lab["encoding"]
            if "raw" in lab:
                d["raw"] = lab["raw"]
            LABELS.append(d)


def indent(text, n):
    pad = " " * n
    return "\n".join((pad + l) if l else l for l in text.split("\n")).lstrip(" ")


def jstr(s):
    """A JSON string literal body (no quotes): newlines become \\n."""
    return json.dumps(s)[1:-1]


# ----------------------------------------------------------------------------- token shapes
class T:
    """Token generators, one per documented shape."""
    # cloud
    aws_id = staticmethod(lambda: "AKIA" + r("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
    aws_sts_id = staticmethod(lambda: "ASIA" + r("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
    aws_secret = staticmethod(lambda: r(ALNUM + "/+", 40))
    aws_session = staticmethod(lambda: "IQoJb3JpZ2luX2VjE" + r(ALNUM + "/+", 340) + "==")
    gcp_api = staticmethod(lambda: "AIza" + r(URLSAFE, 35))
    gcp_oauth_secret = staticmethod(lambda: "GOCSPX-" + r(URLSAFE, 28))
    gcp_refresh = staticmethod(lambda: "1//0" + r(URLSAFE, 99))
    azure_storage = staticmethod(lambda: b64(rbytes(64)))
    azure_ad_secret = staticmethod(lambda: r(ALNUM, 3) + r(DIG, 1) + "Q~" + r(ALNUM + "_.~-", 34))
    alibaba_id = staticmethod(lambda: "LTAI5t" + r(ALNUM, 18))
    alibaba_secret = staticmethod(lambda: r(ALNUM, 30))
    yandex_api = staticmethod(lambda: "AQVN" + r(URLSAFE, 36))
    yandex_static_id = staticmethod(lambda: "YCAJE" + r(URLSAFE, 20))
    yandex_static_secret = staticmethod(lambda: "YCM" + r(URLSAFE, 37))
    yandex_oauth = staticmethod(lambda: "y0_AgAAAAA" + r(URLSAFE, 48))
    tencent_id = staticmethod(lambda: "AKID" + r(ALNUM, 32))
    do_pat = staticmethod(lambda: "dop_v1_" + hexs(64))
    do_spaces_id = staticmethod(lambda: "DO00" + r(UALNUM, 16))
    heroku = staticmethod(lambda: "HRKU-AA" + r(URLSAFE, 58))
    cf_token = staticmethod(lambda: r(URLSAFE, 40))
    cf_global = staticmethod(lambda: hexs(37))
    cf_origin_ca = staticmethod(lambda: "v1.0-" + hexs(24) + "-" + hexs(146))
    fly_macaroon = staticmethod(lambda: "FlyV1 fm2_lJPECAAAAAAAA" + r(B64, 180) + "," + "fm2_lJPE" + r(B64, 120))
    fly_fo1 = staticmethod(lambda: "fo1_" + r(URLSAFE, 43))
    # ai
    openai_proj = staticmethod(lambda: "sk-proj-" + r(URLSAFE, 74) + "T3BlbkFJ" + r(URLSAFE, 74))
    openai_legacy = staticmethod(lambda: "sk-" + r(ALNUM, 20) + "T3BlbkFJ" + r(ALNUM, 20))
    openai_svc = staticmethod(lambda: "sk-svcacct-" + r(URLSAFE, 74) + "T3BlbkFJ" + r(URLSAFE, 74))
    anthropic = staticmethod(lambda: "sk-ant-api03-" + r(URLSAFE, 93) + "AA")
    anthropic_admin = staticmethod(lambda: "sk-ant-admin01-" + r(URLSAFE, 93) + "AA")
    hf = staticmethod(lambda: "hf_" + r(UPPER + LOWER, 34))
    hf_org = staticmethod(lambda: "api_org_" + r(UPPER + LOWER, 34))
    groq = staticmethod(lambda: "gsk_" + r(ALNUM, 52))
    replicate = staticmethod(lambda: "r8_" + r(ALNUM, 37))
    perplexity = staticmethod(lambda: "pplx-" + r(ALNUM, 48))
    xai = staticmethod(lambda: "xai-" + r(ALNUM, 80))
    openrouter = staticmethod(lambda: "sk-or-v1-" + hexs(64))
    langsmith = staticmethod(lambda: "lsv2_pt_" + hexs(32) + "_" + hexs(10))
    # vcs
    ghp = staticmethod(lambda: crc_token("ghp_"))
    gho = staticmethod(lambda: crc_token("gho_"))
    ghs = staticmethod(lambda: crc_token("ghs_"))
    ghu = staticmethod(lambda: crc_token("ghu_"))
    github_pat = staticmethod(lambda: "github_pat_11" + r(UALNUM, 20) + "_" + r(ALNUM, 59))
    glpat = staticmethod(lambda: "glpat-" + r(URLSAFE, 20))
    # registry
    npm = staticmethod(lambda: crc_token("npm_"))
    dckr = staticmethod(lambda: "dckr_pat_" + r(URLSAFE, 27))
    # comms
    slack_bot = staticmethod(lambda: "xoxb-%s-%s-%s" % (digits(12), digits(13), r(ALNUM, 24)))
    slack_user = staticmethod(lambda: "xoxp-%s-%s-%s-%s" % (digits(12), digits(12), digits(13), hexs(32)))
    slack_hook = staticmethod(lambda: "https://hooks.slack.com/services/T%s/B%s/%s" % (
        r(UALNUM, 8), r(UALNUM, 10), r(ALNUM, 24)))
    sendgrid = staticmethod(lambda: "SG." + r(URLSAFE, 22) + "." + r(URLSAFE, 43))
    # payment
    stripe_sk = staticmethod(lambda: "sk_live_51" + r(ALNUM, 97))
    stripe_sk_short = staticmethod(lambda: "sk_live_" + r(ALNUM, 24))
    stripe_pk = staticmethod(lambda: "pk_live_51" + r(ALNUM, 97))
    # generic / misc
    paperspace = staticmethod(lambda: hexs(30))
    datadog_api = staticmethod(lambda: hexs(32))
    datadog_app = staticmethod(lambda: hexs(40))


# ============================================================================= ai
def gen_ai():
    k1, k2, org = T.openai_proj(), T.anthropic(), "org-" + r(ALNUM, 24)
    put("ai/chatbot/.env", """
        # --- chatbot service ---
        APP_ENV=production
        LOG_LEVEL=info
        OPENAI_API_KEY=«k1»
        OPENAI_ORG_ID=«org»
        OPENAI_MODEL=gpt-4o-mini
        ANTHROPIC_API_KEY=«k2»
        ANTHROPIC_MODEL=claude-3-5-sonnet-latest
        REDIS_URL=redis://localhost:6379/0
        SESSION_TTL=3600
        """, S(k1, "openai", "project-api-key"), S(k2, "anthropic", "api-key"), k1=k1, k2=k2, org=org)

    hf, legacy = T.hf(), T.openai_legacy()
    nb_cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Fine-tune a classifier\n", "Uses the hub + OpenAI for labels."]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["import os\n", "import openai\n", "from huggingface_hub import login\n", "\n",
                    "os.environ[\"HF_TOKEN\"] = \"%s\"\n" % hf, "login(token=os.environ[\"HF_TOKEN\"])\n",
                    "openai.api_key = \"%s\"\n" % legacy]},
        {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [
            {"name": "stdout", "output_type": "stream", "text": ["Token is valid (permission: write).\n", "Login successful\n"]}],
         "source": ["from datasets import load_dataset\n", "ds = load_dataset(\"imdb\", revision=\"%s\")\n" % hexs(40)]},
    ]
    put("ai/notebooks/finetune.ipynb", json.dumps({"cells": nb_cells, "metadata": {"kernelspec": {
        "display_name": "Python 3", "language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5},
        indent=1), S(hf, "huggingface", "user-access-token"), S(legacy, "openai", "legacy-api-key"))

    k3, co = T.anthropic(), r(ALNUM, 40)
    put("ai/rag/settings.py", '''
        """Settings for the retrieval pipeline."""
        import os

        EMBED_MODEL = "embed-english-v3.0"
        CHUNK_SIZE = 800
        CHUNK_OVERLAP = 120

        # TODO move to vault before launch
        ANTHROPIC_API_KEY = "«k3»"
        COHERE_API_KEY = "«co»"

        PINECONE_API_KEY = os.environ["PINECONE_API_KEY"]
        PINECONE_INDEX = "docs-prod"
        INDEX_FINGERPRINT = "«fp»"
        ''', S(k3, "anthropic", "api-key"), S(co, "cohere", "api-key"), k3=k3, co=co, fp=hexs(64))

    gq, mi, pp = T.groq(), r(ALNUM, 32), T.perplexity()
    put("ai/agents/config.yaml", """
        agents:
          researcher:
            provider: perplexity
            model: sonar-pro
            api_key: «pp»
          coder:
            provider: groq
            model: llama-3.3-70b-versatile
            api_key: «gq»
            temperature: 0.2
          summarizer:
            provider: mistral
            model: mistral-large-latest
            api_key: «mi»
        memory:
          backend: sqlite
          path: ./agent-memory.db
          run_id: «rid»
        """, S(pp, "perplexity", "api-key"), S(gq, "groq", "api-key"), S(mi, "mistral", "api-key"),
        pp=pp, gq=gq, mi=mi, rid=uuid4())

    rp = T.replicate()
    put("ai/scripts/replicate_run.sh", """
        #!/usr/bin/env bash
        set -euo pipefail
        export REPLICATE_API_TOKEN=«rp»
        MODEL_VERSION="«ver»"

        curl -s -X POST https://api.replicate.com/v1/predictions \\
          -H "Authorization: Bearer $REPLICATE_API_TOKEN" \\
          -H "Content-Type: application/json" \\
          -d "{\\"version\\": \\"$MODEL_VERSION\\", \\"input\\": {\\"prompt\\": \\"$1\\"}}"
        """, S(rp, "replicate", "api-token"), rp=rp, ver=hexs(64))

    orr, xa = T.openrouter(), T.xai()
    put("ai/app/src/llm.ts", """
        import OpenAI from "openai";

        // Routed through OpenRouter for fallback between providers.
        export const router = new OpenAI({
          baseURL: "https://openrouter.ai/api/v1",
          apiKey: "«orr»",
          defaultHeaders: { "HTTP-Referer": "https://chat.internal.example" },
        });

        export const grok = new OpenAI({
          baseURL: "https://api.x.ai/v1",
          apiKey: "«xa»",
        });

        export const fallback = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
        """, S(orr, "openrouter", "api-key"), S(xa, "xai", "api-key"), orr=orr, xa=xa)

    ad, hf2, wb = T.anthropic_admin(), T.hf(), hexs(40)
    put("ai/.zsh_history", """
        : 1700000101:0;cd ~/src/llm-evals
        : 1700000115:0;python -m venv .venv && source .venv/bin/activate
        : 1700000140:0;pip install -r requirements.txt
        : 1700000201:0;export ANTHROPIC_ADMIN_KEY=«ad»
        : 1700000233:0;huggingface-cli login --token «hf2»
        : 1700000260:0;wandb login «wb»
        : 1700000301:0;git log --oneline | head
        : 1700000322:0;git checkout «sha»
        : 1700000390:0;python run_eval.py --suite mmlu --limit 200
        """, S(ad, "anthropic", "admin-key"), S(hf2, "huggingface", "user-access-token"),
        S(wb, "wandb", "api-key"), ad=ad, hf2=hf2, wb=wb, sha=hexs(40))

    ls, lf, lfp = T.langsmith(), "sk-lf-" + uuid4(), "pk-lf-" + uuid4()
    put("ai/eval/observability.env", """
        LANGSMITH_TRACING=true
        LANGSMITH_ENDPOINT=https://api.smith.langchain.com
        LANGSMITH_API_KEY=«ls»
        LANGSMITH_PROJECT=evals-nightly
        LANGFUSE_HOST=https://cloud.langfuse.com
        LANGFUSE_PUBLIC_KEY=«lfp»
        LANGFUSE_SECRET_KEY=«lf»
        """, S(ls, "langsmith", "personal-api-key"), S(lf, "langfuse", "secret-key"), ls=ls, lf=lf, lfp=lfp)

    gm, ds = T.gcp_api(), "sk-" + hexs(32)
    put("ai/services/summarize/client.go", """
        package summarize

        import (
        \t"context"
        \t"net/http"
        )

        const (
        \tgeminiEndpoint = "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent"
        \tgeminiKey      = "«gm»"
        \tdeepseekKey    = "«ds»"
        \trequestID      = "«rid»"
        )

        func newRequest(ctx context.Context) (*http.Request, error) {
        \treq, err := http.NewRequestWithContext(ctx, http.MethodPost, geminiEndpoint+"?key="+geminiKey, nil)
        \tif err != nil {
        \t\treturn nil, err
        \t}
        \treq.Header.Set("X-Request-ID", requestID)
        \treturn req, nil
        }
        """, S(gm, "google", "gemini-api-key"), S(ds, "deepseek", "api-key"), gm=gm, ds=ds, rid=uuid4())

    tg, el, hforg = hexs(64), "sk_" + hexs(48), T.hf_org()
    put("ai/k8s/inference.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: tts-gateway
          labels:
            app: tts-gateway
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: tts-gateway
          template:
            metadata:
              labels:
                app: tts-gateway
            spec:
              containers:
                - name: gateway
                  image: registry.internal/tts-gateway@sha256:«dig»
                  env:
                    - name: TOGETHER_API_KEY
                      value: "«tg»"
                    - name: ELEVENLABS_API_KEY
                      value: "«el»"
                    - name: HF_TOKEN
                      value: "«hforg»"
                    - name: OPENAI_API_KEY
                      valueFrom:
                        secretKeyRef:
                          name: openai
                          key: api-key
        """, S(tg, "together", "api-key"), S(el, "elevenlabs", "api-key"), S(hforg, "huggingface", "org-token"),
        tg=tg, el=el, hforg=hforg, dig=hexs(64))

    sv = T.openai_svc()
    put("ai/Dockerfile", """
        FROM python:3.12-slim@sha256:«dig»
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        ARG HF_TOKEN
        ENV OPENAI_API_KEY=«sv»
        ENV HF_HOME=/models
        COPY . .
        CMD ["uvicorn", "server:app", "--host", "0.0.0.0", "--port", "8080"]
        """, S(sv, "openai", "service-account-key"), sv=sv, dig=hexs(64))

    # ---- negatives
    put("ai/README.md", """
        # llm-gateway

        A small proxy in front of several model providers.

        ## Setup

        ```bash
        export OPENAI_API_KEY="sk-..."
        export ANTHROPIC_API_KEY="<YOUR_ANTHROPIC_API_KEY>"
        export HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        ```

        Keys look like `sk-ant-api03-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX…`; never commit them.
        In CI use `${{ secrets.OPENAI_API_KEY }}`.

        The model weights are pinned to revision `«rev»` and checked against
        sha256 `«sha»`.
        """, rev=hexs(40), sha=hexs(64))

    put("ai/tests/test_client.py", '''
        import pytest
        from gateway.client import Client

        FAKE_KEY = "sk-test-0000000000000000000000000000000000000000"
        DUMMY_HF = "hf_" + "a" * 34


        @pytest.fixture
        def client(monkeypatch):
            monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
            return Client(api_key="dummy-key", hf_token=DUMMY_HF)


        def test_request_id_is_uuid(client):
            assert client.request_id("«u»") == "«u»"


        def test_cache_key(client):
            assert client.cache_key("hello") == "«md5»"
        ''', u=uuid4(), md5=hexs(32))

    put("ai/models/model_index.json", json.dumps({
        "metadata": {"total_size": 4943169024},
        "weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors",
                       "lm_head.weight": "model-00002-of-00002.safetensors"},
        "files": [{"name": "model-00001-of-00002.safetensors", "sha256": hexs(64), "etag": '"%s"' % hexs(32)},
                  {"name": "model-00002-of-00002.safetensors", "sha256": hexs(64), "etag": '"%s"' % hexs(32)}],
        "revision": hexs(40), "run_id": uuid4()}, indent=2))

    chunks = ", ".join('%d:"%s"' % (rng.randrange(100, 999), hexs(20)) for _ in range(6))
    put("ai/web/static/chat.min.js",
        '!function(){"use strict";var e={' + chunks + '};function t(n){return"static/js/"+n+"."+e[n]+".chunk.js"}'
        'var r=document.querySelector("meta[name=csrf]"),o=r?r.content:"";window.__CHAT__={chunk:t,csrf:o,'
        'build:"' + hexs(40) + '",cls:"css-' + r(LALNUM, 7) + ' _' + r(ALNUM, 5) + '_' + r(LALNUM, 6) + '"}}();\n'
        '//# sourceMappingURL=chat.min.js.map\n')

    png = png_b64()
    put("ai/notebooks/eda.ipynb", json.dumps({"cells": [
        {"cell_type": "code", "execution_count": 3, "id": uuid4()[:8], "metadata": {},
         "source": ["import os\n", "key = os.environ.get(\"OPENAI_API_KEY\")\n", "df.plot()\n"],
         "outputs": [{"output_type": "display_data", "metadata": {},
                      "data": {"image/png": png, "text/plain": ["<Figure size 640x480 with 1 Axes>"]}}]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1))

    put("ai/config/models.toml", """
        [providers.openai]
        api_key = "${OPENAI_API_KEY}"
        organization = "org-«org»"
        project = "proj_«proj»"

        [providers.anthropic]
        api_key = "{{ .Values.anthropic.apiKey }}"

        [cache]
        # content hash of the prompt template set
        templates_digest = "sha256:«dig»"
        """, org=r(ALNUM, 24), proj=r(ALNUM, 24), dig=hexs(64))


# ============================================================================= cloud
def gen_cloud():
    ai, sk = T.aws_id(), T.aws_secret()
    put("cloud/deploy/aws-deploy.sh", """
        #!/bin/bash
        # Deploy the static site to S3 and invalidate CloudFront.
        set -e

        export AWS_ACCESS_KEY_ID=«ai»
        export AWS_SECRET_ACCESS_KEY=«sk»
        export AWS_DEFAULT_REGION=eu-west-1

        BUCKET=s3://www-assets-prod
        DIST_ID=E«dist»

        npm run build
        aws s3 sync ./dist "$BUCKET" --delete --cache-control max-age=31536000
        aws cloudfront create-invalidation --distribution-id "$DIST_ID" --paths '/*'
        echo "deployed $(git rev-parse --short HEAD)"
        """, S(ai, "aws", "access-key-id"), S(sk, "aws", "secret-access-key"), ai=ai, sk=sk, dist=r(UALNUM, 13))

    ai2, sk2 = T.aws_id(), T.aws_secret()
    put("cloud/.aws/credentials", """
        [default]
        aws_access_key_id = «ai2»
        aws_secret_access_key = «sk2»

        [readonly]
        role_arn = arn:aws:iam::«acct»:role/ReadOnly
        source_profile = default
        """, S(ai2, "aws", "access-key-id"), S(sk2, "aws", "secret-access-key"), ai2=ai2, sk2=sk2, acct=digits(12))

    si, ss, st = T.aws_sts_id(), T.aws_secret(), T.aws_session()
    put("cloud/logs/sts-debug.log", """
        2024-03-11T09:14:02Z DEBUG botocore.credentials Looking for credentials via: env
        2024-03-11T09:14:02Z DEBUG botocore.credentials Found credentials in environment variables.
        2024-03-11T09:14:02Z DEBUG botocore.endpoint Making request for OperationModel(name=GetCallerIdentity)
        2024-03-11T09:14:02Z DEBUG urllib3 Starting new HTTPS connection (1): sts.amazonaws.com:443
        2024-03-11T09:14:03Z DEBUG assume_role response: {"Credentials": {"AccessKeyId": "«si»", "SecretAccessKey": "«ss»", "SessionToken": "«st»", "Expiration": "2024-03-11T10:14:03Z"}}
        2024-03-11T09:14:03Z INFO  request_id=«rid» status=200
        """, S(si, "aws", "temporary-access-key-id"), S(ss, "aws", "secret-access-key"), S(st, "aws", "session-token"),
        si=si, ss=ss, st=st, rid=uuid4())

    ai3, sk3 = T.aws_id(), T.aws_secret()
    put("cloud/terraform/providers.tf", """
        terraform {
          required_version = ">= 1.5"
          required_providers {
            aws = {
              source  = "hashicorp/aws"
              version = "~> 5.40"
            }
          }
        }

        provider "aws" {
          region     = "us-east-1"
          access_key = "«ai3»"
          secret_key = "«sk3»"
        }

        resource "aws_s3_bucket" "logs" {
          bucket = "acme-logs-«suffix»"
        }
        """, S(ai3, "aws", "access-key-id"), S(sk3, "aws", "secret-access-key"), ai3=ai3, sk3=sk3, suffix=hexs(8))

    g1, gs = T.gcp_api(), T.gcp_oauth_secret()
    put("cloud/web/maps.js", """
        // Server-side geocoding helper (runs in the Cloud Function, not the browser)
        const fetch = require("node-fetch");

        const GEOCODE_KEY = "«g1»";
        const OAUTH_CLIENT_ID = "«cid».apps.googleusercontent.com";
        const OAUTH_CLIENT_SECRET = "«gs»";

        exports.geocode = async (req, res) => {
          const q = encodeURIComponent(req.query.address);
          const r = await fetch(`https://maps.googleapis.com/maps/api/geocode/json?address=${q}&key=${GEOCODE_KEY}`);
          res.json(await r.json());
        };
        """, S(g1, "gcp", "api-key"), S(gs, "gcp", "oauth-client-secret"), g1=g1, gs=gs,
        cid=digits(12) + "-" + r(LALNUM, 32))

    acct, ak = "st" + r(LALNUM, 12), T.azure_storage()
    put("cloud/dotnet/appsettings.Production.json", """
        {
          "Logging": { "LogLevel": { "Default": "Warning" } },
          "AllowedHosts": "*",
          "Storage": {
            "ConnectionString": "DefaultEndpointsProtocol=https;AccountName=«acct»;AccountKey=«ak»;EndpointSuffix=core.windows.net",
            "Container": "uploads"
          },
          "ApplicationInsights": { "ConnectionString": "InstrumentationKey=«ikey»;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/" }
        }
        """, S(ak, "azure", "storage-account-key"), acct=acct, ak=ak, ikey=uuid4())

    cs, tenant, app = T.azure_ad_secret(), uuid4(), uuid4()
    put("cloud/azure/sp-login.ps1", """
        # Log in as the deployment service principal
        $tenantId = "«tenant»"
        $appId    = "«app»"
        $secret   = ConvertTo-SecureString "«cs»" -AsPlainText -Force
        $cred     = New-Object System.Management.Automation.PSCredential($appId, $secret)
        Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant $tenantId
        Set-AzContext -Subscription "«sub»"
        """, S(cs, "azure", "client-secret"), cs=cs, tenant=tenant, app=app, sub=uuid4())

    sig = b64(rbytes(32))
    sig_enc = urllib.parse.quote(sig, safe="")
    put("cloud/azure/upload.sh", """
        #!/bin/sh
        # one-off upload of the nightly export
        SAS='sv=2022-11-02&ss=b&srt=sco&sp=rwdlacupiytfx&se=2026-12-31T23:59:59Z&st=2024-01-01T00:00:00Z&spr=https&sig=«sig_enc»'
        azcopy copy ./export.parquet "https://«acct».blob.core.windows.net/exports/export.parquet?${SAS}"
        """, S(sig, "azure", "sas-signature", raw=sig_enc, encoding="percent"), sig_enc=sig_enc, acct=acct)

    la, ls_ = T.alibaba_id(), T.alibaba_secret()
    put("cloud/alibaba/oss_upload.py", '''
        import oss2

        auth = oss2.Auth("«la»", "«ls»")
        bucket = oss2.Bucket(auth, "https://oss-cn-hangzhou.aliyuncs.com", "media-prod")

        def upload(path, key):
            with open(path, "rb") as fh:
                return bucket.put_object(key, fh).etag
        ''', S(la, "alibaba", "access-key-id"), S(ls_, "alibaba", "access-key-secret"), la=la, ls=ls_)

    ya, yid, ysec = T.yandex_api(), T.yandex_static_id(), T.yandex_static_secret()
    put("cloud/yandex/terraform.tfvars", """
        folder_id          = "b1g«f»"
        cloud_id           = "b1g«c»"
        yc_api_key         = "«ya»"
        storage_access_key = "«yid»"
        storage_secret_key = "«ysec»"
        zone               = "ru-central1-a"
        """, S(ya, "yandex", "api-key"), S(yid, "yandex", "static-access-key-id"),
        S(ysec, "yandex", "static-access-key-secret"), ya=ya, yid=yid, ysec=ysec, f=r(LALNUM, 17), c=r(LALNUM, 17))

    dop, spid, spsec = T.do_pat(), T.do_spaces_id(), r(ALNUM + "/+", 43)
    put("cloud/digitalocean/.env", """
        DIGITALOCEAN_ACCESS_TOKEN=«dop»
        SPACES_ACCESS_KEY_ID=«spid»
        SPACES_SECRET_ACCESS_KEY=«spsec»
        SPACES_ENDPOINT=https://fra1.digitaloceanspaces.com
        DROPLET_TAG=web
        """, S(dop, "digitalocean", "personal-access-token"), S(spid, "digitalocean", "spaces-access-key-id"),
        S(spsec, "digitalocean", "spaces-secret-key"), dop=dop, spid=spid, spsec=spsec)

    hk, cft, cfg = T.heroku(), T.cf_token(), T.cf_global()
    put("cloud/ops/Makefile", """
        HEROKU_APP ?= acme-api
        HEROKU_API_KEY := «hk»
        CLOUDFLARE_API_TOKEN := «cft»
        CF_API_KEY = «cfg»
        CF_ZONE_ID = «zone»

        .PHONY: deploy purge
        deploy:
        \tHEROKU_API_KEY=$(HEROKU_API_KEY) heroku container:release web -a $(HEROKU_APP)

        purge:
        \tcurl -s -X POST "https://api.cloudflare.com/client/v4/zones/$(CF_ZONE_ID)/purge_cache" \\
        \t  -H "Authorization: Bearer $(CLOUDFLARE_API_TOKEN)" --data '{"purge_everything":true}'
        """, S(hk, "heroku", "api-key"), S(cft, "cloudflare", "api-token"), S(cfg, "cloudflare", "global-api-key"),
        hk=hk, cft=cft, cfg=cfg, zone=hexs(32))

    fly, ibm, lin = T.fly_macaroon(), r(URLSAFE, 44), hexs(64)
    vu, hc, scwa, scws = r(UALNUM, 36), r(ALNUM, 64), "SCW" + r(UALNUM, 17), uuid4()
    put("cloud/ci/cloud-tokens.env", """
        FLY_API_TOKEN="«fly»"
        IBMCLOUD_API_KEY=«ibm»
        LINODE_TOKEN=«lin»
        VULTR_API_KEY=«vu»
        HCLOUD_TOKEN=«hc»
        SCW_ACCESS_KEY=«scwa»
        SCW_SECRET_KEY=«scws»
        SCW_DEFAULT_PROJECT_ID=«scwp»
        """, S(fly, "flyio", "macaroon-token"), S(ibm, "ibm-cloud", "api-key"), S(lin, "linode", "personal-access-token"),
        S(vu, "vultr", "api-key"), S(hc, "hetzner", "api-token"), S(scwa, "scaleway", "access-key"),
        S(scws, "scaleway", "secret-key"), fly=fly, ibm=ibm, lin=lin, vu=vu, hc=hc, scwa=scwa, scws=scws, scwp=uuid4())

    tid, tkey, oci = T.tencent_id(), r(ALNUM, 32), RSAKey(2048)
    put("cloud/tencent/config.ini", """
        [tencentcloud]
        region = ap-guangzhou
        secret_id = «tid»
        secret_key = «tkey»
        """, S(tid, "tencent", "secret-id"), S(tkey, "tencent", "secret-key"), tid=tid, tkey=tkey)
    ocipem = oci.pkcs8_pem()
    put("cloud/.oci/oci_api_key.pem", ocipem + "\nOCI_API_KEY\n", S(ocipem, "oracle-cloud", "api-signing-key"))

    # ---- negatives
    put("cloud/docs/aws-setup.md", """
        # Configuring the AWS CLI

        Run `aws configure` and paste your keys. They look like this (these are the
        documentation samples, not real credentials):

        ```ini
        [default]
        aws_access_key_id = AKIA«ex1»EXAMPLE
        aws_secret_access_key = «ex2»EXAMPLEKEY
        ```

        Never paste real keys into this file. Use `aws sso login` instead.
        """, ex1=r(B32, 9), ex2=r(ALNUM + "/", 30))

    put("cloud/terraform/variables.tf", """
        variable "aws_access_key" {
          type      = string
          sensitive = true
          default   = ""
        }

        variable "do_token" {
          description = "DigitalOcean token, e.g. dop_v1_<64 hex characters>"
          type        = string
        }

        locals {
          account_id  = "«acct»"
          bucket_hash = "«md5»"
          ami         = "ami-«ami»"
          vpc         = "vpc-«vpc»"
        }
        """, acct=digits(12), md5=hexs(32), ami=hexs(17), vpc=hexs(17))

    put("cloud/terraform/.terraform.lock.hcl", """
        # This file is maintained automatically by "terraform init".
        provider "registry.terraform.io/hashicorp/aws" {
          version     = "5.40.0"
          constraints = "~> 5.40"
          hashes = [
            "h1:«h1»",
            "zh:«z1»",
            "zh:«z2»",
            "zh:«z3»",
          ]
        }
        """, h1=b64(rbytes(32)), z1=hexs(64), z2=hexs(64), z3=hexs(64))

    put("cloud/deploy/env.sh", """
        #!/bin/bash
        # credentials come from the instance profile / CI secrets, never from this file
        export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:?set me}"
        export AWS_SECRET_ACCESS_KEY="$(vault kv get -field=secret aws/deploy)"
        export CLOUDFLARE_API_TOKEN="changeme"
        export GOOGLE_API_KEY=YOUR_API_KEY_HERE
        export DIGITALOCEAN_ACCESS_TOKEN=dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        export BUILD_ID=«bid»
        """, bid=uuid4())

    put("cloud/k8s/eks-cluster.yaml", """
        apiVersion: eksctl.io/v1alpha5
        kind: ClusterConfig
        metadata:
          name: prod
          region: eu-west-1
        vpc:
          id: vpc-«vpc»
          subnets:
            private:
              eu-west-1a: { id: subnet-«s1» }
              eu-west-1b: { id: subnet-«s2» }
        iam:
          serviceRoleARN: arn:aws:iam::«acct»:role/eks-service
        managedNodeGroups:
          - name: ng-1
            instanceType: m6i.large
            ami: ami-«ami»
            ssh:
              publicKeyName: ops-«kp»
        """, vpc=hexs(17), s1=hexs(17), s2=hexs(17), acct=digits(12), ami=hexs(17), kp=hexs(8))

    put("cloud/azure/arm-template.json", json.dumps({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {"storageKey": {"type": "securestring"},
                       "adminPassword": {"type": "securestring", "defaultValue": "[parameters('kvSecret')]"}},
        "variables": {"tenantId": uuid4(), "subscriptionId": uuid4(), "deploymentHash": hexs(64)},
        "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01",
                       "name": "[concat('st', uniqueString(resourceGroup().id))]", "location": "westeurope",
                       "sku": {"name": "Standard_LRS"}, "kind": "StorageV2"}]}, indent=2))

    put("cloud/gcp/cloudbuild.yaml", """
        steps:
          - name: gcr.io/cloud-builders/docker
            args: ["build", "-t", "europe-docker.pkg.dev/$PROJECT_ID/web/app:$SHORT_SHA", "."]
          - name: gcr.io/google.com/cloudsdktool/cloud-sdk@sha256:«dig»
            entrypoint: gcloud
            args: ["run", "deploy", "web", "--image", "europe-docker.pkg.dev/$PROJECT_ID/web/app:$SHORT_SHA"]
            secretEnv: ["MAPS_API_KEY"]
        availableSecrets:
          secretManager:
            - versionName: projects/$PROJECT_ID/secrets/maps-api-key/versions/latest
              env: MAPS_API_KEY
        options:
          logging: CLOUD_LOGGING_ONLY
        """, dig=hexs(64))


# ============================================================================= communication
def discord_bot():
    uid = digits(18)
    return b64(uid.encode()).rstrip("=") + "." + r(URLSAFE, 6) + "." + r(URLSAFE, 38)


def gen_communication():
    xb, sig, xapp = T.slack_bot(), hexs(32), "xapp-1-A%s-%s-%s" % (r(UALNUM, 10), digits(13), hexs(64))
    put("communication/bot/.env", """
        # Slack app "standup-bot"
        SLACK_CLIENT_ID=«cid»
        SLACK_BOT_TOKEN=«xb»
        SLACK_SIGNING_SECRET=«sig»
        SLACK_APP_TOKEN=«xapp»
        DEFAULT_CHANNEL=C«ch»
        PORT=3000
        """, S(xb, "slack", "bot-token"), S(sig, "slack", "signing-secret"), S(xapp, "slack", "app-level-token"),
        xb=xb, sig=sig, xapp=xapp, cid=digits(12) + "." + digits(13), ch=r(UALNUM, 10))

    sh = T.slack_hook()
    dh = "https://discord.com/api/webhooks/%s/%s" % (digits(19), r(URLSAFE, 68))
    th = "https://acme.webhook.office.com/webhookb2/%s@%s/IncomingWebhook/%s/%s" % (uuid4(), uuid4(), hexs(32), uuid4())
    put("communication/alerts/notify.py", '''
        """Fan out deploy notifications."""
        import json
        import urllib.request

        SLACK_WEBHOOK = "«sh»"
        DISCORD_WEBHOOK = "«dh»"
        TEAMS_WEBHOOK = (
            "«th»"
        )


        def post(url, payload):
            req = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"})
            return urllib.request.urlopen(req, timeout=5).status


        def notify(text):
            post(SLACK_WEBHOOK, {"text": text})
            post(DISCORD_WEBHOOK, {"content": text})
            post(TEAMS_WEBHOOK, {"text": text})
        ''', S(sh, "slack", "incoming-webhook"), S(dh, "discord", "webhook-url"), S(th, "microsoft-teams", "webhook-url"),
        sh=sh, dh=dh, th=th)

    db = discord_bot()
    put("communication/discord-bot/index.js", """
        const { Client, GatewayIntentBits } = require("discord.js");

        const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
        const GUILD_ID = "«gid»";

        client.once("ready", () => {
          console.log(`Logged in as ${client.user.tag}`);
        });

        client.on("messageCreate", (msg) => {
          if (msg.content === "!ping") msg.reply("pong");
        });

        client.login("«db»");
        """, S(db, "discord", "bot-token"), db=db, gid=digits(18))

    tgk = "%s:AA%s" % (digits(10), r(URLSAFE, 33))
    put("communication/telegram/main.go", """
        package main

        import (
        \t"log"

        \ttgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
        )

        func main() {
        \tbot, err := tgbotapi.NewBotAPI("«tgk»")
        \tif err != nil {
        \t\tlog.Panic(err)
        \t}
        \tbot.Debug = false
        \tu := tgbotapi.NewUpdate(0)
        \tu.Timeout = 60
        \tfor update := range bot.GetUpdatesChan(u) {
        \t\tif update.Message != nil {
        \t\t\tbot.Send(tgbotapi.NewMessage(update.Message.Chat.ID, update.Message.Text))
        \t\t}
        \t}
        }
        """, S(tgk, "telegram", "bot-token"), tgk=tgk)

    sid, tok, skid, sksec = "AC" + hexs(32), hexs(32), "SK" + hexs(32), r(ALNUM, 32)
    put("communication/sms/config/initializers/twilio.rb", """
        # frozen_string_literal: true

        Twilio.configure do |config|
          config.account_sid = "«sid»"
          config.auth_token  = "«tok»"
        end

        TWILIO_API_KEY    = "«skid»"
        TWILIO_API_SECRET = "«sksec»"
        TWILIO_FROM       = "+1«num»"
        """, S(sid, "twilio", "account-sid"), S(tok, "twilio", "auth-token"), S(skid, "twilio", "api-key-sid"),
        S(sksec, "twilio", "api-key-secret"), sid=sid, tok=tok, skid=skid, sksec=sksec, num=digits(10))

    sg, mg = T.sendgrid(), "key-" + hexs(32)
    put("communication/mail/config/mail.php", """
        <?php

        return [
            'default' => env('MAIL_MAILER', 'sendgrid'),
            'mailers' => [
                'sendgrid' => [
                    'transport' => 'sendgrid',
                    'api_key' => '«sg»',
                ],
                'mailgun' => [
                    'transport' => 'mailgun',
                    'domain' => 'mg.acme-mail.com',
                    'secret' => '«mg»',
                    'endpoint' => 'api.eu.mailgun.net',
                ],
            ],
            'from' => ['address' => 'noreply@acme-mail.com', 'name' => 'Acme'],
        ];
        """, S(sg, "sendgrid", "api-key"), S(mg, "mailgun", "api-key"), sg=sg, mg=mg)

    mc = hexs(32) + "-us" + str(rng.randint(2, 21))
    bv = "xkeysib-" + hexs(64) + "-" + r(ALNUM, 16)
    mjpub, mjpriv = hexs(32), hexs(32)
    put("communication/marketing/newsletter.ini", """
        [mailchimp]
        api_key = «mc»
        list_id = «lid»

        [brevo]
        api_key = «bv»

        [mailjet]
        api_key_public = «mjpub»
        api_key_private = «mjpriv»
        """, S(mc, "mailchimp", "api-key"), S(bv, "brevo", "api-key"), S(mjpriv, "mailjet", "secret-key"),
        mc=mc, bv=bv, mjpub=mjpub, mjpriv=mjpriv, lid=hexs(10))

    bearer = "A" * 22 + r(ALNUM, 18) + "%3D" + r(ALNUM, 60)
    ck, cs, at, ats = r(ALNUM, 25), r(ALNUM, 50), digits(19) + "-" + r(ALNUM, 40), r(ALNUM, 45)
    put("communication/social/twitter.yml", """
        twitter:
          bearer_token: "«bearer»"
          consumer_key: «ck»
          consumer_secret: «cs»
          access_token: «at»
          access_token_secret: «ats»
          handle: "@acme_status"
        """, S(bearer, "twitter", "bearer-token"), S(cs, "twitter", "consumer-secret"),
        S(at, "twitter", "access-token"), S(ats, "twitter", "access-token-secret"), S(ck, "twitter", "consumer-key"),
        bearer=bearer, ck=ck, cs=cs, at=at, ats=ats)

    fb, fbs = "EAAG" + r(ALNUM, 180), hexs(32)
    put("communication/social/facebook.env", """
        FACEBOOK_APP_ID=«appid»
        FACEBOOK_APP_SECRET=«fbs»
        FACEBOOK_PAGE_ACCESS_TOKEN=«fb»
        WHATSAPP_PHONE_NUMBER_ID=«pn»
        """, S(fbs, "facebook", "app-secret"), S(fb, "facebook", "page-access-token"), fb=fb, fbs=fbs,
        appid=digits(15), pn=digits(15))

    xp, pm = T.slack_user(), uuid4()
    dh2 = "https://discordapp.com/api/webhooks/%s/%s" % (digits(18), r(URLSAFE, 68))
    put("communication/.bash_history", """
        ls -la
        cd infra/notify
        curl -s -H "Authorization: Bearer «xp»" https://slack.com/api/conversations.list | jq '.channels[].name'
        curl -s -X POST https://api.postmarkapp.com/email -H "Accept: application/json" -H "Content-Type: application/json" -H "X-Postmark-Server-Token: «pm»" -d @mail.json
        curl -X POST -H 'Content-Type: application/json' -d '{"content":"deploy ok"}' «dh2»
        git status
        git log -1 --format=%H
        """, S(xp, "slack", "user-token"), S(pm, "postmark", "server-token"), S(dh2, "discord", "webhook-url"),
        xp=xp, pm=pm, dh2=dh2)

    pus, ic = hexs(20), bs("tok:%s:1:0" % uuid4())
    put("communication/push/realtime.json", """
        {
          "pusher": {
            "appId": "«pid»",
            "key": "«pkey»",
            "secret": "«pus»",
            "cluster": "eu"
          },
          "intercom": {
            "accessToken": "«ic»",
            "workspace": "«ws»"
          }
        }
        """, S(pus, "pusher", "app-secret"), S(ic, "intercom", "access-token"), pus=pus, ic=ic,
        pid=digits(7), pkey=hexs(20), ws=r(LALNUM, 8))

    lsec, ltok, zs, vs = hexs(32), r(B64, 171) + "=", r(ALNUM, 32), r(ALNUM, 16)
    put("communication/chat/channels.env", """
        LINE_CHANNEL_ID=«lid»
        LINE_CHANNEL_SECRET=«lsec»
        LINE_CHANNEL_ACCESS_TOKEN=«ltok»
        ZOOM_ACCOUNT_ID=«zacc»
        ZOOM_CLIENT_ID=«zid»
        ZOOM_CLIENT_SECRET=«zs»
        VONAGE_API_KEY=«vk»
        VONAGE_API_SECRET=«vs»
        """, S(lsec, "line", "channel-secret"), S(ltok, "line", "channel-access-token"), S(zs, "zoom", "client-secret"),
        S(vs, "vonage", "api-secret"), lsec=lsec, ltok=ltok, zs=zs, vs=vs, lid=digits(10), zacc=r(URLSAFE, 22),
        zid=r(ALNUM, 22), vk=hexs(8))

    # ---- negatives
    put("communication/docs/slack-setup.md", """
        # Connecting the bot to Slack

        1. Create an app from `slack_manifest.yml`.
        2. Install it and copy the **Bot User OAuth Token** (`xoxb-your-token-here`).
        3. Put it in `.env` as `SLACK_BOT_TOKEN=xoxb-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX`.

        An incoming webhook looks like
        `https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`.

        Telegram tokens have the shape `<bot id>:<secret>`, for example `123456789:AAxxxxxxxx`.
        """)

    put("communication/bot/slack_manifest.yml", """
        display_information:
          name: standup-bot
        features:
          bot_user:
            display_name: standup
            always_online: true
        oauth_config:
          scopes:
            bot: [chat:write, channels:history, commands]
          redirect_urls:
            - https://standup.acme.dev/slack/oauth_redirect
        settings:
          event_subscriptions:
            request_url: https://standup.acme.dev/slack/events
            bot_events: [app_mention, message.channels]
          interactivity:
            is_enabled: true
          org_deploy_enabled: false
          socket_mode_enabled: true
        """)

    put("communication/mail/templates/welcome.html", """
        <!doctype html>
        <html>
        <head>
          <style>.css-«c1»{color:#333}.css-«c2»{margin:0 auto;max-width:600px}</style>
        </head>
        <body class="css-«c2»">
          <img alt="logo" src="data:image/png;base64,«png»" />
          <p class="css-«c1»">Welcome aboard, {{ user.first_name }}!</p>
          <img src="https://t.acme-mail.com/o/«track».gif" width="1" height="1" />
          <a href="https://acme.dev/confirm?token={{ confirm_token }}&amp;u={{ user.id }}">Confirm</a>
        </body>
        </html>
        """, c1=r(LALNUM, 6), c2=r(LALNUM, 6), png=png_b64(4, 4), track=hexs(40))

    put("communication/tests/fixtures/slack_event.json", json.dumps({
        "team_id": "T" + r(UALNUM, 10), "api_app_id": "A" + r(UALNUM, 10),
        "event": {"type": "app_mention", "user": "U" + r(UALNUM, 10), "text": "<@U%s> standup" % r(UALNUM, 10),
                  "ts": "%d.%06d" % (1700000000 + rng.randrange(10 ** 6), rng.randrange(10 ** 6)),
                  "channel": "C" + r(UALNUM, 10), "event_ts": "1700000123.000200",
                  "client_msg_id": uuid4()},
        "type": "event_callback", "event_id": "Ev" + r(UALNUM, 10), "event_time": 1700000123,
        "authorizations": [{"team_id": "T" + r(UALNUM, 10), "user_id": "U" + r(UALNUM, 10), "is_bot": True}]},
        indent=2))

    rows = ["sid,to,status,price"] + ["SM%s,+1%s,delivered,-0.0079" % (hexs(32), digits(10)) for _ in range(8)]
    put("communication/sms/delivery_report.csv", "\n".join(rows) + "\n")


# ============================================================================= crypto-keys
def pgp_public_block():
    body = b"\xc6\x33\x04" + rbytes(4) + b"\x16\x09\x2b\x06\x01\x04\x01\xda\x47\x0f\x01\x01\x07\x40" + rbytes(32)
    body += b"\xcd\x1bRelease Bot <bot@acme.dev>" + b"\xc2\x8f\x04\x13\x16\x0a" + rbytes(140)
    s = b64(body)
    lines = [s[i:i + 64] for i in range(0, len(s), 64)]
    return "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n%s\n=%s\n-----END PGP PUBLIC KEY BLOCK-----" % (
        "\n".join(lines), b64(crc24(body).to_bytes(3, "big")))


def gen_crypto():
    rk = RSAKey(2048)
    k = openssh_rsa_pem(rk, "deploy@ci-runner")
    put("crypto-keys/ssh/id_rsa", k, S(k, "ssh", "openssh-private-key"))
    put("crypto-keys/ssh/id_rsa.pub", rk.ssh_public("deploy@ci-runner"))

    edk, edpub, _, _ = openssh_ed25519("alice@laptop")
    put("crypto-keys/ssh/id_ed25519", edk, S(edk, "ssh", "openssh-private-key"))
    put("crypto-keys/ssh/id_ed25519.pub", edpub)
    hosts = "\n".join("%s ssh-ed25519 %s" % (h, b64(sshstr(b"ssh-ed25519") + sshstr(rbytes(32))))
                      for h in ("github.com", "gitlab.com", "bastion.acme.dev,10.0.0.4"))
    put("crypto-keys/ssh/known_hosts", hosts)
    put("crypto-keys/ssh/authorized_keys", "%s\n%s\n" % (openssh_ed25519("bob@desk")[1], RSAKey(1024).ssh_public("ops@jump")))

    tk = RSAKey(2048)
    tls = tk.pkcs1_pem()
    put("crypto-keys/tls/server.key", tls, S(tls, "pem", "rsa-private-key"))
    put("crypto-keys/tls/server.crt", tk.certificate_pem("api.acme.dev", rng.getrandbits(63)))
    ca1, ca2 = RSAKey(1024), RSAKey(1024)
    put("crypto-keys/tls/ca-bundle.pem", "# Acme internal roots\n" + ca1.certificate_pem("Acme Root CA R1", 1) + "\n" +
        ca2.certificate_pem("Acme Issuing CA 2", 2) + "\n")
    put("crypto-keys/tls/jwt-public.pem", tk.public_pem())

    ec, ecpub = ec_p256_pem()
    put("crypto-keys/tls/ec-signing.pem", ec, S(ec, "pem", "ec-private-key"))

    pgp = pgp_private_block("Release Bot <release@acme.dev>")
    put("crypto-keys/gpg/release-signing.asc", pgp, S(pgp, "pgp", "private-key-block"))
    put("crypto-keys/gpg/release-public.asc", pgp_public_block())

    ppk = putty_ed25519("deploy@winbuild")
    put("crypto-keys/putty/deploy.ppk", ppk, S(ppk, "putty", "private-key"))

    age_sk = bech32("age-secret-key-", rbytes(32)).upper()
    age_pk = bech32("age", rbytes(32))
    put("crypto-keys/age/keys.txt", """
        # created: 2024-05-02T10:11:12+02:00
        # public key: «pk»
        «sk»
        """, S(age_sk, "age", "secret-key"), sk=age_sk, pk=age_pk)
    put("crypto-keys/age/.sops.yaml", """
        creation_rules:
          - path_regex: secrets/.*\\.yaml$
            age: «pk1»,«pk2»
        """, pk1=bech32("age", rbytes(32)), pk2=bech32("age", rbytes(32)))

    wg = bytearray(rbytes(32))
    wg[0] &= 248
    wg[31] = (wg[31] & 127) | 64
    wgk = b64(bytes(wg))
    psk = b64(rbytes(32))
    put("crypto-keys/wireguard/wg0.conf", """
        [Interface]
        Address = 10.8.0.2/24
        PrivateKey = «wgk»
        DNS = 1.1.1.1

        [Peer]
        PublicKey = «pub»
        PresharedKey = «psk»
        Endpoint = vpn.acme.dev:51820
        AllowedIPs = 0.0.0.0/0
        PersistentKeepalive = 25
        """, S(wgk, "wireguard", "private-key"), S(psk, "wireguard", "preshared-key"), wgk=wgk, pub=b64(rbytes(32)),
        psk=psk)

    dj, jw = r(LOWER + DIG + "!@#%^&*(-_=+)", 50), r(ALNUM, 64)
    put("crypto-keys/jwt/settings.py", '''
        from pathlib import Path

        BASE_DIR = Path(__file__).resolve().parent.parent

        # SECURITY WARNING: keep the secret key used in production secret!
        SECRET_KEY = "«dj»"

        DEBUG = False
        ALLOWED_HOSTS = ["api.acme.dev"]

        SIMPLE_JWT = {
            "ALGORITHM": "HS256",
            "SIGNING_KEY": "«jw»",
            "ACCESS_TOKEN_LIFETIME_MINUTES": 15,
        }
        ''', S(dj, "django", "secret-key"), S(jw, "jwt", "hmac-signing-key"), dj=dj, jw=jw)

    eth = hexs(64)
    put("crypto-keys/web3/hardhat.config.js", """
        require("@nomicfoundation/hardhat-toolbox");

        const DEPLOYER_PRIVATE_KEY = "0x«eth»";
        const TREASURY = "0x«addr»";

        module.exports = {
          solidity: "0.8.24",
          networks: {
            sepolia: {
              url: "https://rpc.sepolia.org",
              accounts: [DEPLOYER_PRIVATE_KEY],
            },
          },
          etherscan: { apiKey: process.env.ETHERSCAN_API_KEY },
        };
        """, S(eth, "ethereum", "private-key"), eth=eth, addr=hexs(40))

    jk = RSAKey(2048)
    jp = jk.pkcs8_pem()
    put("crypto-keys/app/src/main/resources/application-prod.yml", """
        server:
          port: 8443
        security:
          jwt:
            issuer: https://auth.acme.dev
            key-id: «kid»
            private-key: |
              «pk»
        """, S(jp, "pem", "private-key", at="-----BEGIN PRIVATE KEY-----"), kid=uuid4(), pk=indent(jp, 6))

    jk2 = RSAKey(2048)
    jp2 = jk2.pkcs1_pem()
    java_lines = jp2.split("\n")
    java = "\n".join('            "%s\\n"%s' % (l, " +" if i < len(java_lines) - 1 else ";") for i, l in enumerate(java_lines))
    put("crypto-keys/java/SigningKeys.java", """
        package dev.acme.auth;

        final class SigningKeys {
            private SigningKeys() {}

            // TODO(security): load from KMS
            static final String PRIVATE_KEY_PEM =
        «java»

            static final String KEY_ID = "«kid»";
        }
        """, S(jp2, "pem", "rsa-private-key", at=java_lines[0]), java=java, kid=hexs(16))

    # ---- negatives
    put("crypto-keys/docs/key-rotation.md", """
        # Rotating the signing key

        The private key file starts like this (truncated, not a real key):

        ```
        -----BEGIN RSA PRIVATE KEY-----
        MIIEowIBAAKCAQEA...
        ...
        -----END RSA PRIVATE KEY-----
        ```

        Store it in the secret manager under `auth/signing-key`, never in git.
        The public half (`jwt-public.pem`) is safe to publish; its SHA-256
        fingerprint is `SHA256:«fp»`.
        """, fp=b64(rbytes(32)).rstrip("="))

    vault_hex = hexs(64 * 6)
    put("crypto-keys/ansible/group_vars/prod/vault.yml", "$ANSIBLE_VAULT;1.1;AES256\n" +
        "\n".join(vault_hex[i:i + 80] for i in range(0, len(vault_hex), 80)) + "\n")
    put("crypto-keys/ansible/secrets.enc.yaml", """
        db_password: ENC[AES256_GCM,data:«d1»,iv:«iv1»,tag:«t1»,type:str]
        api_token: ENC[AES256_GCM,data:«d2»,iv:«iv2»,tag:«t2»,type:str]
        sops:
          age:
            - recipient: «pk»
          lastmodified: "2024-05-02T08:11:12Z"
          mac: ENC[AES256_GCM,data:«d3»,iv:«iv3»,tag:«t3»,type:str]
          version: 3.8.1
        """, d1=b64(rbytes(18)), iv1=b64(rbytes(32)), t1=b64(rbytes(16)), d2=b64(rbytes(30)), iv2=b64(rbytes(32)),
        t2=b64(rbytes(16)), d3=b64(rbytes(48)), iv3=b64(rbytes(32)), t3=b64(rbytes(16)), pk=bech32("age", rbytes(32)))
    put("crypto-keys/tls/ec-public.pem", ecpub)


# ============================================================================= database
def gen_database():
    p1, p2 = pw(20), pw(24)
    put("database/app/.env", """
        NODE_ENV=production
        DATABASE_URL=postgres://app_rw:«p1»@db-primary.internal:5432/app?sslmode=require
        REDIS_URL=redis://:«p2»@cache.internal:6379/0
        DB_POOL_MAX=20
        """, S(p1, "postgres", "password"), S(p2, "redis", "password"), p1=p1, p2=p2)

    a, b, c = pw(22), pw(18), pw(26)
    put("database/docker-compose.yml", """
        services:
          postgres:
            image: postgres:16
            environment:
              POSTGRES_USER: app
              POSTGRES_PASSWORD: «a»
              POSTGRES_DB: app
            volumes:
              - pgdata:/var/lib/postgresql/data
          mysql:
            image: mysql:8.4
            environment:
              MYSQL_ROOT_PASSWORD: "«b»"
              MYSQL_DATABASE: legacy
          mongo:
            image: mongo:7
            environment:
              - MONGO_INITDB_ROOT_USERNAME=root
              - MONGO_INITDB_ROOT_PASSWORD=«c»
        volumes:
          pgdata: {}
        """, S(a, "postgres", "password"), S(b, "mysql", "password"), S(c, "mongodb", "password"), a=a, b=b, c=c)

    d = pw(20)
    put("database/config/database.yml", """
        default: &default
          adapter: postgresql
          encoding: unicode
          pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

        development:
          <<: *default
          database: shop_development

        production:
          <<: *default
          host: shop-db.cluster-«cl».eu-west-1.rds.amazonaws.com
          database: shop_production
          username: shop
          password: «d»
        """, S(d, "postgres", "password"), d=d, cl=r(LALNUM, 12))

    m = pw(16)
    put("database/src/db.ts", """
        import { MongoClient } from "mongodb";

        const uri =
          "mongodb+srv://svc-orders:«m»@cluster0.«cl».mongodb.net/orders?retryWrites=true&w=majority";

        export const client = new MongoClient(uri, { maxPoolSize: 10 });

        export async function orders() {
          await client.connect();
          return client.db("orders").collection("orders");
        }
        """, S(m, "mongodb", "connection-string-password"), m=m, cl=r(LALNUM, 5))

    ppw, ptk = "pscale_pw_" + r(URLSAFE, 43), "pscale_tkn_" + r(URLSAFE, 43)
    put("database/planetscale/.env", """
        DATABASE_HOST=aws.connect.psdb.cloud
        DATABASE_USERNAME=«user»
        DATABASE_PASSWORD=«ppw»
        PLANETSCALE_SERVICE_TOKEN_ID=«tid»
        PLANETSCALE_SERVICE_TOKEN=«ptk»
        """, S(ppw, "planetscale", "password"), S(ptk, "planetscale", "service-token"), ppw=ppw, ptk=ptk,
        user=r(LALNUM, 12), tid=r(LALNUM, 12))

    dapi = "dapi" + hexs(32)
    put("database/databricks/export_job.py", '''
        from databricks import sql

        HOST = "adb-«ws».12.azuredatabricks.net"
        HTTP_PATH = "/sql/1.0/warehouses/«wh»"
        TOKEN = "«dapi»"

        with sql.connect(server_hostname=HOST, http_path=HTTP_PATH, access_token=TOKEN) as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT * FROM sales.daily LIMIT 10")
                print(cur.fetchall())
        ''', S(dapi, "databricks", "personal-access-token"), dapi=dapi, ws=digits(16), wh=hexs(16))

    atpriv = uuid4()
    put("database/atlas/main.tf", """
        provider "mongodbatlas" {
          public_key  = "«pub»"
          private_key = "«atpriv»"
        }

        resource "mongodbatlas_cluster" "orders" {
          project_id   = "«proj»"
          name         = "orders"
          cluster_type = "REPLICASET"
          provider_name               = "AWS"
          provider_instance_size_name = "M10"
          provider_region_name        = "EU_WEST_1"
        }
        """, S(atpriv, "mongodb-atlas", "api-private-key"), atpriv=atpriv, pub=r(LOWER, 8), proj=hexs(24))

    napi, npw = "napi_" + r(LALNUM, 64), "npg_" + r(ALNUM, 12)
    put("database/neon/.envrc", """
        export NEON_API_KEY=«napi»
        export NEON_PROJECT_ID=«proj»
        export DATABASE_URL="postgresql://neondb_owner:«npw»@ep-«ep»-pooler.eu-central-1.aws.neon.tech/neondb?sslmode=require"
        """, S(napi, "neon", "api-key"), S(npw, "neon", "password"), napi=napi, npw=npw,
        proj=r(LOWER, 6) + "-" + r(LOWER, 6) + "-" + digits(8), ep=r(LOWER, 5) + "-" + r(LOWER, 5) + "-" + r(LALNUM, 8))

    avn, crdb = "AVNS_" + r(URLSAFE, 19), pw(22)
    put("database/analytics/connections.properties", """
        # analytics warehouse connections
        warehouse.url=jdbc:postgresql://pg-analytics-acme.aivencloud.com:21345/defaultdb?ssl=require
        warehouse.user=avnadmin
        warehouse.password=«avn»
        events.url=postgresql://events:«crdb»@events-«x».aws-eu-west-1.cockroachlabs.cloud:26257/events?sslmode=verify-full
        events.pool.size=8
        """, S(avn, "aiven", "service-password"), S(crdb, "cockroachdb", "password"), avn=avn, crdb=crdb,
        x=r(LALNUM, 4))

    infl = b64(rbytes(64))
    put("database/influx/telegraf.conf", """
        [agent]
          interval = "10s"
          flush_interval = "10s"

        [[outputs.influxdb_v2]]
          urls = ["https://eu-central-1-1.aws.cloud2.influxdata.com"]
          token = "«infl»"
          organization = "acme"
          bucket = "telemetry"

        [[inputs.cpu]]
          percpu = true
        """, S(infl, "influxdb", "api-token"), infl=infl)

    sf = pw(20, "!#$%")
    put("database/dbt/profiles.yml", """
        acme:
          target: prod
          outputs:
            prod:
              type: snowflake
              account: «acct».eu-central-1
              user: DBT_PROD
              password: "«sf»"
              role: TRANSFORMER
              database: ANALYTICS
              warehouse: TRANSFORMING
              schema: marts
              threads: 8
        """, S(sf, "snowflake", "password"), sf=sf, acct=r(LOWER, 2) + digits(5))

    epw, ekid, eksec = pw(24), r(URLSAFE, 20), r(URLSAFE, 22)
    eapi = bs(ekid + ":" + eksec)
    put("database/elastic/filebeat.yml", """
        filebeat.inputs:
          - type: filestream
            id: app-logs
            paths: ["/var/log/app/*.log"]

        cloud.id: "acme-prod:«cloudid»"
        cloud.auth: "elastic:«epw»"

        output.elasticsearch:
          api_key: "«ekid»:«eksec»"

        setup.kibana:
          host: "https://kibana.acme.dev:5601"
        """, S(epw, "elastic", "password"), S(eksec, "elastic", "api-key"), epw=epw, ekid=ekid, eksec=eksec,
        cloudid=bs("eu-west-1.aws.found.io$%s$%s" % (hexs(32), hexs(32))))

    up = "A" + r(URLSAFE, 59) + "="
    put("database/upstash/.env.local", """
        UPSTASH_REDIS_REST_URL="https://eu1-«name»-«n».upstash.io"
        UPSTASH_REDIS_REST_TOKEN="«up»"
        """, S(up, "upstash", "redis-rest-token"), up=up, name=r(LOWER, 6), n=digits(5))

    ref = r(LOWER, 20)
    now = 1700000000
    srv = jwt({"iss": "supabase", "ref": ref, "role": "service_role", "iat": now, "exp": now + 315360000})
    anon = jwt({"iss": "supabase", "ref": ref, "role": "anon", "iat": now, "exp": now + 315360000})
    sbp = "sbp_" + hexs(40)
    put("database/supabase/.env", """
        NEXT_PUBLIC_SUPABASE_URL=https://«ref».supabase.co
        NEXT_PUBLIC_SUPABASE_ANON_KEY=«anon»
        SUPABASE_SERVICE_ROLE_KEY=«srv»
        SUPABASE_ACCESS_TOKEN=«sbp»
        """, S(srv, "supabase", "service-role-key"), S(sbp, "supabase", "access-token"), ref=ref, anon=anon,
        srv=srv, sbp=sbp)

    turso = jwt({"a": "rw", "iat": now, "id": uuid4()}, alg="EdDSA")
    put("database/turso/wrangler.toml", """
        name = "edge-api"
        main = "src/index.ts"
        compatibility_date = "2024-09-01"

        [vars]
        TURSO_DATABASE_URL = "libsql://edge-api-acme.turso.io"
        TURSO_AUTH_TOKEN = "«turso»"
        """, S(turso, "turso", "auth-token"), turso=turso)

    # ---- negatives
    put("database/migrations/001_init.sql", """
        CREATE TABLE users (
            id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
            email       TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            api_key_prefix CHAR(8),
            created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
        );

        -- seed admin (password set on first login; hash of a random throwaway)
        INSERT INTO users (id, email, password_hash, api_key_prefix)
        VALUES ('«u»', 'admin@acme.dev', '$2b$12$«salt»', '«pre»');

        CREATE INDEX users_email_md5 ON users (md5(email));
        -- checksum: «sum»
        """, u=uuid4(), salt=r(ALNUM + "./", 53), pre=hexs(8), sum=hexs(64))

    put("database/docker-compose.dev.yml", """
        services:
          postgres:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-changeme}
              POSTGRES_USER: ${POSTGRES_USER}
          redis:
            image: redis:7
            command: ["redis-server", "--requirepass", "$${REDIS_PASSWORD}"]
          adminer:
            image: adminer@sha256:«dig»
        """, dig=hexs(64))

    put("database/config/database.example.yml", """
        production:
          adapter: postgresql
          host: <db-host>
          database: shop_production
          username: <username>
          password: <password>
        """)

    put("database/docs/connection-strings.md", """
        # Connection strings

        | engine   | format |
        |----------|--------|
        | Postgres | `postgres://USER:PASSWORD@HOST:5432/DB` |
        | MongoDB  | `mongodb+srv://<username>:<password>@cluster0.example.mongodb.net/` |
        | Redis    | `redis://:${REDIS_PASSWORD}@localhost:6379/0` |
        | JDBC     | `jdbc:postgresql://localhost:5432/app?user=app&password=********` |

        Databricks personal access tokens start with `dapi` followed by 32 hex digits.
        """)

    put("database/prisma/schema.prisma", """
        generator client {
          provider = "prisma-client-js"
        }

        datasource db {
          provider  = "postgresql"
          url       = env("DATABASE_URL")
          directUrl = env("DIRECT_URL")
        }

        model User {
          id        String   @id @default(uuid())
          email     String   @unique
          avatarMd5 String
        }
        """)

    rows = [{"id": uuid4(), "email": "user%d@example.com" % i, "gravatar": hexs(32), "session": hexs(30) if i == 2 else uuid4(),
             "etag": hexs(40)} for i in range(4)]
    put("database/seeds/users.json", json.dumps(rows, indent=2))


# ============================================================================= generic
def gen_generic():
    p1, s1 = pw(16, "!@#"), r(ALNUM, 40)
    put("generic/app/config.py", '''
        import os

        DEBUG = False
        SMTP_HOST = "smtp.internal.acme.dev"
        SMTP_USER = "notifications"
        SMTP_PASSWORD = "«p1»"

        INTERNAL_API_SECRET = "«s1»"
        UPLOAD_DIR = os.environ.get("UPLOAD_DIR", "/srv/uploads")
        FEATURE_FLAGS = {"new_checkout": True}
        ''', S(p1, "generic", "password"), S(s1, "generic", "api-secret"), p1=p1, s1=s1)

    bpw, dpw = pw(18), pw(14)
    put("generic/scripts/backup.sh", """
        #!/bin/bash
        set -euo pipefail
        STAMP=$(date +%Y%m%d)
        mysqldump -h db.internal -u backup -p'«dpw»' --single-transaction shop > /tmp/shop-$STAMP.sql
        gzip /tmp/shop-$STAMP.sql
        curl -fsS -u backup-bot:«bpw» -T /tmp/shop-$STAMP.sql.gz https://files.internal.acme.dev/backups/
        rm -f /tmp/shop-$STAMP.sql.gz
        """, S(dpw, "mysql", "password"), S(bpw, "generic", "basic-auth-password"), dpw=dpw, bpw=bpw)

    bt = r(ALNUM, 48)
    put("generic/client/api.js", """
        const BASE = "https://partner-api.fulfil.example.net/v2";

        export async function listShipments(page = 1) {
          const res = await fetch(`${BASE}/shipments?page=${page}`, {
            headers: {
              Authorization: "Bearer «bt»",
              "Content-Type": "application/json",
            },
          });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return res.json();
        }
        """, S(bt, "generic", "bearer-token"), bt=bt)

    n1, n2 = pw(20), r(ALNUM, 32)
    put("generic/home/.netrc", """
        machine files.internal.acme.dev
          login backup-bot
          password «n1»
        machine api.heroku.com
          login ops@acme.dev
          password «n2»
        """, S(n1, "generic", "netrc-password"), S(n2, "heroku", "netrc-password"), n1=n1, n2=n2)

    nt, nu, npass = r(ALNUM, 40), "ci-publisher", pw(18)
    nauth = bs(nu + ":" + npass)
    put("generic/home/.npmrc", """
        registry=https://registry.npmjs.org/
        @acme:registry=https://npm.internal.acme.dev/repository/npm-private/
        //npm.internal.acme.dev/repository/npm-private/:_authToken=«nt»
        //legacy-nexus.acme.dev/repository/npm/:_auth=«nauth»
        always-auth=true
        """, S(nt, "generic", "npm-registry-token"),
        S(npass, "generic", "npm-basic-auth-password", raw=nauth, encoding="base64"), nt=nt, nauth=nauth)

    pp = pw(22)
    put("generic/home/.pypirc", """
        [distutils]
        index-servers =
            internal

        [internal]
        repository = https://nexus.acme.dev/repository/pypi-internal/
        username = deploy
        password = «pp»
        """, S(pp, "generic", "pypirc-password"), pp=pp)

    gc1, gc2 = pw(20), r(ALNUM, 40)
    put("generic/home/.git-credentials", """
        https://jdoe:«gc1»@git.acme.dev
        https://build:«gc2»@gitea.internal.acme.dev
        """, S(gc1, "generic", "git-credential-password"), S(gc2, "generic", "git-credential-token"), gc1=gc1, gc2=gc2)

    jp = pw(20)
    put("generic/java/src/main/java/dev/acme/Db.java", """
        package dev.acme;

        import java.sql.Connection;
        import java.sql.DriverManager;
        import java.sql.SQLException;

        public final class Db {
            private static final String URL =
                "jdbc:sqlserver://sql01.corp.acme.dev:1433;databaseName=Billing;user=billing_app;password=«jp»;encrypt=true";

            public static Connection open() throws SQLException {
                return DriverManager.getConnection(URL);
            }
        }
        """, S(jp, "generic", "jdbc-password"), jp=jp)

    cs, ld = pw(18), pw(16)
    put("generic/dotnet/App.config", """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <connectionStrings>
            <add name="Main" providerName="System.Data.SqlClient"
                 connectionString="Server=tcp:sql-acme.database.windows.net,1433;Initial Catalog=Main;User ID=appuser;Password=«cs»;Encrypt=True;" />
          </connectionStrings>
          <appSettings>
            <add key="LdapBindUser" value="CN=svc-app,OU=Service,DC=corp,DC=acme,DC=dev" />
            <add key="LdapBindPassword" value="«ld»" />
            <add key="BuildHash" value="«h»" />
          </appSettings>
        </configuration>
        """, S(cs, "generic", "connection-string-password"), S(ld, "generic", "ldap-password"), cs=cs, ld=ld, h=hexs(40))

    op = pw(18)
    put("generic/odbc/odbc.ini", """
        [ODBC Data Sources]
        warehouse = PostgreSQL Unicode

        [warehouse]
        Driver = PostgreSQL Unicode
        Servername = wh.internal.acme.dev
        Port = 5432
        Database = warehouse
        Username = reporting
        Password = «op»
        SSLmode = require
        """, S(op, "generic", "odbc-password"), op=op)

    mv = pw(20)
    put("generic/maven/settings.xml", """
        <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
          <servers>
            <server>
              <id>acme-releases</id>
              <username>deployer</username>
              <password>«mv»</password>
            </server>
            <server>
              <id>acme-snapshots</id>
              <username>deployer</username>
              <password>${env.NEXUS_PASSWORD}</password>
            </server>
          </servers>
          <mirrors>
            <mirror>
              <id>central-proxy</id>
              <url>https://nexus.acme.dev/repository/maven-central/</url>
              <mirrorOf>central</mirrorOf>
            </mirror>
          </mirrors>
        </settings>
        """, S(mv, "generic", "maven-password"), mv=mv)

    skb = hexs(128)
    put("generic/rails/config/secrets.yml", """
        development:
          secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>

        production:
          secret_key_base: «skb»
        """, S(skb, "rails", "secret-key-base"), skb=skb)

    wdb = pw(20)
    salts = [r(ALNUM + "!@#$%^&*()-_[]{}<>~+=,.;:/?|", 64) for _ in range(2)]
    put("generic/php/wp-config.php", """
        <?php
        define( 'DB_NAME', 'wordpress' );
        define( 'DB_USER', 'wp_prod' );
        define( 'DB_PASSWORD', '«wdb»' );
        define( 'DB_HOST', 'mysql.internal:3306' );

        define( 'AUTH_KEY',         '«s0»' );
        define( 'SECURE_AUTH_KEY',  '«s1»' );

        $table_prefix = 'wp_';
        define( 'WP_DEBUG', false );
        """, S(wdb, "wordpress", "db-password"), S(salts[0], "wordpress", "auth-key"), S(salts[1], "wordpress", "auth-key"),
        wdb=wdb, s0=salts[0], s1=salts[1])

    gp = pw(18)
    put("generic/go/internal/inventory/client.go", """
        package inventory

        import "net/http"

        const (
        \tbaseURL  = "https://inventory.corp.acme.dev/api"
        \tsvcUser  = "svc-storefront"
        \tsvcPass  = "«gp»"
        )

        func newRequest(path string) (*http.Request, error) {
        \treq, err := http.NewRequest(http.MethodGet, baseURL+path, nil)
        \tif err != nil {
        \t\treturn nil, err
        \t}
        \treq.SetBasicAuth(svcUser, svcPass)
        \treturn req, nil
        }
        """, S(gp, "generic", "basic-auth-password"), gp=gp)

    cp = pw(18)
    put("generic/csharp/Mailer.cs", """
        using System.Net;
        using System.Net.Mail;

        public static class Mailer
        {
            public static SmtpClient Create() => new SmtpClient("smtp.office365.com", 587)
            {
                EnableSsl = true,
                Credentials = new NetworkCredential("alerts@acme.dev", "«cp»"),
            };
        }
        """, S(cp, "generic", "smtp-password"), cp=cp)

    ip, ts = pw(16), r(ALNUM, 32)
    put("generic/ini/service.ini", """
        [server]
        bind = 0.0.0.0:8080
        workers = 4

        [ldap]
        url = ldaps://ldap.corp.acme.dev
        bind_dn = cn=svc-app,ou=svc,dc=acme,dc=dev
        bind_password = «ip»

        [oauth]
        client_id = svc-app
        client_secret = «ts»
        """, S(ip, "generic", "ldap-password"), S(ts, "generic", "oauth-client-secret"), ip=ip, ts=ts)

    tm = r(ALNUM + "-_", 43)
    put("generic/toml/app.toml", """
        [service]
        name = "ingest"
        port = 9000

        [auth]
        issuer = "https://sso.acme.dev/realms/main"
        client_id = "ingest"
        client_secret = "«tm»"
        audience = "ingest-api"
        """, S(tm, "generic", "oauth-client-secret"), tm=tm)

    lt, lp = r(ALNUM, 40), pw(14)
    put("generic/logs/gateway-2024-04-02.log", """
        2024-04-02 10:01:12,441 INFO  [gw] GET /healthz 200 1ms
        2024-04-02 10:01:13,002 DEBUG [gw] outbound request headers={'Accept': 'application/json', 'Authorization': 'Bearer «lt»', 'X-Request-Id': '«rid»'}
        2024-04-02 10:01:13,118 INFO  [gw] GET /v1/orders 200 116ms
        2024-04-02 10:01:15,870 DEBUG [auth] POST /login body=username=jdoe&password=«lp»&remember=1
        2024-04-02 10:01:15,901 WARN  [auth] slow login 31ms user=jdoe session=«sess»
        """, S(lt, "generic", "bearer-token"), S(lp, "generic", "password"), lt=lt, lp=lp, rid=uuid4(), sess=hexs(32))

    ft = r(ALNUM, 36)
    put("generic/fish/config.fish", """
        if status is-interactive
            set -gx EDITOR nvim
            set -gx PATH $HOME/.local/bin $PATH
            set -gx ARTIFACT_API_TOKEN «ft»
            alias k kubectl
        end
        """, S(ft, "generic", "api-token"), ft=ft)

    psp = pw(18)
    put("generic/ps/Microsoft.PowerShell_profile.ps1", """
        Import-Module posh-git
        Set-PSReadLineOption -EditMode Emacs
        $env:SERVICE_ACCOUNT = "svc-reports"
        $env:SERVICE_PASSWORD = "«psp»"
        function prompt { "PS $(Get-Location)> " }
        """, S(psp, "generic", "password"), psp=psp)

    bp = pw(16)
    put("generic/bat/deploy.bat", """
        @echo off
        set DEPLOY_USER=deploy
        set DEPLOY_PASSWORD=«bp»
        net use \\\\fileserver\\releases /user:%DEPLOY_USER% %DEPLOY_PASSWORD%
        xcopy /E /Y build\\* \\\\fileserver\\releases\\app\\
        net use \\\\fileserver\\releases /delete
        """, S(bp, "generic", "password"), crlf=True, bp=bp)

    whs = r(ALNUM, 32)
    put("generic/webhook/server.js", """
        const crypto = require("crypto");
        const express = require("express");

        const WEBHOOK_SECRET = "«whs»";
        const app = express();

        app.post("/hooks/ci", express.raw({ type: "*/*" }), (req, res) => {
          const sig = crypto.createHmac("sha256", WEBHOOK_SECRET).update(req.body).digest("hex");
          if (sig !== req.get("X-Signature")) return res.sendStatus(401);
          res.sendStatus(204);
        });

        app.listen(8080);
        """, S(whs, "generic", "webhook-secret"), whs=whs)

    # ---- negatives
    put("generic/app/settings_test.py", '''
        import os

        DATABASE_PASSWORD = os.environ["DATABASE_PASSWORD"]
        SMTP_PASSWORD = "changeme"
        API_TOKEN = "<your-token>"
        ADMIN_PASSWORD = "********"
        SECRET_KEY = "${SECRET_KEY}"
        PASSWORD_MIN_LENGTH = 12
        PASSWORD_RESET_TIMEOUT = 3600
        TOKEN_HEADER = "Authorization"
        ''')

    put("generic/i18n/en.json", json.dumps({
        "login": {"password": "Password", "password_hint": "At least 12 characters",
                  "token_expired": "Your session token expired, please sign in again",
                  "api_key_label": "API key", "secret": "Secret"},
        "build": hexs(40)}, indent=2))

    put("generic/docs/api.md", """
        # Partner API

        Authenticate with HTTP basic auth or a bearer token:

        ```sh
        curl -u USERNAME:PASSWORD https://partner-api.example.com/v2/shipments
        curl -H "Authorization: Bearer $PARTNER_TOKEN" https://partner-api.example.com/v2/shipments
        curl -H "Authorization: Bearer <token>" https://partner-api.example.com/v2/me
        ```

        A JDBC URL looks like `jdbc:postgresql://host:5432/db?user=app&password=${DB_PASSWORD}`.
        """)

    pkgs = {}
    for name in ("react", "react-dom", "scheduler", "loose-envify", "js-tokens"):
        pkgs["node_modules/" + name] = {"version": "%d.%d.%d" % (rng.randrange(1, 19), rng.randrange(0, 9), rng.randrange(0, 9)),
                                        "resolved": "https://registry.npmjs.org/%s/-/%s.tgz" % (name, name),
                                        "integrity": "sha512-" + b64(rbytes(64))}
    put("generic/web/package-lock.json", json.dumps({"name": "web", "version": "1.0.0", "lockfileVersion": 3,
                                                     "requires": True, "packages": pkgs}, indent=2))

    put("generic/web/yarn.lock", "".join("""
        %s@^%d.0.0:
          version "%d.2.0"
          resolved "https://registry.yarnpkg.com/%s/-/%s-%d.2.0.tgz#%s"
          integrity sha512-%s
        """ % (n, v, v, n, n, v, hexs(40), b64(rbytes(64))) for n, v in (("lodash", 4), ("chalk", 5), ("debug", 4))))

    put("generic/go/go.sum", "".join("%s %s h1:%s\n%s %s/go.mod h1:%s\n" % (
        m, v, b64(rbytes(32)), m, v, b64(rbytes(32))) for m, v in (
        ("github.com/google/uuid", "v1.6.0"), ("golang.org/x/crypto", "v0.24.0"), ("golang.org/x/sys", "v0.21.0"))))

    put("generic/rust/Cargo.lock", "version = 3\n" + "".join(textwrap.dedent("""
        [[package]]
        name = "%s"
        version = "%s"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "%s"
        """) % (n, v, hexs(64)) for n, v in (("serde", "1.0.203"), ("regex", "1.10.5"), ("memchr", "2.7.4"))))

    font = "d09GMgABAAAAA" + r(B64, 400)
    put("generic/web/fonts.css", """
        @font-face {
          font-family: "Inter";
          font-display: swap;
          src: url(data:font/woff2;base64,«font») format("woff2");
        }
        .btn_«h1» { padding: 4px 8px; }
        .card_«h2» { border-radius: 8px; }
        """, font=font, h1=r(ALNUM, 5) + "_" + r(LALNUM, 5), h2=r(ALNUM, 5) + "_" + r(LALNUM, 5))

    put("generic/web/asset-manifest.json", json.dumps({
        "files": {"main.js": "/static/js/main.%s.js" % hexs(8), "main.css": "/static/css/main.%s.css" % hexs(8),
                  "static/js/%d.%s.chunk.js" % (rng.randrange(100, 999), hexs(8)): "/static/js/787.%s.chunk.js" % hexs(8)},
        "chunkHashes": {str(rng.randrange(100, 999)): hexs(20) for _ in range(5)},
        "buildId": r(URLSAFE, 21)}, indent=2))

    put("generic/src/auth.ts", """
        import { timingSafeEqual } from "crypto";

        export function checkAdmin(token: string): boolean {
          const expected = process.env.ADMIN_TOKEN ?? "";
          return token.length === expected.length && timingSafeEqual(Buffer.from(token), Buffer.from(expected));
        }

        export function login(req: { body: { username: string; password: string } }) {
          const password = req.body.password;
          const secret = getSecret("session-signing-key");
          return { user: req.body.username, ok: password.length >= 12, kid: secret.id };
        }

        declare function getSecret(name: string): { id: string };
        """)

    put("generic/k8s/configmap.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          annotations:
            checksum/config: «c1»
            deployment.kubernetes.io/revision: "14"
        data:
          LOG_LEVEL: info
          FEATURE_FLAGS: "checkout_v2,search_v3"
          BUILD_SHA: «sha»
          REQUEST_ID_HEADER: X-Request-Id
        """, c1=hexs(64), sha=hexs(40))

    put("generic/git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" + "".join(
        "%s refs/%s\n" % (hexs(40), ref) for ref in ("heads/main", "remotes/origin/main", "tags/v1.4.0", "tags/v1.5.0")))

    put("generic/app/cache_keys.py", '''
        # keys in the shared cache, for the flush script
        SESSION_PREFIX = "sess:«s1»"
        CSRF_SALT = "csrf"
        PAGE_CACHE = {
            "home": "«m1»",
            "pricing": "«m2»",
        }
        TRACE_ID = "«t»"
        ''', s1=hexs(30), m1=hexs(32), m2=hexs(32), t=hexs(32))


# ============================================================================= payment
def gen_payment():
    sk, wh, pk = T.stripe_sk(), "whsec_" + r(ALNUM, 32), T.stripe_pk()
    put("payment/checkout/.env", """
        STRIPE_PUBLISHABLE_KEY=«pk»
        STRIPE_SECRET_KEY=«sk»
        STRIPE_WEBHOOK_SECRET=«wh»
        STRIPE_PRICE_PRO=price_«price»
        CHECKOUT_SUCCESS_URL=https://shop.acme.dev/thanks
        """, S(sk, "stripe", "secret-key"), S(wh, "stripe", "webhook-secret"), pk=pk, sk=sk, wh=wh, price=r(ALNUM, 24))

    rk = "rk_live_51" + r(ALNUM, 97)
    put("payment/billing/config/initializers/stripe.rb", """
        require "stripe"

        # restricted key: charges write, customers read
        Stripe.api_key = "«rk»"
        Stripe.api_version = "2024-06-20"
        Stripe.max_network_retries = 2
        """, S(rk, "stripe", "restricted-key"), rk=rk)

    bt = "access_token$production$%s$%s" % (r(LALNUM, 16), hexs(32))
    put("payment/braintree/gateway.py", '''
        import braintree

        gateway = braintree.BraintreeGateway(access_token="«bt»")


        def charge(nonce, amount):
            return gateway.transaction.sale({"amount": amount, "payment_method_nonce": nonce,
                                             "options": {"submit_for_settlement": True}})
        ''', S(bt, "braintree", "access-token"), bt=bt)

    sq, sqs = "EAAA" + r(URLSAFE, 60), "sq0csp-" + r(URLSAFE, 43)
    put("payment/square/config.js", """
        module.exports = {
          square: {
            environment: "production",
            applicationId: "sq0idp-«appid»",
            accessToken: "«sq»",
            oauthClientSecret: "«sqs»",
            locationId: "L«loc»",
          },
        };
        """, S(sq, "square", "access-token"), S(sqs, "square", "oauth-secret"), sq=sq, sqs=sqs, appid=r(URLSAFE, 22),
        loc=r(UALNUM, 12))

    plid, plsec, plat = hexs(24), hexs(30), "access-production-" + uuid4()
    put("payment/plaid/plaid.env", """
        PLAID_ENV=production
        PLAID_CLIENT_ID=«plid»
        PLAID_SECRET=«plsec»
        PLAID_PRODUCTS=auth,transactions
        # token for the treasury account, exchanged 2024-02-01
        PLAID_ACCESS_TOKEN=«plat»
        """, S(plsec, "plaid", "secret"), S(plat, "plaid", "access-token"), plid=plid, plsec=plsec, plat=plat)

    ppid, ppsec = "A" + r(URLSAFE, 79), "E" + r(URLSAFE, 79)
    put("payment/paypal/application.properties", """
        spring.application.name=payments
        paypal.mode=live
        paypal.client.id=«ppid»
        paypal.client.secret=«ppsec»
        paypal.webhook.id=«whid»
        server.port=8081
        """, S(ppsec, "paypal", "client-secret"), ppid=ppid, ppsec=ppsec, whid=r(UALNUM, 17))

    ady, ahmac = "AQE" + r(ALNUM, 15) + "+" + r(ALNUM + "+/", 120) + "=-" + r(ALNUM + "+/", 40) + "=-" + r(ALNUM, 14), hexs(64).upper()
    put("payment/adyen/appsettings.json", """
        {
          "Adyen": {
            "Environment": "LIVE",
            "MerchantAccount": "AcmeECOM",
            "ApiKey": "«ady»",
            "HmacKey": "«ahmac»",
            "LiveEndpointUrlPrefix": "«pre»-AcmeCompany"
          }
        }
        """, S(ady, "adyen", "api-key"), S(ahmac, "adyen", "hmac-key"), ady=ady, ahmac=ahmac, pre=hexs(16))

    rzid, rzs = "rzp_live_" + r(ALNUM, 14), r(ALNUM, 24)
    put("payment/razorpay/Razorpay.php", """
        <?php
        namespace App\\Payments;

        use Razorpay\\Api\\Api;

        class Razorpay
        {
            private const KEY_ID = '«rzid»';
            private const KEY_SECRET = '«rzs»';

            public static function client(): Api
            {
                return new Api(self::KEY_ID, self::KEY_SECRET);
            }
        }
        """, S(rzs, "razorpay", "key-secret"), rzid=rzid, rzs=rzs)

    ps, flw, mol = "sk_live_" + hexs(40), "FLWSECK-" + hexs(32) + "-X", "live_" + r(ALNUM, 30)
    put("payment/africa-eu/payments.env", """
        PAYSTACK_PUBLIC_KEY=pk_live_«pspk»
        PAYSTACK_SECRET_KEY=«ps»
        FLW_SECRET_KEY=«flw»
        MOLLIE_API_KEY=«mol»
        """, S(ps, "paystack", "secret-key"), S(flw, "flutterwave", "secret-key"), S(mol, "mollie", "live-api-key"),
        pspk=hexs(40), ps=ps, flw=flw, mol=mol)

    ec, _ = ec_p256_pem()
    ecj = jstr(ec + "\n")
    put("payment/coinbase/cdp_api_key.json", """
        {
           "name": "organizations/«org»/apiKeys/«kid»",
           "privateKey": "«ecj»"
        }
        """, S(ec, "coinbase", "cdp-api-private-key", raw=jstr(ec), encoding="json-escape"), org=uuid4(), kid=uuid4(),
        ecj=ecj)

    gcl = "live_" + r(URLSAFE, 40)
    put("payment/gocardless/client.go", """
        package billing

        import gocardless "github.com/gocardless/gocardless-pro-go/v3"

        func NewClient() (*gocardless.Service, error) {
        \tcfg, err := gocardless.NewConfig("«gcl»", gocardless.WithEndpoint(gocardless.LiveEndpoint))
        \tif err != nil {
        \t\treturn nil, err
        \t}
        \treturn gocardless.New(cfg)
        }
        """, S(gcl, "gocardless", "live-access-token"), gcl=gcl)

    anl, antk = r(ALNUM, 10), r(ALNUM, 16)
    put("payment/authorize-net/AuthNetConfig.cs", """
        namespace Acme.Payments
        {
            public static class AuthNetConfig
            {
                public const string ApiLoginId = "«anl»";
                public const string TransactionKey = "«antk»";
                public const bool Sandbox = false;
            }
        }
        """, S(antk, "authorize-net", "transaction-key"), anl=anl, antk=antk)

    apk, aps, bnk, bns = "AK" + r(UALNUM, 18), r(ALNUM, 40), r(ALNUM, 64), r(ALNUM, 64)
    put("payment/trading/bot.py", '''
        import ccxt
        from alpaca.trading.client import TradingClient

        APCA_API_KEY_ID = "«apk»"
        APCA_API_SECRET_KEY = "«aps»"

        binance = ccxt.binance({
            "apiKey": "«bnk»",
            "secret": "«bns»",
            "enableRateLimit": True,
        })

        alpaca = TradingClient(APCA_API_KEY_ID, APCA_API_SECRET_KEY, paper=False)
        ''', S(aps, "alpaca", "secret-key"), S(bnk, "binance", "api-key"), S(bns, "binance", "secret-key"),
        apk=apk, aps=aps, bnk=bnk, bns=bns)

    sk2 = T.stripe_sk_short()
    put("payment/.bash_history", """
        stripe listen --forward-to localhost:4242/webhook
        stripe login --api-key «sk2»
        curl https://api.stripe.com/v1/balance -u «sk2»:
        stripe trigger payment_intent.succeeded
        git add -p
        """, S(sk2, "stripe", "secret-key"), sk2=sk2)

    # ---- negatives
    put("payment/web/checkout.html", """
        <script src="https://js.stripe.com/v3/"></script>
        <script src="https://www.paypal.com/sdk/js?client-id=«ppid»&currency=EUR"></script>
        <script>
          const stripe = Stripe("«pk»");
          const square = { applicationId: "sq0idp-«sqid»", locationId: "L«loc»" };
          const elements = stripe.elements({ clientSecret: window.__CLIENT_SECRET__ });
        </script>
        <div id="payment-element" class="sc-«cls»"></div>
        """, ppid="A" + r(URLSAFE, 79), pk=T.stripe_pk(), sqid=r(URLSAFE, 22), loc=r(UALNUM, 12), cls=r(ALNUM, 6))

    put("payment/docs/stripe.md", """
        # Stripe keys

        * Publishable keys (`pk_live_…`) go to the browser.
        * Secret keys (`sk_live_…`) stay on the server: `STRIPE_SECRET_KEY=sk_live_<redacted>`.
        * Webhook secrets look like `whsec_...`; copy yours from the dashboard.

        Example (placeholder): `Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")`
        """)

    put("payment/tests/fixtures/charge.json", json.dumps({
        "id": "ch_3" + r(ALNUM, 23), "object": "charge", "amount": 4200, "currency": "eur",
        "customer": "cus_" + r(ALNUM, 14), "payment_intent": "pi_3" + r(ALNUM, 23),
        "balance_transaction": "txn_3" + r(ALNUM, 23),
        "payment_method_details": {"card": {"brand": "visa", "last4": "4242", "fingerprint": r(ALNUM, 16)}},
        "metadata": {"order_id": uuid4(), "idempotency_key": uuid4()}}, indent=2))

    rows = ["invoice,customer,amount,sha256"] + ["in_%s,cus_%s,%d.00,%s" % (r(ALNUM, 24), r(ALNUM, 14), rng.randrange(10, 999),
                                                                          hexs(64)) for _ in range(6)]
    put("payment/invoices/2024-05.csv", "\n".join(rows) + "\n")


# ============================================================================= registry
def pypi_token():
    ident = uuid4().encode()
    cav = json.dumps({"version": 1, "permissions": {"projects": ["acme-sdk"]}}).encode()
    mac = b"\x02\x01\x08pypi.org\x02" + bytes([len(ident)]) + ident + b"\x00\x02" + bytes([len(cav)]) + cav + \
        b"\x00\x00\x06\x20" + rbytes(32)
    return "pypi-" + b64url(mac)


def gen_registry():
    npm = T.npm()
    put("registry/home/.npmrc", """
        //registry.npmjs.org/:_authToken=«npm»
        @acme:registry=https://registry.npmjs.org/
        save-exact=true
        """, S(npm, "npm", "access-token"), npm=npm)

    pyp = pypi_token()
    put("registry/home/.pypirc", """
        [distutils]
        index-servers =
            pypi

        [pypi]
        username = __token__
        password = «pyp»
        """, S(pyp, "pypi", "api-token"), pyp=pyp)

    dk = T.dckr()
    put("registry/ci/push-image.sh", """
        #!/usr/bin/env bash
        set -euo pipefail
        IMAGE=acme/api
        TAG=$(git rev-parse --short=12 HEAD)
        echo "«dk»" | docker login -u acmebuild --password-stdin
        docker build -t "$IMAGE:$TAG" .
        docker push "$IMAGE:$TAG"
        """, S(dk, "docker-hub", "personal-access-token"), dk=dk)

    rg = "rubygems_" + hexs(48)
    put("registry/home/.gem/credentials", """
        ---
        :rubygems_api_key: «rg»
        """, S(rg, "rubygems", "api-key"), rg=rg)

    ng, azp = "oy2" + r(LALNUM, 43), r("abcdefghijklmnopqrstuvwxyz234567", 52)
    put("registry/nuget/publish.ps1", """
        param([string]$Version = "1.0.0")
        dotnet pack src/Acme.Client -c Release -p:PackageVersion=$Version
        dotnet nuget push "src/Acme.Client/bin/Release/Acme.Client.$Version.nupkg" `
            --api-key «ng» `
            --source https://api.nuget.org/v3/index.json
        """, S(ng, "nuget", "api-key"), ng=ng)
    put("registry/nuget/nuget.config", """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
            <add key="acme" value="https://pkgs.dev.azure.com/acme/_packaging/internal/nuget/v3/index.json" />
          </packageSources>
          <packageSourceCredentials>
            <acme>
              <add key="Username" value="build" />
              <add key="ClearTextPassword" value="«azp»" />
            </acme>
          </packageSourceCredentials>
        </configuration>
        """, S(azp, "azure-devops", "personal-access-token"), azp=azp)

    akcp = "AKCp8" + r(ALNUM, 68)
    ref = bs("reftkn:01:%s:%s" % (digits(10), r(ALNUM, 32))).rstrip("=")
    gps, spw = r(ALNUM, 32), pw(16)
    put("registry/gradle/gradle.properties", """
        org.gradle.jvmargs=-Xmx2g
        org.gradle.parallel=true
        artifactory_contextUrl=https://acme.jfrog.io/artifactory
        artifactory_user=ci-publisher
        artifactory_password=«akcp»
        artifactory_access_token=«ref»
        gradle.publish.key=«gpk»
        gradle.publish.secret=«gps»
        signing.keyId=«sid»
        signing.password=«spw»
        """, S(akcp, "jfrog", "api-key"), S(ref, "jfrog", "reference-token"), S(gps, "gradle", "plugin-portal-secret"),
        S(spw, "gradle", "signing-password"), akcp=akcp, ref=ref, gpk=r(ALNUM, 32), gps=gps, sid=hexs(8).upper(),
        spw=spw)

    cio = "cio" + r(ALNUM, 32)
    put("registry/home/.cargo/credentials.toml", """
        [registry]
        token = "«cio»"
        """, S(cio, "crates-io", "api-token"), cio=cio)

    hexk = hexs(32)
    put("registry/hex/publish.sh", """
        #!/bin/sh
        export HEX_API_KEY=«hexk»
        mix hex.publish --yes
        """, S(hexk, "hex-pm", "api-key"), hexk=hexk)

    qr = r(UALNUM, 64)
    put("registry/quay/robot-acme-ci.json", """
        {
          "auths": {},
          "robot": "acme+ci",
          "token": "«qr»",
          "created": "2024-02-11T10:00:00Z"
        }
        """, S(qr, "quay", "robot-token"), qr=qr)

    csm, pcl = hexs(40), hexs(48)
    put("registry/ci/packages.env", """
        CLOUDSMITH_API_KEY=«csm»
        PACKAGECLOUD_TOKEN=«pcl»
        PACKAGECLOUD_REPO=acme/stable
        """, S(csm, "cloudsmith", "api-key"), S(pcl, "packagecloud", "api-token"), csm=csm, pcl=pcl)

    ghp, cpw = T.ghp(), pw(18)
    put("registry/php/auth.json", """
        {
            "github-oauth": {
                "github.com": "«ghp»"
            },
            "http-basic": {
                "repo.packagist.com": {
                    "username": "token",
                    "password": "«cpw»"
                }
            }
        }
        """, S(ghp, "github", "personal-access-token"), S(cpw, "private-packagist", "password"), ghp=ghp, cpw=cpw)

    ya29, rt = "ya29.a0" + r(URLSAFE, 150), T.gcp_refresh()
    put("registry/home/.config/dart/pub-credentials.json", json.dumps({
        "accessToken": ya29, "refreshToken": rt, "idToken": None,
        "tokenEndpoint": "https://accounts.google.com/o/oauth2/token",
        "scopes": ["openid", "https://www.googleapis.com/auth/userinfo.email"], "expiration": 1717171717171}),
        S(ya29, "gcp", "oauth-access-token"), S(rt, "gcp", "oauth-refresh-token"))

    hpw = pw(20)
    put("registry/helm/add-repos.sh", """
        #!/bin/bash
        helm repo add bitnami https://charts.bitnami.com/bitnami
        helm repo add acme https://charts.acme.dev --username ci --password «hpw»
        helm repo update
        """, S(hpw, "helm", "repository-password"), hpw=hpw)

    # ---- negatives
    put("registry/web/.npmrc", """
        //registry.npmjs.org/:_authToken=${NPM_TOKEN}
        @acme:registry=https://npm.pkg.github.com
        //npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}
        engine-strict=true
        """)
    put("registry/web/.yarnrc.yml", """
        nodeLinker: node-modules
        npmRegistryServer: "https://registry.npmjs.org"
        npmScopes:
          acme:
            npmAuthToken: "${NPM_AUTH_TOKEN}"
            npmRegistryServer: "https://npm.pkg.github.com"
        yarnPath: .yarn/releases/yarn-4.2.2.cjs
        """)
    put("registry/python/requirements.txt", "".join("%s==%s \\\n    --hash=sha256:%s \\\n    --hash=sha256:%s\n" % (
        n, v, hexs(64), hexs(64)) for n, v in (("requests", "2.32.3"), ("urllib3", "2.2.2"), ("idna", "3.7"))))
    put("registry/python/Pipfile.lock", json.dumps({
        "_meta": {"hash": {"sha256": hexs(64)}, "pipfile-spec": 6,
                  "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]},
        "default": {"flask": {"hashes": ["sha256:" + hexs(64), "sha256:" + hexs(64)], "version": "==3.0.3"}}},
        indent=4))
    put("registry/web/pnpm-lock.yaml", """
        lockfileVersion: '9.0'
        packages:
          zod@3.23.8:
            resolution: {integrity: sha512-«a»}
          nanoid@5.0.7:
            resolution: {integrity: sha512-«b»}
        """, a=b64(rbytes(64)), b=b64(rbytes(64)))
    put("registry/docs/publishing.md", """
        # Publishing

        1. Create a token on npmjs.com (it starts with `npm_`), then `npm config set //registry.npmjs.org/:_authToken=<TOKEN>`.
        2. For PyPI use `username = __token__` and `password = pypi-<your token>`.
        3. Docker Hub: `echo "$DOCKERHUB_TOKEN" | docker login -u acmebuild --password-stdin`.
        4. NuGet: `dotnet nuget push *.nupkg --api-key $NUGET_API_KEY`.
        """)
    put("registry/ci/images.lock", "".join("%s@sha256:%s\n" % (img, hexs(64)) for img in (
        "docker.io/library/postgres:16", "docker.io/library/redis:7", "ghcr.io/acme/api:1.8.2", "quay.io/prometheus/node-exporter:v1.8.1")))


# ============================================================================= saas
def gen_saas():
    lin, ntn, air, pmak = "lin_api_" + r(ALNUM, 40), "ntn_" + digits(11) + r(ALNUM, 35), \
        "pat" + r(ALNUM, 14) + "." + hexs(64), "PMAK-" + hexs(24) + "-" + hexs(34)
    put("saas/integrations/.env", """
        # integrations worker
        LINEAR_API_KEY=«lin»
        NOTION_TOKEN=«ntn»
        NOTION_DATABASE_ID=«ndb»
        AIRTABLE_PAT=«air»
        AIRTABLE_BASE=app«base»
        POSTMAN_API_KEY=«pmak»
        """, S(lin, "linear", "api-key"), S(ntn, "notion", "integration-token"), S(air, "airtable", "personal-access-token"),
        S(pmak, "postman", "api-key"), lin=lin, ntn=ntn, air=air, pmak=pmak, ndb=hexs(32), base=r(ALNUM, 14))

    ntn_old = "secret_" + r(ALNUM, 43)
    put("saas/integrations/notion_sync.py", '''
        from notion_client import Client

        notion = Client(auth="«ntn_old»")
        DATABASE_ID = "«dbid»"

        def rows():
            return notion.databases.query(database_id=DATABASE_ID)["results"]
        ''', S(ntn_old, "notion", "integration-token"), ntn_old=ntn_old, dbid=uuid4())

    okta = "00" + r(URLSAFE, 40)
    put("saas/okta/okta.yaml", """
        okta:
          client:
            orgUrl: "https://acme.okta.com"
            token: «okta»
            connectionTimeout: 30
            requestTimeout: 0
        """, S(okta, "okta", "api-token"), okta=okta)

    shp, shs = "shpat_" + hexs(32), "shpss_" + hexs(32)
    put("saas/shopify/.env", """
        SHOPIFY_SHOP=acme-store.myshopify.com
        SHOPIFY_API_KEY=«apikey»
        SHOPIFY_API_SECRET=«shs»
        SHOPIFY_ADMIN_ACCESS_TOKEN=«shp»
        SCOPES=read_products,write_orders
        """, S(shs, "shopify", "shared-secret"), S(shp, "shopify", "admin-access-token"), shs=shs, shp=shp,
        apikey=hexs(32))

    hub = "pat-na1-" + uuid4()
    put("saas/hubspot/sync_contacts.py", '''
        import requests

        HUBSPOT_TOKEN = "«hub»"
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {HUBSPOT_TOKEN}"

        def contacts(after=None):
            params = {"limit": 100, "after": after} if after else {"limit": 100}
            return session.get("https://api.hubapi.com/crm/v3/objects/contacts", params=params).json()
        ''', S(hub, "hubspot", "private-app-token"), hub=hub)

    atl = "ATATT3xFfGF0" + r(URLSAFE, 172) + "=" + hexs(8).upper()
    put("saas/atlassian/.config/.jira/.config.yml", """
        auth_type: api_token
        installation: Cloud
        server: https://acme.atlassian.net
        login: ops@acme.dev
        api_token: «atl»
        project:
          key: OPS
          type: classic
        board:
          id: 12
        """, S(atl, "atlassian", "api-token"), atl=atl)

    asana, cu = "2/%s/%s:%s" % (digits(16), digits(16), hexs(32)), "pk_%s_%s" % (digits(8), r(UALNUM, 32))
    put("saas/tasks/sync.js", """
        const asana = require("asana");
        const axios = require("axios");

        const client = asana.ApiClient.instance;
        client.authentications["token"].accessToken = "«asana»";

        const clickup = axios.create({
          baseURL: "https://api.clickup.com/api/v2",
          headers: { Authorization: "«cu»" },
        });

        module.exports = { client, clickup };
        """, S(asana, "asana", "personal-access-token"), S(cu, "clickup", "personal-token"), asana=asana, cu=cu)

    a0 = r(URLSAFE, 64)
    put("saas/auth0/main.tf", """
        provider "auth0" {
          domain        = "acme.eu.auth0.com"
          client_id     = "«cid»"
          client_secret = "«a0»"
        }

        resource "auth0_client" "spa" {
          name     = "Storefront"
          app_type = "spa"
          callbacks = ["https://shop.acme.dev/callback"]
        }
        """, S(a0, "auth0", "client-secret"), a0=a0, cid=r(ALNUM, 32))

    sfat, sfrt = "00D" + r(ALNUM, 12) + "!" + r(ALNUM + ".", 96), "5Aep861" + r(ALNUM + ".", 80)
    put("saas/salesforce/.sfdx/auth.json", json.dumps({
        "orgId": "00D" + r(ALNUM, 15), "accessToken": sfat, "refreshToken": sfrt,
        "instanceUrl": "https://acme.my.salesforce.com", "loginUrl": "https://login.salesforce.com",
        "username": "integration@acme.dev", "clientId": "PlatformCLI"}, indent=2),
        S(sfat, "salesforce", "access-token"), S(sfrt, "salesforce", "refresh-token"))

    dbx = "sl.u." + r(URLSAFE, 140)
    put("saas/dropbox/backup.py", '''
        import dropbox

        dbx = dropbox.Dropbox("«dbx»")

        def upload(path, data):
            dbx.files_upload(data, path, mode=dropbox.files.WriteMode.overwrite)
        ''', S(dbx, "dropbox", "access-token"), dbx=dbx)

    tt, fg = "ATTA" + hexs(64) + hexs(8).upper(), "figd_" + r(URLSAFE, 40)
    put("saas/design/.env", """
        TRELLO_API_KEY=«tk»
        TRELLO_TOKEN=«tt»
        FIGMA_ACCESS_TOKEN=«fg»
        FIGMA_FILE_KEY=«fk»
        """, S(tt, "trello", "token"), S(fg, "figma", "personal-access-token"), tt=tt, fg=fg, tk=hexs(32),
        fk=r(ALNUM, 22))

    cfp = "CFPAT-" + r(URLSAFE, 43)
    put("saas/contentful/migrate.sh", """
        #!/bin/sh
        contentful space migration \\
          --space-id «space» \\
          --environment-id master \\
          --management-token «cfp» \\
          migrations/0007-add-hero.js
        """, S(cfp, "contentful", "management-token"), cfp=cfp, space=r(LALNUM, 12))

    tf, alg, algs = "tfp_" + r(URLSAFE, 44) + "_" + r(URLSAFE, 14), hexs(32), hexs(32)
    put("saas/forms/config.rb", """
        Typeform.configure do |c|
          c.token = "«tf»"
        end

        ALGOLIA_APP_ID = "«app»"
        ALGOLIA_ADMIN_KEY = "«alg»"
        ALGOLIA_SEARCH_ONLY_KEY = "«algs»"
        """, S(tf, "typeform", "personal-access-token"), S(alg, "algolia", "admin-api-key"), tf=tf, alg=alg, algs=algs,
        app=r(UALNUM, 10))

    mbx = "sk.eyJ1IjoiYWNtZSIsImEiOiJ" + r(ALNUM, 22) + "." + r(URLSAFE, 22)
    put("saas/mapbox/upload-tiles.sh", """
        #!/bin/bash
        export MAPBOX_ACCESS_TOKEN=«mbx»
        tilesets upload-source acme parcels parcels.geojson.ld
        tilesets publish acme.parcels
        """, S(mbx, "mapbox", "secret-token"), mbx=mbx)

    ld, mob = "sdk-" + uuid4(), "mob-" + uuid4()
    put("saas/launchdarkly/flags.go", """
        package flags

        import (
        \t"time"

        \tld "github.com/launchdarkly/go-server-sdk/v7"
        )

        const sdkKey = "«ld»"

        // mobile key is shipped inside the apps
        const MobileKey = "«mob»"

        func New() (*ld.LDClient, error) {
        \treturn ld.MakeClient(sdkKey, 5*time.Second)
        }
        """, S(ld, "launchdarkly", "server-sdk-key"), ld=ld, mob=mob)

    zd, pd, mp, amp = r(ALNUM, 40), hexs(40), hexs(32), hexs(32)
    put("saas/crm/support.env", """
        ZENDESK_SUBDOMAIN=acme
        ZENDESK_EMAIL=support-bot@acme.dev
        ZENDESK_API_TOKEN=«zd»
        PIPEDRIVE_API_TOKEN=«pd»
        MIXPANEL_API_SECRET=«mp»
        AMPLITUDE_SECRET_KEY=«amp»
        """, S(zd, "zendesk", "api-token"), S(pd, "pipedrive", "api-token"), S(mp, "mixpanel", "api-secret"),
        S(amp, "amplitude", "secret-key"), zd=zd, pd=pd, mp=mp, amp=amp)

    cld = r(URLSAFE, 27)
    put("saas/media/settings.py", '''
        import cloudinary

        CLOUDINARY_URL = "cloudinary://«key»:«cld»@acme-media"
        cloudinary.config(secure=True)
        ''', S(cld, "cloudinary", "api-secret"), cld=cld, key=digits(15))

    tw = r(LALNUM, 30)
    put("saas/streaming/.env", """
        TWITCH_CLIENT_ID=«twid»
        TWITCH_CLIENT_SECRET=«tw»
        TWITCH_CHANNEL=acme_live
        """, S(tw, "twitch", "client-secret"), tw=tw, twid=r(LALNUM, 30))

    san, rdme = "sk" + r(ALNUM, 180), "rdme_" + r(LALNUM, 70)
    put("saas/docs-site/deploy.yml", """
        name: docs
        on:
          push:
            branches: [main]
        jobs:
          publish:
            runs-on: ubuntu-latest
            env:
              SANITY_AUTH_TOKEN: «san»
            steps:
              - uses: actions/checkout@«sha»
              - run: npx sanity deploy
              - run: npx rdme openapi openapi.yaml --key=«rdme» --id=«id»
        """, S(san, "sanity", "api-token"), S(rdme, "readme", "api-key"), san=san, rdme=rdme, sha=hexs(40), id=hexs(24))

    box, ds = r(ALNUM, 32), uuid4()
    put("saas/documents/app.cfg", """
        [box]
        client_id = «bid»
        client_secret = «box»
        enterprise_id = «eid»

        [docusign]
        integration_key = «ik»
        secret_key = «ds»
        account_id = «aid»
        """, S(box, "box", "client-secret"), S(ds, "docusign", "secret-key"), box=box, ds=ds, bid=r(LALNUM, 32),
        eid=digits(9), ik=uuid4(), aid=uuid4())

    clerk, clerk_pk = "sk_live_" + r(ALNUM, 40), "pk_live_" + bs("clerk.acme.dev$").rstrip("=")
    sty = "secret-live-" + r(URLSAFE, 36)
    put("saas/auth/.env.local", """
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=«clerk_pk»
        CLERK_SECRET_KEY=«clerk»
        STYTCH_PROJECT_ID=project-live-«proj»
        STYTCH_SECRET=«sty»
        """, S(clerk, "clerk", "secret-key"), S(sty, "stytch", "secret"), clerk=clerk, clerk_pk=clerk_pk, sty=sty,
        proj=uuid4())

    # ---- negatives
    put("saas/web/map.html", """
        <div id="map"></div>
        <script>
          mapboxgl.accessToken = "pk.eyJ1IjoiYWNtZSIsImEiOiJ«pk1»«pk2»";
          const search = algoliasearch("«app»", "«srch»");
          posthog.init("phc_«ph»", { api_host: "https://eu.i.posthog.com" });
          const ldClient = LDClient.initialize("«ldc»", { key: "anonymous" });
        </script>
        """, pk1=r(ALNUM, 22), pk2="." + r(URLSAFE, 22), app=r(UALNUM, 10), srch=hexs(32), ph=r(ALNUM, 43), ldc=hexs(24))

    put("saas/docs/integrations.md", """
        # Integrations

        | service | variable | format |
        |---|---|---|
        | Linear | `LINEAR_API_KEY` | `lin_api_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX` |
        | Notion | `NOTION_TOKEN` | `ntn_****` (create one under *My integrations*) |
        | HubSpot | `HUBSPOT_TOKEN` | `pat-na1-00000000-0000-0000-0000-000000000000` |
        | Okta | `OKTA_API_TOKEN` | `{apiToken}` |
        | Shopify | `SHOPIFY_ADMIN_ACCESS_TOKEN` | `shpat_` + 32 hex |
        """)

    put("saas/exports/notion-pages.json", json.dumps({"results": [
        {"object": "page", "id": uuid4(), "parent": {"database_id": uuid4()}, "url": "https://www.notion.so/Roadmap-" + hexs(32),
         "last_edited_by": {"id": uuid4()}} for _ in range(3)], "next_cursor": uuid4()}, indent=2))

    put("saas/tests/fixtures/hubspot_contact.json", json.dumps({
        "id": digits(11), "properties": {"email": "jane@example.org", "hs_object_id": digits(11),
                                         "hs_email_hash": hexs(64), "lifecyclestage": "lead"},
        "createdAt": "2024-01-02T03:04:05.678Z", "archived": False, "etag": hexs(40)}, indent=2))

    put("saas/okta/okta.example.yaml", """
        okta:
          client:
            orgUrl: "https://{yourOktaDomain}"
            token: "{apiToken}"
        """)


# ============================================================================= vcs
def gen_vcs():
    gho = T.gho()
    put("vcs/home/.config/gh/hosts.yml", """
        github.com:
            user: jdoe-acme
            oauth_token: «gho»
            git_protocol: https
        """, S(gho, "github", "oauth-token"), gho=gho)

    ghp = T.ghp()
    put("vcs/scripts/release.sh", """
        #!/usr/bin/env bash
        set -euo pipefail
        VERSION="$1"
        export GITHUB_TOKEN=«ghp»
        git tag -a "v$VERSION" -m "release v$VERSION"
        git push origin "v$VERSION"
        gh release create "v$VERSION" dist/*.tar.gz --generate-notes
        """, S(ghp, "github", "personal-access-token"), ghp=ghp)

    gl, gldt = T.glpat(), "gldt-" + r(URLSAFE, 20)
    put("vcs/tools/gitlab_mirror.py", '''
        import gitlab

        GITLAB_URL = "https://gitlab.com"
        PRIVATE_TOKEN = "«gl»"
        DEPLOY_TOKEN_USER = "gitlab+deploy-token-«n»"
        DEPLOY_TOKEN = "«gldt»"

        gl = gitlab.Gitlab(GITLAB_URL, private_token=PRIVATE_TOKEN)
        project = gl.projects.get("acme/platform/api")
        for mr in project.mergerequests.list(state="opened", iterator=True):
            print(mr.iid, mr.title, mr.sha)
        ''', S(gl, "gitlab", "personal-access-token"), S(gldt, "gitlab", "deploy-token"), gl=gl, gldt=gldt,
        n=digits(7))

    glrt, grt = "glrt-t1_" + r(URLSAFE, 27), "GR1348941" + r(URLSAFE, 20)
    put("vcs/runner/config.toml", """
        concurrent = 4
        check_interval = 0

        [[runners]]
          name = "docker-runner-01"
          url = "https://gitlab.com/"
          id = «id»
          token = "«glrt»"
          executor = "docker"
          [runners.docker]
            image = "alpine:3.20"
            privileged = false
            volumes = ["/cache"]
        """, S(glrt, "gitlab", "runner-authentication-token"), glrt=glrt, id=digits(8))
    put("vcs/runner/register.sh", """
        #!/bin/sh
        gitlab-runner register --non-interactive \\
          --url https://gitlab.acme.dev/ \\
          --registration-token «grt» \\
          --executor docker --docker-image alpine:3.20 \\
          --description shell-runner-02
        """, S(grt, "gitlab", "runner-registration-token"), grt=grt)

    app = RSAKey(2048)
    apem = app.pkcs1_pem()
    put("vcs/github-app/acme-bot.2024-03-01.private-key.pem", apem, S(apem, "github", "app-private-key"))
    whs_, cs_ = r(ALNUM, 40), hexs(40)
    put("vcs/github-app/.env", """
        GITHUB_APP_ID=«aid»
        GITHUB_APP_PRIVATE_KEY_PATH=./acme-bot.2024-03-01.private-key.pem
        GITHUB_APP_WEBHOOK_SECRET=«whs»
        GITHUB_APP_CLIENT_ID=Iv1.«cid»
        GITHUB_APP_CLIENT_SECRET=«cs»
        """, S(whs_, "github", "app-webhook-secret"), S(cs_, "github", "oauth-client-secret"),
        aid=digits(6), whs=whs_, cid=hexs(16), cs=cs_)

    atbb = "ATBB" + r(ALNUM, 32) + hexs(8).upper()
    put("vcs/bitbucket/clone-all.sh", """
        #!/bin/bash
        BB_USER=jdoe
        BB_APP_PASSWORD=«atbb»
        for repo in api web infra; do
          git clone "https://${BB_USER}:${BB_APP_PASSWORD}@bitbucket.org/acme/${repo}.git"
        done
        """, S(atbb, "bitbucket", "app-password"), atbb=atbb)

    azp = r("abcdefghijklmnopqrstuvwxyz234567", 52)
    put("vcs/azure/az-repos.sh", """
        #!/bin/bash
        export AZURE_DEVOPS_EXT_PAT=«azp»
        az devops configure --defaults organization=https://dev.azure.com/acme project=Platform
        az repos list --output table
        """, S(azp, "azure-devops", "personal-access-token"), azp=azp)

    gtjwt, gtok = r(URLSAFE, 43), hexs(40)
    put("vcs/gitea/app.ini", """
        APP_NAME = Acme Git
        RUN_MODE = prod

        [server]
        DOMAIN = git.acme.dev
        ROOT_URL = https://git.acme.dev/

        [security]
        INSTALL_LOCK = true
        INTERNAL_TOKEN = «itok»

        [oauth2]
        JWT_SECRET = «gtjwt»
        """, S(itok := jwt({"nbf": 1700000000}), "gitea", "internal-token"), S(gtjwt, "gitea", "jwt-secret"),
        itok=itok, gtjwt=gtjwt)
    put("vcs/gitea/tea-config.yml", """
        logins:
          - name: acme
            url: https://git.acme.dev
            token: «gtok»
            default: true
            user: jdoe
        """, S(gtok, "gitea", "access-token"), gtok=gtok)

    gl2 = T.glpat()
    put("vcs/home/.gitconfig", """
        [user]
            name = Jane Doe
            email = jane@acme.dev
        [url "https://oauth2:«gl2»@gitlab.com/"]
            insteadOf = https://gitlab.com/
        [pull]
            rebase = true
        """, S(gl2, "gitlab", "personal-access-token"), gl2=gl2)

    fg = T.github_pat()
    put("vcs/home/.netrc", """
        machine github.com
        login jdoe-acme
        password «fg»
        """, S(fg, "github", "fine-grained-pat"), fg=fg)

    ghu = T.ghu()
    put("vcs/terraform/github.tf", """
        provider "github" {
          owner = "acme"
          token = "«ghu»"
        }

        resource "github_repository" "svc" {
          name       = "svc-payments"
          visibility = "private"
        }
        """, S(ghu, "github", "user-to-server-token"), ghu=ghu)

    ghs, gl3 = T.ghs(), T.glpat()
    put("vcs/.bash_history", """
        cd ~/work
        git clone https://x-access-token:«ghs»@github.com/acme/infra.git
        cd infra
        git remote set-url origin https://jdoe:«gl3»@gitlab.com/acme/infra.git
        git fetch --all
        git log --oneline -5
        """, S(ghs, "github", "installation-token"), S(gl3, "gitlab", "personal-access-token"), ghs=ghs, gl3=gl3)

    glptt, gloas = "glptt-" + hexs(40), "gloas-" + hexs(64)
    put("vcs/gitlab/trigger.sh", """
        #!/bin/sh
        curl -X POST --fail \\
          -F token=«glptt» \\
          -F ref=main \\
          https://gitlab.com/api/v4/projects/«pid»/trigger/pipeline
        """, S(glptt, "gitlab", "pipeline-trigger-token"), glptt=glptt, pid=digits(8))
    put("vcs/gitlab/omniauth.rb", """
        Rails.application.config.middleware.use OmniAuth::Builder do
          provider :gitlab, "«appid»", "«gloas»",
                   client_options: { site: "https://gitlab.com/api/v4" },
                   scope: "read_user"
        end
        """, S(gloas, "gitlab", "oauth-application-secret"), gloas=gloas, appid=hexs(64))

    # ---- negatives
    put("vcs/repo/.git/config", """
        [core]
        \trepositoryformatversion = 0
        \tfilemode = true
        \tbare = false
        [remote "origin"]
        \turl = https://github.com/acme/platform.git
        \tfetch = +refs/heads/*:refs/remotes/origin/*
        [branch "main"]
        \tremote = origin
        \tmerge = refs/heads/main
        """)
    put("vcs/repo/.github/workflows/ci.yml", """
        name: ci
        on: [push, pull_request]
        permissions:
          contents: read
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@«s1» # v4.1.7
              - uses: actions/setup-node@«s2» # v4.0.3
                with:
                  node-version: 20
                  cache: npm
              - run: npm ci && npm test
              - uses: actions/upload-artifact@«s3»
                with:
                  name: coverage
                  path: coverage/
              - run: gh pr comment ${{ github.event.number }} --body "ok"
                env:
                  GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}
        """, s1=hexs(40), s2=hexs(40), s3=hexs(40))
    put("vcs/repo/CHANGELOG.md", """
        # Changelog

        ## 1.5.0 (2024-05-02)
        - Faster startup ([«a»](https://github.com/acme/platform/commit/«afull»))
        - Fix token refresh race (#412, «b»)

        ## 1.4.2 (2024-04-11)
        - Revert «c» (broke the ARM build)
        """, a=(af := hexs(40))[:7], afull=af, b=hexs(12), c=hexs(30))
    put("vcs/repo/git-log.txt", "".join("""
        commit %s
        Author: Jane Doe <jane@acme.dev>
        Date:   Thu May 2 10:%02d:00 2024 +0200

            %s

            Change-Id: I%s
        """ % (hexs(40), i, msg, hexs(40)) for i, msg in enumerate(
        ("Bump deps", "Rotate the signing key reference (no secret in repo)", "Add tracing"))))
    put("vcs/repo/patches/0001-auth-refresh.patch", """
        From «c1» Mon Sep 17 00:00:00 2001
        From: Jane Doe <jane@acme.dev>
        Date: Thu, 2 May 2024 10:00:00 +0200
        Subject: [PATCH] auth: refresh tokens before expiry

        ---
         src/auth.rs | 2 +-
         1 file changed, 1 insertion(+), 1 deletion(-)

        diff --git a/src/auth.rs b/src/auth.rs
        index «i1»..«i2» 100644
        --- a/src/auth.rs
        +++ b/src/auth.rs
        @@ -10,7 +10,7 @@ impl Session {
        -        if self.expires_at < now {
        +        if self.expires_at < now + Duration::from_secs(30) {
        """, c1=hexs(40), i1=hexs(12), i2=hexs(12))
    put("vcs/docs/tokens.md", """
        # Tokens for automation

        * GitHub: a fine-grained token (`github_pat_…`) or a classic one (`ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`).
        * GitLab: `glpat-xxxxxxxxxxxxxxxxxxxx`, scope `read_repository`.
        * Put it in the CI variable `GL_TOKEN`, never in `.gitconfig`.
        """)
    put("vcs/repo/.gitmodules", """
        [submodule "vendor/proto"]
        \tpath = vendor/proto
        \turl = https://github.com/acme/proto.git
        \tbranch = main
        """)


# ============================================================================= observability
def gen_observability():
    dda, ddp = T.datadog_api(), T.datadog_app()
    put("observability/datadog/datadog.yaml", """
        api_key: «dda»
        site: datadoghq.eu
        hostname: web-01
        tags:
          - env:prod
          - team:payments
        logs_enabled: true
        apm_config:
          enabled: true
        """, S(dda, "datadog", "api-key"), dda=dda)
    put("observability/datadog/monitors.tf", """
        provider "datadog" {
          api_key = "«dda2»"
          app_key = "«ddp»"
          api_url = "https://api.datadoghq.eu/"
        }

        resource "datadog_monitor" "p95" {
          name    = "API p95 latency"
          type    = "metric alert"
          query   = "avg(last_5m):p95:trace.http.request{service:api} > 0.5"
          message = "@pagerduty-payments"
        }
        """, S(dda2 := T.datadog_api(), "datadog", "api-key"), S(ddp, "datadog", "application-key"), dda2=dda2, ddp=ddp)

    nrl, nrak, nrii = hexs(36) + "NRAL", "NRAK-" + r(UALNUM, 27), "NRII-" + r(URLSAFE, 32)
    put("observability/newrelic/newrelic.ini", """
        [newrelic]
        license_key = «nrl»
        app_name = checkout (prod)
        monitor_mode = true
        log_level = info
        distributed_tracing.enabled = true
        """, S(nrl, "new-relic", "license-key"), nrl=nrl)
    put("observability/newrelic/.env", """
        NEW_RELIC_ACCOUNT_ID=«acct»
        NEW_RELIC_API_KEY=«nrak»
        NEW_RELIC_INSERT_KEY=«nrii»
        NEW_RELIC_REGION=EU
        """, S(nrak, "new-relic", "user-api-key"), S(nrii, "new-relic", "insights-insert-key"), nrak=nrak, nrii=nrii,
        acct=digits(7))

    glsa = "glsa_" + r(ALNUM, 32) + "_" + hexs(8)
    glc = "glc_" + b64(json.dumps({"o": digits(6), "n": "stack-%s-alloy" % digits(6), "k": r(ALNUM, 24),
                                   "m": {"r": "prod-eu-west-2"}}, separators=(",", ":")).encode())
    put("observability/grafana/main.tf", """
        provider "grafana" {
          url  = "https://acme.grafana.net/"
          auth = "«glsa»"
        }

        resource "grafana_folder" "platform" {
          title = "Platform"
        }
        """, S(glsa, "grafana", "service-account-token"), glsa=glsa)
    put("observability/grafana/config.alloy", """
        prometheus.remote_write "cloud" {
          endpoint {
            url = "https://prometheus-prod-24-prod-eu-west-2.grafana.net/api/prom/push"
            basic_auth {
              username = "«user»"
              password = "«glc»"
            }
          }
        }
        """, S(glc, "grafana", "cloud-access-policy-token"), glc=glc, user=digits(7))

    sntrys = "sntrys_" + b64(json.dumps({"iat": 1700000000.1, "url": "https://sentry.io", "region_url": "https://de.sentry.io",
                                         "org": "acme"}, separators=(",", ":")).encode()).rstrip("=") + "_" + r(URLSAFE, 43)
    sntryu = "sntryu_" + hexs(64)
    put("observability/sentry/.sentryclirc", """
        [defaults]
        url = https://sentry.io/
        org = acme
        project = web

        [auth]
        token = «sntrys»
        """, S(sntrys, "sentry", "org-auth-token"), sntrys=sntrys)
    put("observability/sentry/upload-sourcemaps.sh", """
        #!/bin/sh
        export SENTRY_AUTH_TOKEN=«sntryu»
        npx @sentry/cli sourcemaps inject ./dist
        npx @sentry/cli sourcemaps upload --release "$(git rev-parse HEAD)" ./dist
        """, S(sntryu, "sentry", "user-auth-token"), sntryu=sntryu)
    legacy_dsn_secret = hexs(32)
    put("observability/sentry/legacy_settings.py", '''
        RAVEN_CONFIG = {
            "dsn": "https://«pub»:«sec»@sentry.acme.dev/«pid»",
            "release": "«rel»",
        }
        ''', S(legacy_dsn_secret, "sentry", "dsn-secret-key"), pub=hexs(32), sec=legacy_dsn_secret, pid=digits(2),
        rel=hexs(40))

    hny, dt = "hcaik_01" + r(LALNUM, 56), "dt0c01.%s.%s" % (r(UALNUM, 24), r(UALNUM, 64))
    put("observability/otel/collector.yaml", """
        receivers:
          otlp:
            protocols:
              grpc: {}
        exporters:
          otlphttp/honeycomb:
            endpoint: https://api.eu1.honeycomb.io
            headers:
              x-honeycomb-team: «hny»
          otlphttp/dynatrace:
            endpoint: https://«env».live.dynatrace.com/api/v2/otlp
            headers:
              Authorization: "Api-Token «dt»"
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlphttp/honeycomb, otlphttp/dynatrace]
        """, S(hny, "honeycomb", "ingest-key"), S(dt, "dynatrace", "api-token"), hny=hny, dt=dt, env=r(LALNUM, 8))

    hec = uuid4()
    put("observability/splunk/send-event.sh", """
        #!/bin/bash
        curl -k https://splunk-hec.acme.dev:8088/services/collector/event \\
          -H "Authorization: Splunk «hec»" \\
          -d '{"event": "deploy finished", "sourcetype": "deploy", "index": "ops"}'
        """, S(hec, "splunk", "hec-token"), hec=hec)

    pdk, ogk = hexs(32), uuid4()
    put("observability/alertmanager/alertmanager.yml", """
        route:
          receiver: pagerduty
          group_by: [alertname, service]
        receivers:
          - name: pagerduty
            pagerduty_configs:
              - routing_key: «pdk»
                severity: critical
          - name: opsgenie
            opsgenie_configs:
              - api_key: «ogk»
                api_url: https://api.eu.opsgenie.com/
        inhibit_rules:
          - source_matchers: [severity="critical"]
            target_matchers: [severity="warning"]
            equal: [alertname]
        """, S(pdk, "pagerduty", "integration-key"), S(ogk, "opsgenie", "api-key"), pdk=pdk, ogk=ogk)

    lz, mz, sumo = r(ALNUM, 32), hexs(32), r(URLSAFE, 120) + "=="
    put("observability/logging/fluent-bit.conf", """
        [SERVICE]
            Flush        5
            Log_Level    info

        [OUTPUT]
            Name         logzio
            Match        app.*
            logzio_token «lz»
            logzio_url   https://listener-eu.logz.io:8071

        [OUTPUT]
            Name         http
            Match        audit.*
            Host         logs.mezmo.com
            URI          /logs/ingest?hostname=web-01
            http_User    «mz»

        [OUTPUT]
            Name         http
            Match        sec.*
            Host         endpoint4.collection.sumologic.com
            URI          /receiver/v1/http/«sumo»
        """, S(lz, "logz-io", "shipping-token"), S(mz, "mezmo", "ingestion-key"), S(sumo, "sumo-logic", "http-source-token"),
        lz=lz, mz=mz, sumo=sumo)

    rb = hexs(32)
    put("observability/apps/errors.js", """
        const Rollbar = require("rollbar");

        const rollbar = new Rollbar({
          accessToken: "«rb»", // post_server_item
          captureUncaught: true,
          captureUnhandledRejections: true,
          environment: "production",
        });

        module.exports = rollbar;
        """, S(rb, "rollbar", "server-access-token"), rb=rb)

    ax, bs_tok, cx = "xaat-" + uuid4(), r(ALNUM, 24), "cxtp_" + r(ALNUM, 30)
    put("observability/vector/vector.toml", """
        [sources.app]
        type = "file"
        include = ["/var/log/app/*.log"]

        [sinks.axiom]
        type = "axiom"
        inputs = ["app"]
        dataset = "app-logs"
        token = "«ax»"

        [sinks.betterstack]
        type = "http"
        inputs = ["app"]
        uri = "https://in.logs.betterstack.com/"
        encoding.codec = "json"
        auth.strategy = "bearer"
        auth.token = "«bs_tok»"

        [sinks.coralogix]
        type = "http"
        inputs = ["app"]
        uri = "https://ingress.eu2.coralogix.com/logs/v1/singles"
        request.headers.Authorization = "Bearer «cx»"
        """, S(ax, "axiom", "api-token"), S(bs_tok, "betterstack", "source-token"), S(cx, "coralogix", "send-your-data-key"),
        ax=ax, bs_tok=bs_tok, cx=cx)

    phx, chk, ur = "phx_" + r(ALNUM, 43), "cu_" + hexs(32), "u%s-%s" % (digits(7), hexs(24))
    put("observability/monitoring.env", """
        POSTHOG_HOST=https://eu.posthog.com
        POSTHOG_PERSONAL_API_KEY=«phx»
        CHECKLY_ACCOUNT_ID=«cacct»
        CHECKLY_API_KEY=«chk»
        UPTIMEROBOT_API_KEY=«ur»
        """, S(phx, "posthog", "personal-api-key"), S(chk, "checkly", "api-key"), S(ur, "uptimerobot", "api-key"),
        phx=phx, chk=chk, ur=ur, cacct=uuid4())

    # ---- negatives
    put("observability/grafana/dashboards/api.json", json.dumps({
        "uid": r(ALNUM, 14), "title": "API", "version": 37,
        "panels": [{"id": i, "type": "timeseries", "datasource": {"type": "prometheus", "uid": r(ALNUM, 9)},
                    "targets": [{"expr": 'sum(rate(http_requests_total{job="api"}[5m]))', "refId": "A"}]}
                   for i in range(1, 4)],
        "annotations": {"list": []}, "__inputs": [], "id": None, "hash": hexs(40)}, indent=2))
    put("observability/prometheus/prometheus.yml", """
        global:
          scrape_interval: 30s
        scrape_configs:
          - job_name: kubernetes-pods
            kubernetes_sd_configs:
              - role: pod
            bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
            tls_config:
              ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
          - job_name: api
            static_configs:
              - targets: ["api:9090"]
            basic_auth:
              username: prometheus
              password_file: /etc/prometheus/api-password
        """)
    spans = [{"traceId": hexs(32), "spanId": hexs(16), "parentSpanId": hexs(16), "name": n,
              "attributes": {"http.route": "/v1/orders", "session.id": hexs(30), "deployment.sha": hexs(40)}}
             for n in ("GET /v1/orders", "SELECT orders", "redis GET")]
    put("observability/otel/trace-sample.json", json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": spans}]}]},
                                                           indent=2))
    put("observability/sentry/sentry.properties", """
        defaults.url=https://sentry.io/
        defaults.org=acme
        defaults.project=android
        # public DSN (ingest only)
        dsn=https://«pub»@o«org».ingest.de.sentry.io/«pid»
        auth.token=${SENTRY_AUTH_TOKEN}
        """, pub=hexs(32), org=digits(6), pid=digits(16))
    put("observability/logs/api-2024-05-02.log", "".join(
        "2024-05-02T10:%02d:%02dZ level=info msg=\"request done\" trace_id=%s span_id=%s session=%s status=200 dur=%dms\n" % (
            i, rng.randrange(60), hexs(32), hexs(16), hexs(30), rng.randrange(3, 300)) for i in range(8)))
    put("observability/newrelic/browser-snippet.html", """
        <script type="text/javascript">
        ;window.NREUM||(NREUM={});NREUM.init={distributed_tracing:{enabled:true},privacy:{cookies_enabled:true}};
        ;NREUM.loader_config={accountID:"«acct»",trustKey:"«acct»",agentID:"«agent»",licenseKey:"NRJS-«js»",applicationID:"«agent»"};
        ;NREUM.info={beacon:"bam.eu01.nr-data.net",errorBeacon:"bam.eu01.nr-data.net",licenseKey:"NRJS-«js»",applicationID:"«agent»",sa:1};
        </script>
        """, acct=digits(7), agent=digits(9), js=hexs(19))


# ============================================================================= infrastructure
def gen_infrastructure():
    hvs = "hvs." + r(ALNUM, 24)
    put("infrastructure/home/.vault-token", hvs, S(hvs, "vault", "service-token"))

    unseal = [b64(rbytes(33)) for _ in range(3)]
    root = "hvs." + r(ALNUM, 24)
    put("infrastructure/vault/init-output.txt", """
        Unseal Key 1: «u0»
        Unseal Key 2: «u1»
        Unseal Key 3: «u2»

        Initial Root Token: «root»

        Vault initialized with 3 key shares and a key threshold of 2. Please securely
        distribute the key shares printed above.
        """, *[S(u, "vault", "unseal-key") for u in unseal], S(root, "vault", "root-token"),
        u0=unseal[0], u1=unseal[1], u2=unseal[2], root=root)

    hvsl = "hvs.CAESI" + r(URLSAFE, 86)
    put("infrastructure/vault/agent-debug.log", """
        2024-05-02T10:00:01.120Z [INFO]  agent: (runner) creating new runner (dry: false, once: false)
        2024-05-02T10:00:01.342Z [INFO]  agent.auth.handler: authentication successful, sending token to sinks
        2024-05-02T10:00:01.343Z [DEBUG] agent.sink.file: token written: path=/home/vault/.vault-token token=«hvsl»
        2024-05-02T10:00:01.344Z [INFO]  agent.auth.handler: starting renewal process
        2024-05-02T10:00:01.345Z [INFO]  agent.auth.handler: renewed auth token accessor=«acc»
        """, S(hvsl, "vault", "service-token"), hvsl=hvsl, acc=r(ALNUM, 24))

    tfc = r(ALNUM, 14) + ".atlasv1." + r(ALNUM, 67)
    put("infrastructure/home/.terraform.d/credentials.tfrc.json", """
        {
          "credentials": {
            "app.terraform.io": {
              "token": "«tfc»"
            }
          }
        }
        """, S(tfc, "terraform-cloud", "api-token"), tfc=tfc)

    dpct, dpst = "dp.ct." + r(ALNUM, 43), "dp.st.prd." + r(ALNUM, 43)
    put("infrastructure/home/.doppler/.doppler.yaml", """
        scoped:
            /:
                token: «dpct»
                api-host: https://api.doppler.com
                dashboard-host: https://dashboard.doppler.com
                verify-tls: "true"
            /home/jdoe/src/api:
                enclave.project: api
                enclave.config: dev
        """, S(dpct, "doppler", "cli-token"), dpct=dpct)
    put("infrastructure/compose/docker-compose.prod.yml", """
        services:
          api:
            image: ghcr.io/acme/api@sha256:«dig»
            command: ["doppler", "run", "--", "node", "server.js"]
            environment:
              DOPPLER_TOKEN: «dpst»
            ports: ["8080:8080"]
            restart: unless-stopped
        """, S(dpst, "doppler", "service-token"), dpst=dpst, dig=hexs(64))

    ops = "ops_" + b64(json.dumps({"signInAddress": "acme.1password.com", "userAuth": {"method": "SRPg-4096", "alg": "PBES2g-HS256",
                                                                                         "iterations": 650000, "salt": b64url(rbytes(16))},
                                    "email": "%s@1passwordserviceaccounts.com" % r(LALNUM, 26), "srpX": hexs(64),
                                    "muk": {"alg": "A256GCM", "ext": True, "k": b64url(rbytes(32)), "key_ops": ["encrypt", "decrypt"],
                                            "kty": "oct", "kid": "mp"}, "secretKey": "A3-%s-%s-%s-%s-%s-%s" % (
                                        r(UALNUM, 6), r(UALNUM, 6), r(UALNUM, 5), r(UALNUM, 5), r(UALNUM, 5), r(UALNUM, 5)),
                                    "throttleSecret": {"seed": hexs(64), "deviceUuid": r(LALNUM, 26)},
                                    "deviceUuid": r(LALNUM, 26)}, separators=(",", ":")).encode()).rstrip("=")
    opc = jwt({"1password.com/auuid": r(UALNUM, 26), "1password.com/token": r(URLSAFE, 32), "1password.com/fts": ["vaultaccess"],
               "aud": ["com.1password.connect"], "sub": r(UALNUM, 26), "iat": 1700000000, "iss": "com.1password.b5"},
              alg="ES256")
    put("infrastructure/1password/op.env", """
        OP_SERVICE_ACCOUNT_TOKEN=«ops»
        OP_CONNECT_HOST=http://op-connect:8080
        OP_CONNECT_TOKEN=«opc»
        """, S(ops, "1password", "service-account-token"), S(opc, "1password", "connect-token"), ops=ops, opc=opc)

    tsa, tsapi = "tskey-auth-k%sCNTRL-%s" % (r(ALNUM, 10), r(ALNUM, 33)), "tskey-api-k%sCNTRL-%s" % (r(ALNUM, 10), r(ALNUM, 33))
    put("infrastructure/tailscale/bootstrap.sh", """
        #!/bin/sh
        curl -fsSL https://tailscale.com/install.sh | sh
        tailscale up --authkey=«tsa» --advertise-tags=tag:server --ssh
        curl -s -u "«tsapi»:" https://api.tailscale.com/api/v2/tailnet/-/devices | jq '.devices | length'
        """, S(tsa, "tailscale", "auth-key"), S(tsapi, "tailscale", "api-access-token"), tsa=tsa, tsapi=tsapi)

    pul = "pul-" + hexs(40)
    put("infrastructure/pulumi/deploy.sh", """
        #!/bin/bash
        set -e
        export PULUMI_ACCESS_TOKEN=«pul»
        pulumi login
        pulumi stack select acme/infra/prod
        pulumi up --yes --skip-preview
        """, S(pul, "pulumi", "access-token"), pul=pul)

    sa_tok = jwt({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "ci",
                  "kubernetes.io/serviceaccount/secret.name": "deployer-token-%s" % r(LALNUM, 5),
                  "kubernetes.io/serviceaccount/service-account.name": "deployer",
                  "kubernetes.io/serviceaccount/service-account.uid": uuid4(), "sub": "system:serviceaccount:ci:deployer"},
                 alg="RS256", kid=r(URLSAFE, 43))
    put("infrastructure/k8s/kubeconfig-ci.yaml", """
        apiVersion: v1
        kind: Config
        clusters:
          - name: prod
            cluster:
              server: https://«api».gr7.eu-west-1.eks.amazonaws.com
              certificate-authority-data: «ca»
        contexts:
          - name: ci@prod
            context:
              cluster: prod
              user: deployer
        current-context: ci@prod
        users:
          - name: deployer
            user:
              token: «sa_tok»
        """, S(sa_tok, "kubernetes", "service-account-token"), sa_tok=sa_tok, api=hexs(32).upper(),
        ca=b64(b"-----BEGIN CERTIFICATE-----\n" + b64(rbytes(90)).encode() + b"\n-----END CERTIFICATE-----\n"))

    kj = "%s.%s" % (r(LALNUM, 6), r(LALNUM, 16))
    swarm = "SWMTKN-1-%s-%s" % (r(LALNUM, 50), r(LALNUM, 25))
    put("infrastructure/cluster/join-nodes.sh", """
        #!/bin/bash
        # run on each new worker
        kubeadm join 10.0.0.10:6443 --token «kj» \\
            --discovery-token-ca-cert-hash sha256:«hash»

        # legacy swarm nodes
        docker swarm join --token «swarm» 10.0.1.2:2377
        """, S(kj, "kubernetes", "bootstrap-token"), S(swarm, "docker-swarm", "join-token"), kj=kj, swarm=swarm,
        hash=hexs(64))

    cft = b64(json.dumps({"a": hexs(32), "t": uuid4(), "s": b64(rbytes(32))}, separators=(",", ":")).encode())
    ngr = digits(1) + r(ALNUM, 26) + "_" + r(ALNUM, 21)
    put("infrastructure/tunnels/docker-compose.yml", """
        services:
          cloudflared:
            image: cloudflare/cloudflared:2024.6.1
            command: tunnel --no-autoupdate run
            environment:
              - TUNNEL_TOKEN=«cft»
          ngrok:
            image: ngrok/ngrok:3
            command: http web:8080
            environment:
              NGROK_AUTHTOKEN: «ngr»
        """, S(cft, "cloudflare", "tunnel-token"), S(ngr, "ngrok", "authtoken"), cft=cft, ngr=ngr)

    ct, nt = uuid4(), uuid4()
    put("infrastructure/hashicorp/env.sh", """
        export CONSUL_HTTP_ADDR=https://consul.acme.dev:8501
        export CONSUL_HTTP_TOKEN=«ct»
        export NOMAD_ADDR=https://nomad.acme.dev:4646
        export NOMAD_TOKEN=«nt»
        """, S(ct, "consul", "acl-token"), S(nt, "nomad", "acl-token"), ct=ct, nt=nt)

    rt = "token-%s:%s" % (r(LALNUM, 5), r(LALNUM, 54))
    put("infrastructure/rancher/cli2.json", json.dumps({"Servers": {"rancherDefault": {
        "accessKey": rt.split(":")[0], "secretKey": rt.split(":")[1], "tokenKey": rt, "url": "https://rancher.acme.dev",
        "project": "c-%s:p-%s" % (r(LALNUM, 5), r(LALNUM, 5)), "cacert": ""}}, "CurrentServer": "rancherDefault"}, indent=1),
        S(rt.split(":")[1], "rancher", "api-secret-key"))

    ptr = "ptr_" + r(ALNUM + "+/", 43) + "="
    put("infrastructure/portainer/redeploy.sh", """
        #!/bin/sh
        curl -s -X PUT "https://portainer.acme.dev/api/stacks/12/git/redeploy?endpointId=2" \\
          -H "X-API-Key: «ptr»" \\
          -H "Content-Type: application/json" \\
          -d '{"pullImage": true, "prune": true}'
        """, S(ptr, "portainer", "access-token"), ptr=ptr)

    pve = uuid4()
    put("infrastructure/proxmox/provider.tf", """
        provider "proxmox" {
          pm_api_url          = "https://pve01.lab.acme.dev:8006/api2/json"
          pm_api_token_id     = "terraform@pve!provider"
          pm_api_token_secret = "«pve»"
          pm_tls_insecure     = true
        }
        """, S(pve, "proxmox", "api-token-secret"), pve=pve)

    inf, infcs = "st.%s.%s.%s" % (uuid4(), hexs(32), hexs(32)), hexs(64)
    put("infrastructure/infisical/.env", """
        INFISICAL_TOKEN=«inf»
        INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=«cid»
        INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=«infcs»
        """, S(inf, "infisical", "service-token"), S(infcs, "infisical", "client-secret"), inf=inf, infcs=infcs,
        cid=uuid4())

    asp, abp = pw(16), pw(16)
    put("infrastructure/ansible/inventory.ini", """
        [web]
        web01.acme.dev
        web02.acme.dev

        [db]
        db01.acme.dev ansible_user=admin ansible_ssh_pass=«asp» ansible_become_pass=«abp»

        [all:vars]
        ansible_python_interpreter=/usr/bin/python3
        """, S(asp, "ansible", "ssh-password"), S(abp, "ansible", "become-password"), asp=asp, abp=abp)

    nb, hcp = hexs(40), r(ALNUM + "-_", 64)
    put("infrastructure/netbox/sync.env", """
        NETBOX_URL=https://netbox.acme.dev
        NETBOX_TOKEN=«nb»
        HCP_CLIENT_ID=«hcid»
        HCP_CLIENT_SECRET=«hcp»
        """, S(nb, "netbox", "api-token"), S(hcp, "hcp", "client-secret"), nb=nb, hcp=hcp, hcid=r(ALNUM, 32))

    # ---- negatives
    put("infrastructure/k8s/sealed-secret.yaml", """
        apiVersion: bitnami.com/v1alpha1
        kind: SealedSecret
        metadata:
          name: api-secrets
          namespace: prod
        spec:
          encryptedData:
            DATABASE_URL: «e1»
            STRIPE_SECRET_KEY: «e2»
          template:
            type: Opaque
        """, e1="AgB" + r(B64, 600) + "==", e2="AgC" + r(B64, 400) + "=")
    put("infrastructure/k8s/external-secret.yaml", """
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata:
          name: api
        spec:
          refreshInterval: 1h
          secretStoreRef:
            name: vault-backend
            kind: ClusterSecretStore
          target:
            name: api-secrets
          data:
            - secretKey: DATABASE_URL
              remoteRef:
                key: secret/data/api
                property: database_url
        """)
    put("infrastructure/vault/agent.hcl", """
        auto_auth {
          method "kubernetes" {
            config = {
              role = "api"
            }
          }
          sink "file" {
            config = {
              path = "/home/vault/.vault-token"
            }
          }
        }

        template {
          source      = "/etc/vault/templates/db.ctmpl"
          destination = "/etc/app/db.env"
        }
        """)
    put("infrastructure/helm/values.yaml", """
        image:
          repository: ghcr.io/acme/api
          digest: sha256:«dig»
        auth:
          existingSecret: api-secrets
          token: "{{ .Values.global.apiToken }}"
        tailscale:
          authKey: ""   # set with --set tailscale.authKey=$TS_AUTHKEY
        podAnnotations:
          checksum/secret: «chk»
        """, dig=hexs(64), chk=hexs(64))
    put("infrastructure/docs/runbook.md", """
        # Runbook: rotating infrastructure tokens

        1. `vault token create -policy=ci -ttl=24h` prints something like:

           ```
           Key                  Value
           ---                  -----
           token                hvs.XXXXXXXXXXXXXXXXXXXXXXXX
           token_accessor       «acc»
           token_duration       24h
           ```

        2. Tailscale auth keys (`tskey-auth-…`) are created in the admin console; paste into the CI
           variable `TS_AUTHKEY`, never into this repo.
        3. The CA hash for `kubeadm join` is public: sha256:«hash».
        """, acc=r(ALNUM, 24), hash=hexs(64))


# ============================================================================= ci-cd
def gen_cicd():
    npm, sh = T.npm(), T.slack_hook()
    ai, sk = T.aws_id(), T.aws_secret()
    put("ci-cd/.github/workflows/publish.yml", """
        name: publish
        on:
          push:
            tags: ["v*"]
        jobs:
          publish:
            runs-on: ubuntu-latest
            env:
              AWS_ACCESS_KEY_ID: «ai»
              AWS_SECRET_ACCESS_KEY: «sk»
              SLACK_WEBHOOK_URL: «sh»
            steps:
              - uses: actions/checkout@«s1»
              - uses: actions/setup-node@«s2»
                with:
                  node-version: 20
                  registry-url: https://registry.npmjs.org
              - run: echo "//registry.npmjs.org/:_authToken=«npm»" > ~/.npmrc
              - run: npm publish --access public
              - run: aws s3 cp dist/ s3://acme-cdn/sdk/ --recursive
              - run: 'curl -X POST -H "Content-type: application/json" --data "{\\"text\\":\\"published\\"}" $SLACK_WEBHOOK_URL'
        """, S(ai, "aws", "access-key-id"), S(sk, "aws", "secret-access-key"), S(sh, "slack", "incoming-webhook"),
        S(npm, "npm", "access-token"), ai=ai, sk=sk, sh=sh, npm=npm, s1=hexs(40), s2=hexs(40))

    squ, cov = "squ_" + hexs(40), uuid4()
    put("ci-cd/.gitlab-ci.yml", """
        stages: [test, scan, deploy]

        variables:
          SONAR_HOST_URL: https://sonarcloud.io
          SONAR_TOKEN: «squ»
          CODECOV_TOKEN: «cov»
          DOCKER_DRIVER: overlay2

        test:
          stage: test
          image: python:3.12
          script:
            - pip install -r requirements-dev.txt
            - pytest --cov=app --cov-report=xml
            - curl -Os https://cli.codecov.io/latest/linux/codecov && chmod +x codecov
            - ./codecov upload-process -t $CODECOV_TOKEN

        sonar:
          stage: scan
          image: sonarsource/sonar-scanner-cli:latest
          script: sonar-scanner -Dsonar.projectKey=acme_api
        """, S(squ, "sonarqube", "user-token"), S(cov, "codecov", "upload-token"), squ=squ, cov=cov)

    bka, bkua = r(LALNUM, 50), "bkua_" + hexs(40)
    put("ci-cd/buildkite/buildkite-agent.cfg", """
        name="%hostname-%spawn"
        token="«bka»"
        tags="queue=default,os=linux"
        build-path="/var/lib/buildkite-agent/builds"
        hooks-path="/etc/buildkite-agent/hooks"
        """, S(bka, "buildkite", "agent-token"), bka=bka)
    put("ci-cd/buildkite/rebuild-failed.py", '''
        import requests

        TOKEN = "«bkua»"
        ORG = "acme"

        def failed_builds(pipeline):
            r = requests.get(f"https://api.buildkite.com/v2/organizations/{ORG}/pipelines/{pipeline}/builds",
                             params={"state": "failed"}, headers={"Authorization": f"Bearer {TOKEN}"})
            r.raise_for_status()
            return r.json()
        ''', S(bkua, "buildkite", "api-access-token"), bkua=bkua)

    cci = "CCIPAT_" + r(ALNUM, 22) + "_" + hexs(40)
    put("ci-cd/.circleci/config.yml", """
        version: 2.1
        orbs:
          node: circleci/node@5.2.0
        jobs:
          trigger-downstream:
            docker:
              - image: cimg/base:2024.05
            environment:
              CIRCLE_TOKEN: «cci»
            steps:
              - run: |
                  curl -X POST https://circleci.com/api/v2/project/gh/acme/e2e/pipeline \\
                    -H "Circle-Token: $CIRCLE_TOKEN" -H "Content-Type: application/json" \\
                    -d '{"branch":"main"}'
        workflows:
          main:
            jobs: [trigger-downstream]
        """, S(cci, "circleci", "personal-api-token"), cci=cci)

    sqp, jt = "sqp_" + hexs(40), "11" + hexs(32)
    put("ci-cd/jenkins/Jenkinsfile", """
        pipeline {
          agent { label 'linux' }
          environment {
            SONAR_TOKEN = 'sqp_«sqph»'
          }
          stages {
            stage('Build') {
              steps { sh './gradlew build' }
            }
            stage('Scan') {
              steps { sh './gradlew sonar -Dsonar.token=$SONAR_TOKEN' }
            }
            stage('Trigger deploy') {
              steps {
                sh "curl -X POST -u ci-bot:«jt» https://jenkins.acme.dev/job/deploy/buildWithParameters?TAG=${env.GIT_COMMIT}"
              }
            }
          }
        }
        """, S(sqp, "sonarqube", "project-token"), S(jt, "jenkins", "api-token"), sqph=sqp[4:], jt=jt)

    snyk = uuid4()
    put("ci-cd/azure-pipelines.yml", """
        trigger:
          branches:
            include: [main]
        pool:
          vmImage: ubuntu-latest
        variables:
          - name: SNYK_TOKEN
            value: «snyk»
          - group: prod-secrets
        steps:
          - script: npm ci
          - script: npx snyk test --severity-threshold=high
            env:
              SNYK_TOKEN: $(SNYK_TOKEN)
          - script: az pipelines runs list --top 5
            env:
              AZURE_DEVOPS_EXT_PAT: $(System.AccessToken)
        """, S(snyk, "snyk", "api-token"), snyk=snyk)

    ghp, hk = T.ghp(), uuid4()
    put("ci-cd/.travis.yml", """
        language: node_js
        node_js: [20]
        script: npm test
        deploy:
          - provider: releases
            api_key: «ghp»
            file_glob: true
            file: dist/*
            on:
              tags: true
          - provider: heroku
            api_key: «hk»
            app: acme-staging
        """, S(ghp, "github", "personal-access-token"), S(hk, "heroku", "api-key"), ghp=ghp, hk=hk)

    dk = T.dckr()
    put("ci-cd/.drone.yml", """
        kind: pipeline
        type: docker
        name: default

        steps:
          - name: publish
            image: plugins/docker
            settings:
              repo: acme/worker
              username: acmebuild
              password: «dk»
              tags: [latest, "${DRONE_COMMIT_SHA:0:8}"]
        """, S(dk, "docker-hub", "personal-access-token"), dk=dk)

    tc = "eyJ0eXAiOiAiVENWMiJ9." + r(URLSAFE, 36) + "." + r(URLSAFE, 48)
    put("ci-cd/teamcity/trigger.kts", """
        import java.net.URI
        import java.net.http.HttpClient
        import java.net.http.HttpRequest

        val token = "«tc»"
        val req = HttpRequest.newBuilder(URI("https://teamcity.acme.dev/app/rest/buildQueue"))
            .header("Authorization", "Bearer $token")
            .header("Content-Type", "application/xml")
            .POST(HttpRequest.BodyPublishers.ofString("<build><buildType id=\\"Api_Release\\"/></build>"))
            .build()
        HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString())
        """, S(tc, "teamcity", "access-token"), tc=tc)

    octo = "API-" + r(UALNUM, 30)
    put("ci-cd/octopus/create-release.ps1", """
        $OctopusUrl = "https://deploy.acme.dev"
        $ApiKey = "«octo»"
        $Headers = @{ "X-Octopus-ApiKey" = $ApiKey }
        $Body = @{ ProjectId = "Projects-42"; Version = $env:BUILD_NUMBER } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$OctopusUrl/api/Spaces-1/releases" -Headers $Headers -Body $Body
        """, S(octo, "octopus-deploy", "api-key"), octo=octo)

    argo = jwt({"iss": "argocd", "sub": "ci:apiKey", "nbf": 1700000000, "iat": 1700000000, "jti": uuid4()})
    put("ci-cd/argocd/sync.sh", """
        #!/bin/bash
        export ARGOCD_SERVER=argocd.acme.dev
        export ARGOCD_AUTH_TOKEN=«argo»
        argocd app sync api-prod --prune
        argocd app wait api-prod --health --timeout 300
        """, S(argo, "argocd", "api-token"), argo=argo)

    sqa = "sqa_" + hexs(40)
    put("ci-cd/sonar-project.properties", """
        sonar.projectKey=acme_web
        sonar.organization=acme
        sonar.sources=src
        sonar.tests=test
        sonar.javascript.lcov.reportPaths=coverage/lcov.info
        sonar.token=«sqa»
        """, S(sqa, "sonarqube", "global-analysis-token"), sqa=sqa)

    hpat = "pat.%s.%s.%s" % (r(URLSAFE, 22), hexs(24), r(ALNUM, 20))
    put("ci-cd/harness/pipeline-trigger.sh", """
        #!/bin/sh
        curl -X POST "https://app.harness.io/pipeline/api/pipeline/execute/deploy?accountIdentifier=«acct»&orgIdentifier=default&projectIdentifier=api" \\
          -H "x-api-key: «hpat»" \\
          -H "Content-Type: application/yaml" \\
          --data-binary @inputs.yaml
        """, S(hpat, "harness", "personal-access-token"), hpat=hpat, acct=r(URLSAFE, 22))

    # ---- negatives
    put("ci-cd/.github/workflows/release.yml", """
        name: release
        on:
          workflow_dispatch:
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@«s1» # v4
              - uses: actions/cache@«s2»
                with:
                  path: ~/.npm
                  key: npm-${{ hashFiles('**/package-lock.json') }}
              - run: npm ci && npm run build
                env:
                  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
                  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
              - uses: docker/login-action@«s3»
                with:
                  username: ${{ vars.DOCKERHUB_USER }}
                  password: ${{ secrets.DOCKERHUB_TOKEN }}
        """, s1=hexs(40), s2=hexs(40), s3=hexs(40))
    put("ci-cd/templates/.gitlab-ci.base.yml", """
        .docker-login:
          before_script:
            - echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin $CI_REGISTRY
            - 'curl --header "JOB-TOKEN: $CI_JOB_TOKEN" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/packages"'
        variables:
          SONAR_TOKEN: $SONAR_TOKEN   # masked, set in project settings
          GIT_DEPTH: "20"
          CACHE_KEY: "«ck»"
        """, ck=hexs(40))
    put("ci-cd/jenkins/Jenkinsfile.shared", """
        pipeline {
          agent any
          stages {
            stage('Publish') {
              steps {
                withCredentials([string(credentialsId: 'npm-token', variable: 'NPM_TOKEN'),
                                 usernamePassword(credentialsId: 'nexus', usernameVariable: 'U', passwordVariable: 'P')]) {
                  sh 'echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm publish'
                  sh 'curl -u "$U:$P" -T build/app.zip https://nexus.acme.dev/repository/raw/app.zip'
                }
              }
            }
          }
        }
        """)
    put("ci-cd/buildkite/hooks/environment", """
        #!/bin/bash
        set -euo pipefail
        export NPM_TOKEN="$(buildkite-agent secret get npm_token)"
        export DOCKER_PASSWORD="$(aws secretsmanager get-secret-value --secret-id ci/docker --query SecretString --output text)"
        export BUILD_CACHE_KEY="«k»"
        """, k=hexs(64))
    put("ci-cd/.github/dependabot.yml", """
        version: 2
        registries:
          npm-github:
            type: npm-registry
            url: https://npm.pkg.github.com
            token: ${{secrets.DEPENDABOT_PACKAGES_TOKEN}}
        updates:
          - package-ecosystem: npm
            directory: /
            registries: [npm-github]
            schedule:
              interval: weekly
        """)


# ============================================================================= paperspace
def gen_paperspace():
    K = T.paperspace
    P = lambda k, kind="api-key", **kw: S(k, "paperspace", kind, **kw)

    k = K()
    put("paperspace/train/.env", """
        # Paperspace / Gradient training job
        PAPERSPACE_API_KEY=«k»
        PAPERSPACE_PROJECT_ID=pr«proj»
        WANDB_PROJECT=resnet-sweeps
        DATA_DIR=/storage/datasets/imagenet-subset
        """, P(k), k=k, proj=r(LALNUM, 7))

    k1, k2 = K(), K()
    put("paperspace/home/.bash_history", """
        nvidia-smi
        pip install -U paperspace-cli
        pspace login «k1»
        pspace machine list
        pspace deployment list --api-key «k2» --project pr«proj»
        git log -1 --format=%H
        """, P(k1, "api-key-cli-login"), P(k2, "api-key-cli-flag"), k1=k1, k2=k2, proj=r(LALNUM, 7))

    k3, k4 = K(), K()
    put("paperspace/home/.zsh_history", """
        : 1700000000:0;cd ~/projects/diffusion
        : 1700000012:0;gradient apiKey «k3»
        : 1700000045:0;gradient notebooks list
        : 1700000101:0;gradient workflows run --id «wid» --path .gradient/workflow.yaml --apiKey «k4»
        : 1700000160:0;git rev-parse HEAD
        """, P(k3, "api-key-gradient"), P(k4, "api-key-gradient-flag"), k3=k3, k4=k4, wid=uuid4())

    k5, legacy = K(), r(ALNUM, 32)
    put("paperspace/home/.paperspace/config.json", """
        {
          "apiKey": "«k5»",
          "name": "jdoe",
          "team": "te«team»"
        }
        """, P(k5, "cli-config"), k5=k5, team=r(LALNUM, 7))
    put("paperspace/legacy-home/.paperspace/config.json", """
        {"apiKey": "«legacy»", "name": "ml-team", "email": "ml@acme.dev"}
        """, P(legacy, "legacy-api-key"), legacy=legacy)

    k6, k7 = K(), K()
    put("paperspace/home/.paperspace/credentials.toml", """
        [keys]
        acme-ml = "«k6»"
        acme-research = "«k7»"
        """, P(k6, "cli-credentials"), P(k7, "cli-credentials"), k6=k6, k7=k7)

    k8 = K()
    put("paperspace/home/.paperspace/config.toml", """
        version = 1
        team = "acme-ml"
        locale = "en-US"

        [projects]
        default = "pr«proj»"

        # pasted here by mistake during setup
        api_key = "«k8»"
        """, P(k8, "cli-config"), k8=k8, proj=r(LALNUM, 7))

    mk1, mk2, mk3 = K(), K(), K()
    put("paperspace/ml/Makefile", """
        PAPERSPACE_API_KEY ?= «mk1»
        GRADIENT_API_KEY := «mk2»
        PSPACE_FLAGS += --api-key «mk3»
        PROJECT := pr«proj»

        .PHONY: train list
        train:
        \tgradient experiments run singlenode --projectId $(PROJECT) --apiKey $(GRADIENT_API_KEY) --command "python train.py"

        list:
        \tpspace machine list $(PSPACE_FLAGS)
        """, P(mk1, "api-key-makefile"), P(mk2, "api-key-makefile"), P(mk3, "api-key-makefile"), mk1=mk1, mk2=mk2,
        mk3=mk3, proj=r(LALNUM, 7))

    pk = K()
    put("paperspace/win/profile.ps1", """
        # PowerShell profile on the Windows workstation
        Set-Alias ll Get-ChildItem
        $env:PAPERSPACE_API_KEY = "«pk»"
        $env:PAPERSPACE_API_URL = "https://api.paperspace.com/v1"
        """, P(pk, "api-key-powershell"), pk=pk)

    bk = K()
    put("paperspace/win/start-job.bat", """
        @echo off
        set PAPERSPACE_API_KEY=«bk»
        pspace machine start ps«mid»
        """, P(bk, "api-key-windows-set"), crlf=True, bk=bk, mid=r(LALNUM, 7))

    fk = K()
    put("paperspace/home/.config/fish/config.fish", """
        set -x PATH $HOME/.local/bin $PATH
        set -x PAPERSPACE_API_KEY «fk»
        alias gpu 'pspace machine list'
        """, P(fk, "api-key-fish"), fk=fk)

    prk = K()
    put("paperspace/java/src/main/resources/application.properties", """
        spring.application.name=render-farm
        paperspace.api.url=https://api.paperspace.com/v1
        paperspace.apiKey=«prk»
        paperspace.machine.template=t«tpl»
        """, P(prk, "api-key-properties"), prk=prk, tpl=r(LALNUM, 7))

    xk1, xk2 = K(), K()
    put("paperspace/dotnet/RenderFarm.config", """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <paperspace>
            <apiKey>«xk1»</apiKey>
            <region>East Coast (NY2)</region>
          </paperspace>
          <appSettings>
            <add key="PaperspaceApiKey" value="«xk2»" />
            <add key="RenderQueue" value="render-jobs" />
          </appSettings>
        </configuration>
        """, P(xk1, "api-key-xml-element"), P(xk2, "api-key-xml-attribute"), xk1=xk1, xk2=xk2)

    yk = K()
    put("paperspace/ci/gradient-workflow.yaml", """
        # Gradient workflow: nightly fine-tune on Paperspace
        defaults:
          resources:
            instance-type: A4000
          env:
            PAPERSPACE_API_KEY: >-
              «yk»
        jobs:
          train:
            uses: container@v1
            with:
              image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime
              args: ["python", "train.py"]
        """, P(yk, "api-key-yaml-block"), yk=yk)

    sk_ = K()
    put("paperspace/scripts/client.py", '''
        import requests

        # Paperspace API client for the render farm
        PAPERSPACE_API_KEY = ("«a»"
                              "«b»")
        BASE = "https://api.paperspace.com/v1"

        def machines():
            r = requests.get(f"{BASE}/machines", headers={"Authorization": f"Bearer {PAPERSPACE_API_KEY}"})
            r.raise_for_status()
            return r.json()
        ''', P(sk_, "api-key-split", at=sk_[:15]), a=sk_[:15], b=sk_[15:])

    jk = K()
    put("paperspace/web/paperspace.js", """
        const paperspace_node = require("paperspace-node");

        const paperspace = paperspace_node({
          apiKey: "«a»" + "«b»",
        });

        paperspace.machines.list((err, res) => {
          if (err) throw err;
          console.log(res.map((m) => m.name));
        });
        """, P(jk, "api-key-split", at=jk[:12]), a=jk[:12], b=jk[12:])

    ek = K()
    eb = bs(ek)
    put("paperspace/k8s/paperspace-secret.yaml", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: paperspace-credentials
          namespace: ml
        type: Opaque
        data:
          PAPERSPACE_API_KEY: «eb»
        """, P(ek, "api-key-base64", raw=eb, encoding="base64"), eb=eb)

    fk2 = K()
    put("paperspace/deploy/settings.yaml", """
        # Paperspace deployment settings for the inference API
        deployment:
          name: sdxl-inference
          region: East Coast (NY2)
          resources:
            machineType: A100-80G
            replicas: 1
          env:
            LOG_LEVEL: info
          auth:
            api_key: «fk2»
        """, P(fk2, "api-key-far-context"), fk2=fk2)

    ck1, ck2 = K(), K()
    put("paperspace/scripts/machines.sh", """
        #!/bin/bash
        # list and start machines
        curl -s https://api.paperspace.com/v1/machines \\
          -H "Authorization: Bearer «ck1»" | jq '.items[].name'

        curl -s -X POST https://api.paperspace.io/machines/ps«mid»/start \\
          -H "x-api-key: «ck2»"
        """, P(ck1, "api-key-bearer"), P(ck2, "api-key-legacy-header"), ck1=ck1, ck2=ck2, mid=r(LALNUM, 7))

    dk1, dk2 = K(), K()
    put("paperspace/docker/Dockerfile", """
        FROM python:3.11-slim
        RUN pip install --no-cache-dir gradient paperspace
        ARG PAPERSPACE_API_KEY=«dk1»
        ENV PAPERSPACE_API_KEY=$PAPERSPACE_API_KEY
        COPY . /app
        WORKDIR /app
        CMD ["python", "launch.py"]
        """, P(dk1, "api-key-dockerfile"), dk1=dk1)
    put("paperspace/docker/run.sh", """
        #!/bin/sh
        docker run --rm -e PAPERSPACE_API_KEY=«dk2» acme/launcher:latest gradient deployments list
        """, P(dk2, "api-key-docker-run"), dk2=dk2)

    nk = K()
    put("paperspace/notebooks/launch.ipynb", json.dumps({"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["## Launch a Paperspace machine"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["import os\n", "os.environ[\"PAPERSPACE_API_KEY\"] = \"%s\"\n" % nk,
                    "!pspace machine list\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1),
        P(nk, "api-key-notebook"))

    gk = K()
    put("paperspace/ci/.github/workflows/train.yml", """
        name: train
        on: workflow_dispatch
        jobs:
          train:
            runs-on: ubuntu-latest
            env:
              PAPERSPACE_API_KEY: «gk»
            steps:
              - uses: actions/checkout@«sha»
              - run: pip install gradient
              - run: gradient workflows run --id «wid» --path .gradient/train.yaml
        """, P(gk, "api-key-ci"), gk=gk, sha=hexs(40), wid=uuid4())

    # ---- negatives
    put("paperspace/README.md", """
        # Training on Paperspace

        1. Create an API key under Team settings → API keys.
        2. `export PAPERSPACE_API_KEY=<your-api-key>` (or `pspace login` and paste it when asked).
        3. Run `make train`.

        Example configuration (placeholder values):

        ```toml
        [keys]
        my-team = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        ```

        `gradient apiKey XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX` stores the key for the Gradient CLI.
        """)
    put("paperspace/ci/.github/workflows/nightly.yml", """
        name: nightly
        on:
          schedule: [{cron: "0 3 * * *"}]
        jobs:
          run:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@«sha»
              - run: pspace deployment up --api-key "${{ secrets.PAPERSPACE_API_KEY }}"
                env:
                  PAPERSPACE_API_KEY: ${{ secrets.PAPERSPACE_API_KEY }}
        """, sha=hexs(40))
    put("paperspace/tests/test_config.py", '''
        from launcher.config import load

        # obviously fake keys for the parser tests
        ZEROS = "000000000000000000000000000000"
        REPEAT = "deadbeefdeadbeefdeadbeefdeadbe"
        MONOTONE = "0123456789abcdef0123456789abcd"

        def test_placeholder_rejected():
            cfg = load({"PAPERSPACE_API_KEY": "your_paperspace_api_key"})
            assert cfg.api_key is None

        def test_env_reference():
            assert load({"PAPERSPACE_API_KEY": "${PAPERSPACE_API_KEY}"}).api_key is None
        ''')
    put("paperspace/logs/job-«j».log".replace("«j»", "ps" + r(LALNUM, 7)), """
        [2024-05-02 10:00:01] paperspace job started on machine A4000 (NY2)
        [2024-05-02 10:00:02] git checkout «c30»
        [2024-05-02 10:00:05] dataset imagenet-subset version «v32» (md5)
        [2024-05-02 10:00:06] session_id=«sess» trace=«tr»
        [2024-05-02 10:00:09] model revision «sha1»
        [2024-05-02 10:41:12] epoch 10/10 loss=0.1832 acc=0.947
        [2024-05-02 10:41:13] artifacts uploaded, run id «u»
        """, c30=hexs(30), v32=hexs(32), sess=hexs(30), tr=hexs(30), sha1=hexs(40), u=uuid4())
    put("paperspace/home/.paperspace/config.example.toml", """
        version = 1
        team = "acme-ml"

        [projects]
        default = "pr«proj»"
        render = "pr«proj2»"
        """, proj=r(LALNUM, 7), proj2=r(LALNUM, 7))
    put("paperspace/datasets/manifest.json", json.dumps({
        "provider": "paperspace", "dataset": "imagenet-subset",
        "files": [{"path": "train-%03d.tar" % i, "md5": hexs(32), "sha256": hexs(64)} for i in range(3)],
        "version": hexs(40), "id": uuid4()}, indent=2))
    put("paperspace/web/assets/app.css", """
        .gpu-card_«a»{display:flex}
        .badge_«b»{color:#6366f1}
        /* build «h» */
        """, a=hexs(30), b=hexs(8), h=hexs(30))
    put("paperspace/notes/machines.md", """
        # Machines

        | name | id | commit of image |
        |------|----|-----------------|
        | render-01 | ps«m1» | «c1» |
        | render-02 | ps«m2» | «c2» |

        Paperspace keys are 30 hex characters; the ones above are **git commit prefixes**,
        not keys. The API key is in 1Password ("Paperspace ML team").
        """, m1=r(LALNUM, 7), m2=r(LALNUM, 7), c1=hexs(30), c2=hexs(30))


# ============================================================================= encoded
def gcp_service_account(project):
    key = RSAKey(2048)
    pemk = key.pkcs8_pem() + "\n"
    email = "deployer@%s.iam.gserviceaccount.com" % project
    sa = {"type": "service_account", "project_id": project, "private_key_id": hexs(40), "private_key": pemk,
          "client_email": email, "client_id": digits(21), "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token",
          "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
          "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/" + urllib.parse.quote(email),
          "universe_domain": "googleapis.com"}
    return sa, pemk.rstrip("\n")


def gen_encoded():
    dbp, sk, ai, sa = pw(22), T.stripe_sk_short(), T.aws_id(), T.aws_secret()
    put("encoded/k8s/api-secret.yaml", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: api-secrets
          namespace: prod
        type: Opaque
        data:
          DATABASE_USER: «u»
          DATABASE_PASSWORD: «p»
          STRIPE_SECRET_KEY: «s»
          AWS_ACCESS_KEY_ID: «a»
          AWS_SECRET_ACCESS_KEY: «b»
          LOG_LEVEL: «l»
        """, S(dbp, "postgres", "password", raw=bs(dbp), encoding="base64"),
        S(sk, "stripe", "secret-key", raw=bs(sk), encoding="base64"),
        S(ai, "aws", "access-key-id", raw=bs(ai), encoding="base64"),
        S(sa, "aws", "secret-access-key", raw=bs(sa), encoding="base64"),
        u=bs("api"), p=bs(dbp), s=bs(sk), a=bs(ai), b=bs(sa), l=bs("info"))

    dk, gh = T.dckr(), T.ghp()
    a1, a2 = bs("acmebuild:" + dk), bs("jdoe-acme:" + gh)
    put("encoded/home/.docker/config.json", """
        {
        	"auths": {
        		"https://index.docker.io/v1/": {
        			"auth": "«a1»"
        		},
        		"ghcr.io": {
        			"auth": "«a2»"
        		}
        	},
        	"HttpHeaders": {
        		"User-Agent": "Docker-Client/24.0.7 (linux)"
        	}
        }
        """, S(dk, "docker-hub", "personal-access-token", raw=a1, encoding="base64"),
        S(gh, "github", "personal-access-token", raw=a2, encoding="base64"), a1=a1, a2=a2)

    bp1, bp2 = pw(18), pw(20)
    h1, h2 = bs("svc-reports:" + bp1), bs("admin:" + bp2)
    put("encoded/http/reports.http", """
        ### list reports
        GET https://reports.internal.acme.dev/api/v1/reports
        Authorization: Basic «h1»
        Accept: application/json

        ### trigger export
        POST https://export.internal.acme.dev/jobs
        Authorization: Basic «h2»
        Content-Type: application/json

        {"format": "parquet", "since": "2024-05-01"}
        """, S(bp1, "generic", "basic-auth-password", raw=h1, encoding="base64"),
        S(bp2, "generic", "basic-auth-password", raw=h2, encoding="base64"), h1=h1, h2=h2)

    sa_json, pemk = gcp_service_account("acme-prod-%s" % digits(6))
    put("encoded/gcp/acme-prod-deployer.json", json.dumps(sa_json, indent=2),
        S(pemk, "gcp", "service-account-private-key", raw=jstr(pemk), encoding="json-escape"))

    raw_pw = pw(14) + "@:/#" + pw(6)
    enc = urllib.parse.quote(raw_pw, safe="")
    raw_pw2 = pw(12, "%&+") + "!"
    enc2 = urllib.parse.quote(raw_pw2, safe="")
    put("encoded/urls/settings.env", """
        DATABASE_URL=postgresql://billing:«enc»@billing-db.internal:5432/billing
        AMQP_URL=amqps://worker:«enc2»@rabbit.internal:5671/%2F
        CACHE_URL=redis://cache.internal:6379/2
        """, S(raw_pw, "postgres", "password", raw=enc, encoding="percent"),
        S(raw_pw2, "rabbitmq", "password", raw=enc2, encoding="percent"), enc=enc, enc2=enc2)

    ec, _ = ec_p256_pem()
    ckd = bs(ec + "\n")
    put("encoded/k8s/kubeconfig", """
        apiVersion: v1
        kind: Config
        clusters:
          - name: kind-dev
            cluster:
              server: https://127.0.0.1:6443
              certificate-authority-data: «ca»
        users:
          - name: kind-admin
            user:
              client-certificate-data: «cert»
              client-key-data: «ckd»
        contexts:
          - name: kind-dev
            context: {cluster: kind-dev, user: kind-admin}
        current-context: kind-dev
        """, S(ec, "kubernetes", "client-key", raw=ckd, encoding="base64"), ckd=ckd,
        ca=bs(RSAKey(1024).certificate_pem("kubernetes", 0) + "\n"),
        cert=bs(RSAKey(1024).certificate_pem("kubernetes-admin", 1) + "\n"))

    oa = T.openai_proj()
    envb = bs("OPENAI_API_KEY=%s\nMODEL=gpt-4o\n" % oa)
    put("encoded/ci/variables.env", """
        # CI file variables (base64 so the multiline .env survives the UI)
        ENV_FILE_B64=«envb»
        DEPLOY_ENV=production
        """, S(oa, "openai", "project-api-key", raw=envb, encoding="base64"), envb=envb)

    pxp = pw(16)
    pxh = bs("proxyuser:" + pxp)
    put("encoded/logs/egress-proxy.log", """
        10.2.0.14 - - [02/May/2024:10:00:01 +0000] "CONNECT api.stripe.com:443 HTTP/1.1" 200 0 "-" "python-requests/2.31"
        10.2.0.14 - - [02/May/2024:10:00:02 +0000] "GET http://mirror.internal/pypi/simple/ HTTP/1.1" 200 8123 "-" "pip/24.0" "Proxy-Authorization: Basic «pxh»"
        10.2.0.15 - - [02/May/2024:10:00:04 +0000] "CONNECT github.com:443 HTTP/1.1" 200 0 "-" "git/2.43.0"
        """, S(pxp, "generic", "proxy-password", raw=pxh, encoding="base64"), pxh=pxh)

    gh2 = T.ghp()
    put("encoded/js/release-bot.js", """
        // "obfuscated" so the scanner does not see it (it does, after decoding)
        const token = Buffer.from("«b»", "base64").toString();
        const { Octokit } = require("@octokit/rest");
        module.exports = new Octokit({ auth: token });
        """, S(gh2, "github", "personal-access-token", raw=bs(gh2), encoding="base64"), b=bs(gh2))

    slk = T.slack_bot()
    put("encoded/python/notifier.py", '''
        import base64
        from slack_sdk import WebClient

        _T = "«b»"
        client = WebClient(token=base64.b64decode(_T).decode())
        ''', S(slk, "slack", "bot-token", raw=bs(slk), encoding="base64"), b=bs(slk))

    # ---- negatives
    put("encoded/k8s/configmap-binary.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: branding
        binaryData:
          logo.png: «png»
        data:
          settings.json: '{"theme": "dark", "version": "«h»"}'
        """, png=png_b64(6, 6), h=hexs(40))
    put("encoded/http/example.http", """
        ### example from the API docs (placeholder credentials)
        GET https://httpbin.org/basic-auth/user/password
        Authorization: Basic «ph»

        ### using the environment
        GET {{host}}/api/v1/me
        Authorization: Basic {{basicAuth}}
        """, ph=bs("user:password"))
    put("encoded/home/.docker-desktop/config.json", """
        {
          "auths": {
            "https://index.docker.io/v1/": {},
            "ghcr.io": {}
          },
          "credsStore": "desktop",
          "currentContext": "desktop-linux"
        }
        """)
    jk = RSAKey(1024)
    put("encoded/jwt/jwks.json", json.dumps({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": hexs(16),
                                                       "n": b64url(jk.n.to_bytes(128, "big")), "e": "AQAB"}]}, indent=2))
    put("encoded/web/.htpasswd", "admin:$apr1$%s$%s\nops:$2y$05$%s\n" % (r(ALNUM, 8), r(ALNUM + "./", 22), r(ALNUM + "./", 53)))
    cert = RSAKey(1024).certificate_pem("idp.acme.dev", 7)
    body = "".join(cert.split("\n")[1:-1])
    put("encoded/saml/idp-metadata.xml", """
        <EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.acme.dev/saml">
          <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <KeyDescriptor use="signing">
              <KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#">
                <X509Data><X509Certificate>«cert64»</X509Certificate></X509Data>
              </KeyInfo>
            </KeyDescriptor>
            <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.acme.dev/sso"/>
          </IDPSSODescriptor>
        </EntityDescriptor>
        """, cert64=body)


# ============================================================================= multiline
def gen_multiline():
    BR = "-----BEGIN RSA PRIVATE KEY-----"
    BP = "-----BEGIN PRIVATE KEY-----"
    BO = "-----BEGIN OPENSSH PRIVATE KEY-----"
    BE = "-----BEGIN EC PRIVATE KEY-----"

    k1 = RSAKey(2048).pkcs1_pem()
    put("multiline/terraform/bastion.tf", """
        resource "aws_instance" "bastion" {
          ami           = "ami-«ami»"
          instance_type = "t3.micro"
          key_name      = "bastion"

          connection {
            type        = "ssh"
            user        = "ec2-user"
            host        = self.public_ip
            private_key = <<-EOT
        «k1»
            EOT
          }
        }
        """, S(k1, "pem", "rsa-private-key"), ami=hexs(17), k1=k1)

    ssh1, _, _, _ = openssh_ed25519("ansible@deploy")
    put("multiline/ansible/group_vars/all.yml", """
        deploy_user: deploy
        deploy_path: /srv/app
        deploy_ssh_private_key: |
          «k»
        app_release: "«rel»"
        """, S(ssh1, "ssh", "openssh-private-key", at=BO), k=indent(ssh1, 2), rel=hexs(40))

    k3 = RSAKey(2048).pkcs8_pem()
    put("multiline/python/signer.py", '''
        import jwt

        PRIVATE_KEY = """«k3»
        """

        def sign(claims):
            return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256", headers={"kid": "«kid»"})
        ''', S(k3, "pem", "private-key"), k3=k3, kid=hexs(16))

    k4 = RSAKey(2048)
    k4p = k4.pkcs1_pem()
    put("multiline/k8s/tls-secret.yaml", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: api-tls
          namespace: prod
        type: kubernetes.io/tls
        stringData:
          tls.crt: |
            «crt»
          tls.key: |
            «key»
        """, S(k4p, "pem", "rsa-private-key", at=BR), crt=indent(k4.certificate_pem("api.acme.dev", 99), 4),
        key=indent(k4p, 4))

    k5 = RSAKey(2048).pkcs1_pem()
    put("multiline/app/.env", """
        APP_NAME=payments-gateway
        JWT_ISSUER=https://pay.acme.dev
        JWT_PRIVATE_KEY="«k5»"
        JWT_TTL=900
        """, S(k5, "pem", "rsa-private-key"), k5=k5)

    sa_json, pemk = gcp_service_account("acme-data-%s" % digits(6))
    put("multiline/gcp/bq-loader-sa.json", json.dumps(sa_json, indent=2),
        S(pemk, "gcp", "service-account-private-key", raw=jstr(pemk), encoding="json-escape"))

    ssh2 = openssh_rsa_pem(RSAKey(2048), "gha@deploy")
    put("multiline/github-actions/deploy.yml", """
        name: deploy
        on:
          push:
            branches: [main]
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@«sha»
              - name: ssh deploy
                uses: appleboy/ssh-action@«sha2»
                with:
                  host: app01.acme.dev
                  username: deploy
                  key: |
                    «k»
                  script: cd /srv/app && git pull && systemctl restart app
        """, S(ssh2, "ssh", "openssh-private-key", at=BO), k=indent(ssh2, 12), sha=hexs(40), sha2=hexs(40))

    pg = pgp_private_block("CI Signing <ci@acme.dev>")
    put("multiline/scripts/import-signing-key.sh", """
        #!/bin/bash
        # import the release signing key on a fresh runner
        gpg --batch --import <<'EOF'
        «pg»
        EOF
        gpg --list-secret-keys --keyid-format LONG
        """, S(pg, "pgp", "private-key-block"), pg=pg)

    k9 = RSAKey(2048)
    k9p = k9.pkcs8_pem()
    put("multiline/ruby/saml.rb", """
        settings = OneLogin::RubySaml::Settings.new
        settings.sp_entity_id = "https://app.acme.dev/saml/metadata"
        settings.idp_sso_service_url = "https://idp.acme.dev/sso"
        settings.idp_cert = <<~CERT
          «crt»
        CERT
        settings.private_key = <<~KEY
          «key»
        KEY
        """, S(k9p, "pem", "private-key", at=BP), crt=indent(RSAKey(1024).certificate_pem("idp.acme.dev", 5), 2),
        key=indent(k9p, 2))

    ssh3, _, _, _ = openssh_ed25519("argocd@repo")
    put("multiline/helm/argocd-repo-values.yaml", """
        configs:
          repositories:
            platform:
              url: git@github.com:acme/platform.git
              type: git
              sshPrivateKey: |-
                «k»
        """, S(ssh3, "ssh", "openssh-private-key", at=BO), k=indent(ssh3, 8))

    ec, _ = ec_p256_pem()
    put("multiline/docker/Dockerfile.signer", """
        # syntax=docker/dockerfile:1.7
        FROM alpine:3.20
        RUN apk add --no-cache openssl
        RUN <<EOF cat > /etc/signer/key.pem
        «ec»
        EOF
        COPY signer /usr/local/bin/signer
        ENTRYPOINT ["signer", "--key", "/etc/signer/key.pem"]
        """, S(ec, "pem", "ec-private-key"), ec=ec)

    fb_json, fbpem = gcp_service_account("acme-mobile-%s" % digits(4))
    fb_json["client_email"] = "firebase-adminsdk-%s@%s.iam.gserviceaccount.com" % (r(LALNUM, 5), fb_json["project_id"])
    put("multiline/firebase/serviceAccountKey.json", json.dumps(fb_json, indent=2),
        S(fbpem, "firebase", "admin-sdk-private-key", raw=jstr(fbpem), encoding="json-escape"))

    k12 = RSAKey(2048).pkcs1_pem()
    cjs = "\n".join("  '%s\\n' +" % l for l in k12.split("\n"))
    put("multiline/node/keys.js", """
        // key for signing webhook payloads
        module.exports.signingKey =
        «cjs»
          '';
        """, S(k12, "pem", "rsa-private-key", at=BR), cjs=cjs)

    # ---- negatives
    put("multiline/k8s/ca-bundle-configmap.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: corp-ca-bundle
        data:
          ca.crt: |
            «c»
        """, c=indent(RSAKey(1024).certificate_pem("Acme Corp Root", 11), 4))
    put("multiline/nginx/fullchain.pem", RSAKey(1024).certificate_pem("www.acme.dev", 123) + "\n" +
        RSAKey(1024).certificate_pem("Acme Intermediate", 12))
    put("multiline/docs/pem-format.md", """
        # PEM files

        A private key file looks like:

        ```
        -----BEGIN PRIVATE KEY-----
        <base64 of the PKCS#8 structure, 64 characters a line>
        -----END PRIVATE KEY-----
        ```

        In CI put it into a *file* variable; in Kubernetes use `kubectl create secret tls --key key.pem`.
        """)
    put("multiline/terraform/keys.tf", """
        resource "tls_private_key" "deploy" {
          algorithm = "ED25519"
        }

        resource "aws_key_pair" "deploy" {
          key_name   = "deploy"
          public_key = tls_private_key.deploy.public_key_openssh
        }

        output "deploy_private_key" {
          value     = tls_private_key.deploy.private_key_pem
          sensitive = true
        }

        locals {
          jump_host_key = "«pub»"
        }
        """, pub=openssh_ed25519("jump")[1])
    _, pubpem = ec_p256_pem()
    put("multiline/config/verify-keys.yaml", """
        webhooks:
          stripe:
            tolerance_seconds: 300
          internal:
            algorithm: ES256
            public_key: |
              «p»
        """, p=indent(pubpem, 6))


# ============================================================================= shared hard negatives
# Six more negative-only files per category, in the shapes that trip entropy and keyword rules:
# env templates, test settings with fake values, id/checksum exports, build logs, minified
# bundles, Kubernetes manifests that reference secrets without holding them.
NEG_VARS = {
    "ai": [("OPENAI_API_KEY", "sk-proj-"), ("ANTHROPIC_API_KEY", "sk-ant-api03-"), ("HF_TOKEN", "hf_"), ("GROQ_API_KEY", "gsk_")],
    "cloud": [("AWS_SECRET_ACCESS_KEY", ""), ("AWS_ACCESS_KEY_ID", "AKIA"), ("DIGITALOCEAN_TOKEN", "dop_v1_"), ("HEROKU_API_KEY", "HRKU-")],
    "communication": [("SLACK_BOT_TOKEN", "xoxb-"), ("SENDGRID_API_KEY", "SG."), ("TWILIO_AUTH_TOKEN", ""), ("DISCORD_TOKEN", "")],
    "crypto-keys": [("JWT_SECRET", ""), ("SIGNING_KEY", ""), ("SSH_PRIVATE_KEY", ""), ("ENCRYPTION_KEY", "")],
    "database": [("DATABASE_PASSWORD", ""), ("MONGO_PASSWORD", ""), ("REDIS_PASSWORD", ""), ("DATABRICKS_TOKEN", "dapi")],
    "generic": [("API_TOKEN", ""), ("ADMIN_PASSWORD", ""), ("CLIENT_SECRET", ""), ("WEBHOOK_SECRET", "")],
    "payment": [("STRIPE_SECRET_KEY", "sk_live_"), ("PLAID_SECRET", ""), ("SQUARE_ACCESS_TOKEN", "EAAA"), ("PAYPAL_CLIENT_SECRET", "")],
    "registry": [("NPM_TOKEN", "npm_"), ("PYPI_TOKEN", "pypi-"), ("DOCKERHUB_TOKEN", "dckr_pat_"), ("NUGET_API_KEY", "oy2")],
    "saas": [("LINEAR_API_KEY", "lin_api_"), ("NOTION_TOKEN", "ntn_"), ("SHOPIFY_ACCESS_TOKEN", "shpat_"), ("OKTA_API_TOKEN", "")],
    "vcs": [("GITHUB_TOKEN", "ghp_"), ("GITLAB_TOKEN", "glpat-"), ("BITBUCKET_APP_PASSWORD", "ATBB"), ("AZURE_DEVOPS_PAT", "")],
    "observability": [("DD_API_KEY", ""), ("NEW_RELIC_API_KEY", "NRAK-"), ("SENTRY_AUTH_TOKEN", "sntrys_"), ("GRAFANA_TOKEN", "glsa_")],
    "infrastructure": [("VAULT_TOKEN", "hvs."), ("TF_TOKEN_app_terraform_io", ""), ("DOPPLER_TOKEN", "dp.st."), ("TS_AUTHKEY", "tskey-auth-")],
    "ci-cd": [("CIRCLE_TOKEN", "CCIPAT_"), ("BUILDKITE_API_TOKEN", "bkua_"), ("SONAR_TOKEN", "squ_"), ("CODECOV_TOKEN", "")],
    "paperspace": [("PAPERSPACE_API_KEY", ""), ("GRADIENT_API_KEY", ""), ("PSPACE_API_KEY", ""), ("PAPERSPACE_TOKEN", "")],
    "encoded": [("ENV_FILE_B64", ""), ("DOCKER_AUTH_CONFIG", ""), ("BASIC_AUTH", ""), ("KUBECONFIG_B64", "")],
    "multiline": [("PRIVATE_KEY", ""), ("TLS_KEY", ""), ("SSH_KEY", ""), ("GPG_PRIVATE_KEY", "")],
}


def gen_shared_negatives():
    for cat, vars_ in NEG_VARS.items():
        slug = cat.replace("-", "_")
        (v1, p1), (v2, p2), (v3, p3), (v4, p4) = vars_
        put("%s/config/%s.env.template" % (cat, slug), """
            # «cat» settings: copy to .env and fill in (never commit the filled-in file)
            «v1»=${«v1»}
            «v2»=<your-«l2»>
            «v3»=
            «v4»="{{ .Values.«c4» }}"
            # example shapes, not real values:
            # «v1»=«p1»xxxxxxxxxxxxxxxxxxxxxxxx
            # «v2»=«p2»<redacted>
            LOG_LEVEL=info
            """, cat=cat, v1=v1, v2=v2, v3=v3, v4=v4, l2=v2.lower().replace("_", "-"), c4=v4.lower(), p1=p1, p2=p2)

        put("%s/tests/test_%s_settings.py" % (cat, slug), '''
            import pytest

            from app.settings import Settings, mask


            @pytest.fixture
            def env(monkeypatch):
                monkeypatch.setenv("«v1»", "fake-«l1»-for-tests")
                monkeypatch.setenv("«v2»", "«p2»" + "0" * 32)
                monkeypatch.setenv("«v3»", "dummy")
                return Settings.from_env()


            def test_mask(env):
                assert mask(env.«a1») == "fake…"


            def test_missing(monkeypatch):
                monkeypatch.delenv("«v4»", raising=False)
                with pytest.raises(KeyError):
                    Settings.from_env(required=["«v4»"])


            def test_fingerprint(env):
                assert env.fingerprint() == "«fp»"
            ''', v1=v1, v2=v2, v3=v3, v4=v4, l1=v1.lower().replace("_", "-"), a1=v1.lower(), p2=p2, fp=hexs(64))

        rows = ["event_id,object_id,commit,checksum_sha256,request_id,actor"]
        for _ in range(6):
            rows.append("%s,%s,%s,%s,%s,%s" % (uuid4(), hexs(24), hexs(40), hexs(64), hexs(30 if rng.random() < .5 else 32),
                                               r(LOWER, 6)))
        put("%s/data/%s-audit.csv" % (cat, slug), "# %s audit export\n" % cat + "\n".join(rows) + "\n")

        layers = "\n".join("#%d sha256:%s %d.%dMB / %d.%dMB %d.%ds done" % (
            i + 5, hexs(64), rng.randrange(1, 90), rng.randrange(10), rng.randrange(1, 90), rng.randrange(10),
            rng.randrange(1, 9), rng.randrange(10)) for i in range(4))
        put("%s/build/%s-build.log" % (cat, slug), """
            #1 [internal] load build definition from Dockerfile
            #2 [internal] load metadata for docker.io/library/node:20-alpine
            #3 [1/6] FROM docker.io/library/node:20-alpine@sha256:«d1»
            «layers»
            #9 [5/6] RUN npm ci --omit=dev
            #9 12.31 added 512 packages, and audited 513 packages in 11s
            #9 12.32 found 0 vulnerabilities
            #10 exporting to image
            #10 writing image sha256:«d2» done
            #10 naming to registry.acme.dev/«cat»:«tag» done
            build «cat» finished: commit=«sha» cache-key=«ck»
            """, d1=hexs(64), layers=layers, d2=hexs(64), cat=cat, tag=hexs(12), sha=hexs(40), ck=hexs(32))

        chunk = ",".join('%d:"%s"' % (rng.randrange(10, 999), hexs(8)) for _ in range(5))
        put("%s/static/%s.bundle.min.js" % (cat, slug),
            '/*! %s console | build %s */\n' % (cat, hexs(40)) +
            '(self.webpackChunk=self.webpackChunk||[]).push([[%d],{%d:function(e,t,n){"use strict";n.d(t,{A:function(){return o}});'
            'var r=n(%d),o=function(e){return r.createElement("div",{className:"%s %s","data-nonce":"%s"},e.children)}}}]);\n'
            % (rng.randrange(100, 999), rng.randrange(1000, 9999), rng.randrange(1000, 9999),
               "css-" + r(LALNUM, 7), "_" + r(ALNUM, 5) + "_" + r(LALNUM, 6), b64(rbytes(16))) +
            'var __chunks={%s};var __sri="sha384-%s";\n//# sourceMappingURL=%s.bundle.min.js.map\n' % (
                chunk, b64(rbytes(48)), slug))

        put("%s/k8s/%s-deployment.yaml" % (cat, slug), """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: «name»
              annotations:
                checksum/config: «c1»
                checksum/secret: «c2»
            spec:
              replicas: 2
              selector:
                matchLabels: {app: «name»}
              template:
                metadata:
                  labels: {app: «name»}
                spec:
                  containers:
                    - name: app
                      image: registry.acme.dev/«name»@sha256:«dig»
                      env:
                        - name: «v1»
                          valueFrom:
                            secretKeyRef: {name: «name»-secrets, key: «k1»}
                        - name: «v2»
                          valueFrom:
                            secretKeyRef: {name: «name»-secrets, key: «k2»}
                        - name: POD_UID
                          valueFrom:
                            fieldRef: {fieldPath: metadata.uid}
            """, name=cat + "-svc", c1=hexs(64), c2=hexs(64), dig=hexs(64), v1=v1, v2=v2,
            k1=v1.lower().replace("_", "-"), k2=v2.lower().replace("_", "-"))


# ============================================================================= main
GENERATORS = [gen_ai, gen_cloud, gen_communication, gen_crypto, gen_database, gen_generic, gen_payment, gen_registry,
              gen_saas, gen_vcs, gen_observability, gen_infrastructure, gen_cicd, gen_paperspace, gen_encoded,
              gen_multiline, gen_shared_negatives]


def main():
    global rng
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--fresh", action="store_true", help="draw from secrets.SystemRandom() instead of the fixed seed")
    args = ap.parse_args()
    if args.fresh:
        rng = secrets.SystemRandom()
    for gen in GENERATORS:
        gen()

    # every label's secret must be unique to its own occurrences: a secret that also turns up in an
    # unlabelled place would make that place a false "false positive"
    labelled = {}
    for lab in LABELS:
        labelled.setdefault(lab["secret"], set()).add(lab["path"])
    for path, text in FILES.items():
        for sec, paths in labelled.items():
            if len(sec) >= 12 and path not in paths and sec in text:
                raise SystemExit("secret of %s also appears unlabelled in %s" % (sorted(paths)[0], path))

    corpus = os.path.join(args.out, "corpus")
    if os.path.isdir(corpus):
        shutil.rmtree(corpus)
    for path in sorted(FILES):
        full = os.path.join(corpus, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        data = FILES[path]
        if path in CRLF:
            data = data.replace("\n", "\r\n")
        with open(full, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
    LABELS.sort(key=lambda l: (l["path"], l["line"]))
    with open(os.path.join(args.out, "labels.jsonl"), "w", encoding="utf-8") as fh:
        for lab in LABELS:
            fh.write(json.dumps(lab, sort_keys=False) + "\n")

    cats = {}
    for path in FILES:
        c = path.split("/", 1)[0]
        cats.setdefault(c, [0, 0, 0])
        cats[c][0] += 1
    pos_files = {l["path"] for l in LABELS}
    for l in LABELS:
        cats[l["category"]][2] += 1
    for path in pos_files:
        cats[path.split("/", 1)[0]][1] += 1
    print("%-15s %6s %9s %7s" % ("category", "files", "positive", "labels"))
    for c in sorted(cats):
        print("%-15s %6d %9d %7d" % (c, *cats[c]))
    print("%-15s %6d %9d %7d" % ("total", len(FILES), len(pos_files), len(LABELS)))
    print("providers: %d" % len({l["provider"] for l in LABELS}))


if __name__ == "__main__":
    main()
