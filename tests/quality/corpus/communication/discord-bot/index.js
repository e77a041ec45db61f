const { Client, GatewayIntentBits } = require("discord.js");

const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
const GUILD_ID = "266279982270055604";

client.once("ready", () => {
  console.log(`Logged in as ${client.user.tag}`);
});

client.on("messageCreate", (msg) => {
  if (msg.content === "!ping") msg.reply("pong");
});

client.login("Nzk2OTEyMDM1NDk2NTA5MTk2.5X10_e.NcKCLbcnMz5iGlkw-emsOWO-mXMGUMNlFYluxr");
