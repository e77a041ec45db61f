CREATE TABLE users (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email       TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    api_key_prefix CHAR(8),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- seed admin (password set on first login; hash of a random throwaway)
INSERT INTO users (id, email, password_hash, api_key_prefix)
VALUES ('c62ca04c-ee93-444a-b0ed-30ec04abb178', 'admin@acme.dev', '$2b$12$vqGZEbsYwJ.xrFbCvfTmJIHLK9HGg3KsbniakVKvnTMVy2toZZ/mU', 'bf077ce3');

CREATE INDEX users_email_md5 ON users (md5(email));
-- checksum: 59fd6a01ebc40ffd5ef1423a8bf58a550adf964c833e3951a1f62bacfb2f5b76
