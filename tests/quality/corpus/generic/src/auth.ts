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
