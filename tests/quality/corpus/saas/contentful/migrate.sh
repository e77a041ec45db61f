#!/bin/sh
contentful space migration \
  --space-id m7fcdl2albj2 \
  --environment-id master \
  --management-token CFPAT-XRPE4qU8J5_o26rMuR6Q9X09fpQLtTXPRc86tllhMGw \
  migrations/0007-add-hero.js
