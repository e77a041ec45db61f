const Rollbar = require("rollbar");

const rollbar = new Rollbar({
  accessToken: "7dba235d133b1e65b4c2dc7f02b00e87", // post_server_item
  captureUncaught: true,
  captureUnhandledRejections: true,
  environment: "production",
});

module.exports = rollbar;
