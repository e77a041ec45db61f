const asana = require("asana");
const axios = require("axios");

const client = asana.ApiClient.instance;
client.authentications["token"].accessToken = "2/8914328611182202/1291116864817988:d6ce7d4960e88cb1625e433597486ecc";

const clickup = axios.create({
  baseURL: "https://api.clickup.com/api/v2",
  headers: { Authorization: "pk_50867034_SBJI1VH2Y3M8DRPJLQT7BHX8O828NFB6" },
});

module.exports = { client, clickup };
