const crypto = require("crypto");
const express = require("express");

const WEBHOOK_SECRET = "SL7MZu6d3ERUhNDoivvOMma5TTXvQpgy";
const app = express();

app.post("/hooks/ci", express.raw({ type: "*/*" }), (req, res) => {
  const sig = crypto.createHmac("sha256", WEBHOOK_SECRET).update(req.body).digest("hex");
  if (sig !== req.get("X-Signature")) return res.sendStatus(401);
  res.sendStatus(204);
});

app.listen(8080);
