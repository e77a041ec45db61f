const paperspace_node = require("paperspace-node");

const paperspace = paperspace_node({
  apiKey: "ad5b62d30240" + "e4bed597997793fca4",
});

paperspace.machines.list((err, res) => {
  if (err) throw err;
  console.log(res.map((m) => m.name));
});
