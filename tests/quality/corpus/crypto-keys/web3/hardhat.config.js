require("@nomicfoundation/hardhat-toolbox");

const DEPLOYER_PRIVATE_KEY = "0xcf89bf589d86c0da21840b3b0d7a3cf027c62170b27586ae6c49c0e8c1384463";
const TREASURY = "0x772276ae8559ff1e690209edf02109b1b9f3734b";

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
