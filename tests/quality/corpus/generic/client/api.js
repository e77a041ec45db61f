const BASE = "https://partner-api.fulfil.example.net/v2";

export async function listShipments(page = 1) {
  const res = await fetch(`${BASE}/shipments?page=${page}`, {
    headers: {
      Authorization: "Bearer j08l9Gok1ebIkzr7uBy1NOYq7oFPHESamlWGdYYtMDU36ZuJ",
      "Content-Type": "application/json",
    },
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}
