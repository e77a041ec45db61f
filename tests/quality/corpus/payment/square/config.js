module.exports = {
  square: {
    environment: "production",
    applicationId: "sq0idp-GALKbRVSyH2sWqhbbnuErY",
    accessToken: "EAAA9uGXcNCpryR_BqhVmNJC8-SFtl15QW0sw_C1vnJCI-1oLd7coX-muMfKLwrB",
    oauthClientSecret: "sq0csp-8DKp2iMNyUOP1D4Yky1b8Fa79e8qpZ5kpAZ2ZHhRN3q",
    locationId: "LZCAIAYUX9IAE",
  },
};
