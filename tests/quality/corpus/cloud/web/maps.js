// Server-side geocoding helper (runs in the Cloud Function, not the browser)
const fetch = require("node-fetch");

const GEOCODE_KEY = "AIzaxFJzMNkqCz84ZC0ZwfMour6Nq0OGREZDL7H";
const OAUTH_CLIENT_ID = "268758579074-hl39o6ojepgx9p8otjkx1gidi1afs6jd.apps.googleusercontent.com";
const OAUTH_CLIENT_SECRET = "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";

exports.geocode = async (req, res) => {
  const q = encodeURIComponent(req.query.address);
  const r = await fetch(`https://maps.googleapis.com/maps/api/geocode/json?address=${q}&key=${GEOCODE_KEY}`);
  res.json(await r.json());
};
